"""How the demo's generators spread records over time: counts per month that add up exactly,
and receipt times within each month's office hours."""

from __future__ import annotations

import numpy as np


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer counts proportional to weights that add up to exactly `total`."""
    share = weights / weights.sum() * total
    counts = np.floor(share).astype(int)
    counts[np.argsort(share - counts)[::-1][: total - counts.sum()]] += 1
    return counts


def received_times(rng: np.random.Generator, months: dict[tuple[int, int], int]) -> np.ndarray:
    parts = []
    for (year, month), count in months.items():
        first = np.datetime64(f"{year}-{month:02d}-01")
        days = (np.datetime64(f"{year + month // 12}-{month % 12 + 1:02d}-01") - first).astype(int)
        day = rng.integers(0, days, count)
        minute = rng.integers(8 * 60, 18 * 60, count)
        parts.append(first.astype("datetime64[m]") + day * 24 * 60 + minute)
    return np.sort(np.concatenate(parts)) if parts else np.array([], dtype="datetime64[m]")
