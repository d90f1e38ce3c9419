"""The 基本情况 of a briefing in Chinese generated from the numbers (volumes, rates, the backlog, repeat
cases, with their 同比 and 环比), every template in TEMPLATES; the charts' sentences are minyi.takeaways'.

Wording must stay grammatical whatever the numbers do: a fall reads 下降29.5% (never 下降-29.5%),
a change that rounds to zero reads 持平, and a missing baseline says so instead of dividing by zero.
"""

from __future__ import annotations

from minyi import config, coverage, formatting, metrics
from minyi.periods import NO_POP_BASELINE, pop_baseline, prose_label

RISE, FALL, FLAT = "上升", "下降", "持平"
RATE_RISE, RATE_FALL = "提高", "下降"

TEMPLATES = {
    "received": "{period}，{subject}共受理{parts}。",
    "received_first": "{noun}{count}{changes}{latest}",
    "received_next": "受理{noun}{count}{changes}{latest}",
    "received_none": "未受理{noun}",
    "latest_month": "，其中{month}受理{count}，{change}",
    "latest_month_none": "，其中{month}未受理",
    "completion_rate": "办结{closed}，办结率{rate}{changes}。",
    "on_time_rate": "按时办结率{rate}{basis}{changes}。",
    "deadline_basis": "（办理期限由导出文件载明{stated}、按规则推定{assumed}）",
    "deadline_all_stated": "（{stated}的办理期限均由导出文件载明）",
    "deadline_all_assumed": "（{assumed}的办理期限均按规则推定）",
    "deadline_stated_only": "（仅计导出文件载明办理期限的{stated}，按规则推定期限的{assumed}未计入）",
    "unsupported": "{names}无数据（{reason}）。",
    "covers_only": "（{note}）",
    "satisfaction_rate": "回访满意率{rate}（已评价{rated}）{changes}。",
    "overdue_open": "截至{end}，{subject}超期未办结{count}{changes}。",
    "overdue_none": "截至{end}，{subject}无超期未办结件。",
    "repeat_cases": "重复件{count}，占受理量的{share}{changes}。",
    "repeat_none": "无重复件{covers}。",
    "no_cases": "{period}，{subject}未受理{noun}。",
    "no_rate": "{name}暂无可计算的数据。",
}
# {baseline}: 上年同期 for 同比, the period kind's word for 环比 (上月, 上季度: periods.pop_baseline)
NO_BASELINE = "{baseline}无可比数据"
ZERO_BASELINE = "{baseline}为0件"  # the period had cases, none of this kind
ZERO_NOW = "{baseline}{count}"  # down to 0: not "下降100.0%"
# What a source's cases are called in a sentence (by Scope.source_label): 受理信访事项2397件.
SOURCE_NOUNS = {"信访": "信访事项", "投诉": "投诉", "信访和投诉": "信访和投诉事项"}
COUNTY_SUBJECT = "全县"
RATE_NAMES = {"completion_rate": "办结率", "on_time_rate": "按时办结率", "satisfaction_rate": "回访满意率"}


def count_change(comparison: str, change: float | None, earlier: float | None = None,
                 pop_baseline: str = NO_POP_BASELINE) -> str:
    """同比下降29.5% / 同比持平 / 上年同期无可比数据, from a relative change; given the compared
    count `earlier`, a base below MINYI_COMPARISON_MIN_BASE is quoted instead (上年同期仅3件).
    `pop_baseline` names what a 环比 compares with (上月, 上季度)."""
    quoted = formatting.small_base(earlier, comparison, config.comparison_min_base(), pop_baseline)
    if quoted:
        return quoted
    if formatting.is_missing(change):
        return NO_BASELINE.format(baseline=formatting.baseline_name(comparison, pop_baseline))
    if round(change * 100, 1) == 0:
        return f"{comparison}{FLAT}"
    return f"{comparison}{RISE if change > 0 else FALL}{abs(change) * 100:.1f}%"


def rate_change(comparison: str, current: float | None, earlier: float | None, earlier_base: int | None = None,
                pop_baseline: str = NO_POP_BASELINE) -> str:
    """同比提高0.3个百分点 / 同比持平 / 上年同期无可比数据, from two rates; given the compared rate's
    denominator `earlier_base`, one below MINYI_COMPARISON_MIN_BASE is quoted instead (上年同期仅1件)."""
    if formatting.is_missing(current) or formatting.is_missing(earlier):
        return NO_BASELINE.format(baseline=formatting.baseline_name(comparison, pop_baseline))
    quoted = formatting.small_base(earlier_base, comparison, config.comparison_min_base(), pop_baseline)
    if quoted:
        return quoted
    points = current - earlier
    if round(points * 100, 1) == 0:
        return f"{comparison}{FLAT}"
    return f"{comparison}{RATE_RISE if points > 0 else RATE_FALL}{abs(points) * 100:.1f}个百分点"


