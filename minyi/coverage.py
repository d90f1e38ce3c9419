"""Which fields the loaded exports carry, per source, so that no rate rests on a column that was
never exported.

An export without a 办结时间 column leaves every case open: counted as is, 办结率 would read 0% and
every case would be overdue. So a rate, a count or a breakdown that needs a field is 无数据 (with
the reason) when no source in view carries it. With both sources in view and only one carrying
it, the number covers that source alone and says so (仅含信访): it is what the data supports, and
the label keeps it from passing for the whole county.

Closures and repeat flags are also known per case (`closure_known`, `repeat_known`): one source's
2020 export may lack the closure column its 2024 export has. Read for a scope, the coverage counts
the cases in view that carry each; a number needing it covers those cases and says how many
(仅含导出载明办结时间的90件，另60件的导出文件无办结时间列), and is 无数据 when none does.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from minyi import case_cells, db, view_cache
from minyi.scope import SOURCE_LABELS, Scope

FIELD_LABELS = {"closed_at": "办结时间", "satisfaction": "回访结果", "is_repeat": "重复件标记",
                "township": "乡镇（街道）", "department": "承办部门", "channel": "受理渠道", "category": "问题类别"}
# The field each number needs (numbers not listed need only receipt dates).
NEEDS = {"closed": "closed_at", "completion_rate": "closed_at", "on_time_rate": "closed_at", "overdue_open": "closed_at",
         "satisfaction_rate": "satisfaction", "repeat_cases": "is_repeat"}
NO_DATA = "无数据"
# Fields known per case (cases.closure_known, cases.repeat_known) and their case_cells column.
CASE_FIELDS = {"closed_at": "closure_known", "is_repeat": "repeat_known"}
NUMBER_NAMES = {"closed": "办结件数", "completion_rate": "办结率", "on_time_rate": "按时办结率", "satisfaction_rate": "满意率",
                "overdue_open": "超期未办结", "repeat_cases": "重复件"}


@dataclass(frozen=True)
class Coverage:
    """Per source with cases, the fields its exports carry (`carried`: (source, field) pairs), and,
    when read for a scope, per source and field of CASE_FIELDS the cases in view and how many of
    them an export with that column carried (`in_cases`: (source, field, received, known))."""

    sources: tuple[str, ...]
    carried: frozenset[tuple[str, str]]
    in_cases: tuple[tuple[str, str, int, int], ...] = ()
    unknown: frozenset[tuple[str, str, int]] = frozenset()  # (source, field, cases lacking it), all loaded

    def known_cases(self, field: str, source: str | None = None) -> tuple[int, int, int]:
        """Cases in view, how many of them carry `field`, and how many lack it although their
        source's exports carry it elsewhere (0, 0, 0 when not read for a scope)."""
        view, having = self.in_view(source), self.sources_with(field, source)
        rows = [(s, received, known) for s, f, received, known in self.in_cases if f == field and s in view]
        return (sum(r for _, r, _ in rows), sum(k for _, _, k in rows),
                sum(r - k for s, r, k in rows if s in having))

    def in_view(self, source: str | None) -> tuple[str, ...]:
        return tuple(s for s in self.sources if source is None or s == source)

    def sources_with(self, field: str, source: str | None = None) -> tuple[str, ...]:
        """The sources in view that carry `field`."""
        return tuple(s for s in self.in_view(source) if (s, field) in self.carried)

    def keep_sources_with(self, field: str, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of `table` (with a `source` column) whose source carries `field`: a breakdown by
        township leaves out a source whose exports have no township column, rather than show
        all its cases as one （未填写） unit (the chart says so through `partial`)."""
        return table[table["source"].isin(self.sources_with(field))]

    def missing(self, field: str, source: str | None = None) -> bool:
        """True when sources are in view and none of them carries `field`, or, read for a scope,
        cases are in view and none of them carries it."""
        received, known, _ = self.known_cases(field, source)
        return bool(self.in_view(source)) and (not self.sources_with(field, source) or (received > 0 and not known))

    def reason(self, field: str, source: str | None = None) -> str | None:
        """Why a number needing `field` is 无数据 (导出文件无办结时间列), or None when it is not."""
        if not self.missing(field, source):
            return None
        return f"导出文件无{FIELD_LABELS[field]}列"

    def partial(self, field: str, source: str | None = None) -> str | None:
        """仅含信访（投诉导出文件无办结时间列） when only some sources in view carry `field`;
        仅含导出载明办结时间的90件，另60件的导出文件无办结时间列 when, read for a scope, cases in
        view lack it whose source carries it in other exports."""
        received, known, unexplained = self.known_cases(field, source)
        if unexplained and known:
            return (f"仅含导出载明{FIELD_LABELS[field]}的{known}件，"
                    f"另{received - known}件的导出文件无{FIELD_LABELS[field]}列")
        having = self.sources_with(field, source)
        lacking = [s for s in self.in_view(source) if s not in having]
        if not having or not lacking:
            return None
        return (f"仅含{'、'.join(SOURCE_LABELS[s] for s in having)}"
                f"（{'、'.join(SOURCE_LABELS[s] for s in lacking)}导出文件无{FIELD_LABELS[field]}列）")

    def gaps(self) -> str:
        """One line per source whose exports lack fields, for the 数据 page ("" when none lack any)."""
        lines = []
        for source in self.sources:
            lacking = [label for field, label in FIELD_LABELS.items() if (source, field) not in self.carried]
            if lacking:
                lines.append(f"{SOURCE_LABELS[source]}导出文件无{'、'.join(lacking)}列：需要这些字段的指标显示为{NO_DATA}。")
            partly = [(FIELD_LABELS[field], count) for s, field, count in sorted(self.unknown)
                      if s == source and count and (source, field) in self.carried]
            for label, count in partly:
                lines.append(f"{SOURCE_LABELS[source]}有{count}件的导出文件无{label}列：需要该字段的指标只计其余案件，并注明。")
        return "\n\n".join(lines)

    def unsupported(self, source: str | None = None) -> dict[str, str]:
        """Every number of NEEDS that is 无数据 in view, with its reason."""
        return {number: self.reason(field, source) for number, field in NEEDS.items() if self.missing(field, source)}


@view_cache.memoised
def read(con: duckdb.DuckDBPyConnection, scope: Scope | None = None) -> Coverage:
    """The coverage of the loaded cases, and with `scope` of the cases in view (memoised per
    snapshot by a SnapshotReader; the scope's cells are those minyi.metrics adds up)."""
    rows = db.run(con, "source_fields")
    in_cases: tuple[tuple[str, str, int, int], ...] = ()
    if scope is not None:
        cells = case_cells.cells(con, scope)
        in_cases = tuple((source, field, int(group["received"].sum()),
                          int(group["received"][group[flag].fillna(False).astype(bool)].sum()))
                         for field, flag in CASE_FIELDS.items() for source, group in cells.groupby("source"))
    lacking = db.run(con, "fields_known").itertuples(index=False)
    unknown = frozenset((s, field, int(count)) for s, closure, repeat in lacking
                        for field, count in (("closed_at", closure), ("is_repeat", repeat)))
    return Coverage(tuple(s for s in SOURCE_LABELS if s in set(rows["source"])),
                    frozenset((s, f) for s, f, present in rows.itertuples(index=False) if present), in_cases, unknown)