def changes_clause(row, column: str, is_rate: bool, pop_baseline: str = NO_POP_BASELINE) -> str:
    """"，同比…，环比…" of one number, as far as the row carries them ("" when it carries none).
    A count that was 0 in a comparison period with cases reads 上年同期为0件, not 无可比数据; one
    that fell to 0 reads 上年同期7件, not 下降100.0%. `pop_baseline`: 上月 / 上季度 (环比's period)."""
    parts = []
    for comparison, suffix in (("同比", "last_year"), ("环比", "previous")):
        if f"{column}_{suffix}" not in row:
            continue
        earlier = row[f"{column}_{suffix}"]
        baseline = formatting.baseline_name(comparison, pop_baseline)
        if is_rate:
            parts.append(rate_change(comparison, row[column], earlier, row.get(f"{metrics.RATE_BASES[column]}_{suffix}"),
                                     pop_baseline))
        elif not earlier and column != "received" and row.get(f"received_{suffix}"):
            parts.append(ZERO_BASELINE.format(baseline=baseline))
        elif not row[column] and earlier and not formatting.is_missing(earlier):
            parts.append(ZERO_NOW.format(baseline=baseline, count=formatting.prose_count(earlier)))
        else:
            parts.append(count_change(comparison, metrics.change(row[column], earlier), earlier, pop_baseline))
    return "".join(f"，{part}" for part in parts)


def source_noun(source_label: str) -> str:
    """信访事项 / 投诉 / 信访和投诉事项: what a sentence calls the cases of a source label."""
    return SOURCE_NOUNS.get(source_label, source_label)


def subject_of(scope) -> tuple[str, str]:
    """Who a sentence is about and which cases: (全县, ""), (河口镇, ""), (县住建局, ""), and with
    more filters a qualifier of the cases: (河口镇, 县住建局承办的城乡建设类)."""
    subject = scope.township or scope.department or COUNTY_SUBJECT
    qualifier = f"{scope.department}承办的" if scope.township and scope.department else ""
    if scope.category:
        qualifier += scope.category if scope.category.endswith("类") else f"{scope.category}类"
    return subject, qualifier


def latest_month_label(scope) -> str | None:
    """The latest month whose 环比 a 1–N月 period states (9月; 9月1日至15日 when cut at the data's
    end), or None when 环比 is of the whole period or there is none."""
    windows = scope.pop_windows() if scope.comparable else None
    if windows is None or not windows.latest_month_only:
        return None
    return prose_label(windows.current).removeprefix(f"{windows.current.start.year}年")


def received_sentence(sources, period_label: str, subject: str = COUNTY_SUBJECT, latest: str | None = None,
                      qualifier: str = "", pop_baseline: str = NO_POP_BASELINE) -> str:
    """2012年1-9月，全县共受理信访事项2397件，同比下降29.5%；受理投诉31234件，同比上升12.4%。 — each
    source on its own, in the order given (信访 first); `sources`: (source label, metrics.headline
    row) pairs. With `latest` (the latest month of 1–N月, 9月), each source adds the month and its
    环比: ，其中9月受理250件，环比下降3.1%."""
    received = [(label, row) for label, row in sources if row["received"]]
    parts = [TEMPLATES["received_first" if not index else "received_next"].format(
        noun=qualifier + source_noun(label), count=formatting.prose_count(row["received"]),
        changes=changes_clause(row, "received", False, pop_baseline), latest=_latest_month(row, latest))
        for index, (label, row) in enumerate(received)]
    parts += [TEMPLATES["received_none"].format(noun=qualifier + source_noun(label))
              for label, row in sources if not row["received"]]
    return TEMPLATES["received"].format(period=period_label, subject=subject, parts="；".join(parts))


def _latest_month(row, latest: str | None) -> str:
    """，其中9月受理250件，环比下降3.1% (the 环比 of 1–N月, metrics.LATEST_MONTH), or ""."""
    if latest is None or "month_received" not in row:
        return ""
    count, earlier = row["month_received"], row["month_received_previous"]
    if not count:
        return TEMPLATES["latest_month_none"].format(month=latest)
    if not earlier:  # a change from nothing is not a percentage, and 无可比数据 says nothing either
        return TEMPLATES["latest_month"].format(month=latest, count=formatting.prose_count(count), change="")[:-1]
    month = pop_baseline("ytd")  # 9月环比 compares with the month before: 上月仅7件
    change = count_change("环比", metrics.change(count, earlier), earlier, month)
    return TEMPLATES["latest_month"].format(month=latest, count=formatting.prose_count(count), change=change)


def kpi_sentences(row, period_label: str, end_label: str, source_label: str,
                  unsupported: dict[str, str] | None = None, partial: dict[str, str] | None = None,
                  assumed_deadlines: bool = True, subject: str = COUNTY_SUBJECT, sources=(),
                  latest: str | None = None, qualifier: str = "", pop_baseline: str = NO_POP_BASELINE
                  ) -> dict[str, str]:
    """One sentence per headline number, keyed like the metrics columns. `row` is a row of
    metrics.headline (rates, their denominators, and the comparison columns); `period_label` as
    prose writes it (periods.prose_label); `subject` names the unit (全县, 河口镇); `sources` the
    (source label, row) pairs the volume sentence states one by one (else `row` as `source_label`);
    `latest` the month whose 环比 a 1–N月 period states and `qualifier` the cases (see
    received_sentence, subject_of).

    A number in `unsupported` (number → reason, minyi.coverage) gets no sentence of its own: one
    sentence under the key `unsupported` says which are 无数据 and why. A number in `partial`
    (number → 仅含信访…) says what it covers. The on-time rate says how many of its deadlines the
    export stated and how many a rule assumed (not counted without `assumed_deadlines`). A count
    of 0 gets one short clause (无重复件), never a share or a change."""
    unsupported, partial = unsupported or {}, partial or {}
    if not row["received"]:  # nothing received, but an older backlog may still be overdue
        sentences = {"received": TEMPLATES["no_cases"].format(period=period_label, subject=subject,
                                                              noun=qualifier + source_noun(source_label))}
        if "overdue_open" not in unsupported and row["overdue_open"]:
            sentences["overdue_open"] = _overdue(row, end_label, subject, partial.get("overdue_open"), pop_baseline)
        return sentences
    sentences = {"received": received_sentence(list(sources) or [(source_label, row)], period_label, subject, latest,
                                               qualifier, pop_baseline)}
    for rate, extra in (("completion_rate", {"closed": formatting.prose_count(row["closed"])}),
                        ("on_time_rate", {"basis": deadline_basis(row, assumed_deadlines)}),
                        ("satisfaction_rate", {"rated": formatting.prose_count(row["rated"])})):
        if rate in unsupported:
            continue
        if formatting.is_missing(row[rate]):
            sentences[rate] = TEMPLATES["no_rate"].format(name=RATE_NAMES[rate])
        else:
            sentences[rate] = TEMPLATES[rate].format(rate=formatting.percent(row[rate]) + _covers(partial.get(rate)),
                                                     changes=changes_clause(row, rate, True, pop_baseline), **extra)
    if "overdue_open" not in unsupported:
        sentences["overdue_open"] = _overdue(row, end_label, subject, partial.get("overdue_open"), pop_baseline)
    if "repeat_cases" not in unsupported:
        sentences["repeat_cases"] = _repeats(row, partial.get("repeat_cases"), pop_baseline)
    if unsupported:
        sentences["unsupported"] = unsupported_sentence(unsupported)
    return sentences


def _repeats(row, note: str | None, pop_baseline: str = NO_POP_BASELINE) -> str:
    if not row["repeat_cases"]:
        return TEMPLATES["repeat_none"].format(covers=_covers(note))
    base = row.get("repeat_received", row["received"])
    return TEMPLATES["repeat_cases"].format(
        count=formatting.prose_count(row["repeat_cases"]) + _covers(note),
        share=formatting.percent(row["repeat_cases"] / base if base else None),
        changes=changes_clause(row, "repeat_cases", False, pop_baseline))


def unsupported_sentence(unsupported: dict[str, str]) -> str:
    """办结率、按时办结率、超期未办结无数据（导出文件无办结时间列）。 — one sentence per reason."""
    by_reason: dict[str, list[str]] = {}
    for number, reason in unsupported.items():
        by_reason.setdefault(reason, []).append(coverage.NUMBER_NAMES[number])
    return "".join(TEMPLATES["unsupported"].format(names="、".join(names), reason=reason)
                   for reason, names in by_reason.items())


def deadline_basis(row, assumed_deadlines: bool = True) -> str:
    """（办理期限由导出文件载明20件、按规则推定100件）: how many deadlines behind 按时办结率 the export
    stated and how many a rule assumed ("" for a row without those counts)."""
    if "deadlines_stated" not in row:
        return ""
    if not row["deadlines_stated"] and not row["deadlines_assumed"]:
        return ""
    template = ("deadline_stated_only" if not assumed_deadlines and row["deadlines_assumed"] else
                "deadline_all_stated" if not row["deadlines_assumed"] else
                "deadline_all_assumed" if not row["deadlines_stated"] else "deadline_basis")
    return TEMPLATES[template].format(stated=formatting.prose_count(row["deadlines_stated"]),
                                      assumed=formatting.prose_count(row["deadlines_assumed"]))


def _covers(note: str | None) -> str:
    """（仅含信访…）, what a number covers, to follow it; "" when it covers every source in view."""
    return TEMPLATES["covers_only"].format(note=note) if note else ""


def _overdue(row, end_label: str, subject: str = COUNTY_SUBJECT, note: str | None = None,
             pop_baseline: str = NO_POP_BASELINE) -> str:
    if not row["overdue_open"]:
        return TEMPLATES["overdue_none"].format(end=end_label, subject=subject)[:-1] + _covers(note) + "。"
    return TEMPLATES["overdue_open"].format(end=end_label, subject=subject,
                                            count=formatting.prose_count(row["overdue_open"]) + _covers(note),
                                            changes=changes_clause(row, "overdue_open", False, pop_baseline))


def prose_count(value, unit: str = "件") -> str:
    """A count in running text: 2397件, without the thousands comma tables use."""
    return f"{int(value)}{unit}"


def listed_names(parts: list[str]) -> str:
    """A、B、C: names in a sentence."""
    return "、".join(parts)
