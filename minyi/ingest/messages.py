"""Rejection reasons in Chinese, in one place, each naming file, row and column.

The import SQL reports problems as codes; this module turns them into the sentences an
analyst reads in the summary and in the quarantine file.
"""

from __future__ import annotations

from minyi.ingest.fields import FIELD_LABELS

REASONS = {
    "missing": "「{column}」为空",
    "bad_date": "「{column}」的日期「{value}」无法识别",
    "future": "「{column}」的时间「{value}」晚于导入时间",
    "too_early": "「{column}」的日期「{value}」早于1990年，疑似填写错误",
    "closed_before_received": "「{column}」「{value}」早于受理时间",
    "bad_deadline": "「{column}」「{value}」既不是日期，也不是“5个工作日”“60天”这样的期限",
    "deadline_before_received": "「{column}」「{value}」早于受理时间",
    "calendar_gap": "无法按规则计算办理时限（受理时间「{value}」）",
    "unknown_value": "「{column}」的值「{value}」无法识别，可在映射文件的 [values.{field}] 中说明它的含义",
    "duplicate_in_file": "编号在本文件中重复出现，以第{value}行为准",
    "repeated_in_file": "与第{value}行是同一项（同一日期和服务中心，或同一年度、层级和事项），以第{value}行为准",
    "bad_number": "「{column}」的值「{value}」不是数字",
    "bad_count": "「{column}」的值「{value}」不是非负整数",
    "bad_year": "「{column}」的值「{value}」不是年份（应写成2012或2012年）",
    "column_count": "该行的列数与表头不一致：{value}",
    "precision_lost_id": "「{column}」的编号「{value}」是科学计数法或超过15位的数字，Excel 已丢失精度；请把该列设为文本后重新导出",
    "closed_before_reported": "「{column}」「{value}」早于事件的上报（发现）时间",
    "out_of_scope": "「{column}」“{value}”不属于本账号的范围，本账号只能导入本单位的案件和测评（其他单位的请县级分析员导入）",
    "other_rules": "「{column}」“{value}”与现行考核细则的名称不符（评分表须由现行细则生成）",
    "bad_period": "「{column}」“{value}”无法识别（应写成2012年、2012年上半年或2012年第三季度）",
    "unknown_unit": "「{column}」“{value}”不是考核细则中的受考核单位",
    "unknown_item": "「{column}」“{value}”不是考核细则中的手工评分或民意测评项目",
    "unknown_level": "「{column}」“{value}”不是该民意测评项目的档次",
    "above_max": "「{column}」{value}，超出该项目的分值范围",
    "repeated_entry": "与第{value}行是同一单位的同一项目，以第{value}行为准",
    "not_entered": "「{column}」未填写，本行未导入（该项显示为未录入）",
    "points_on_votes": "「{column}」填了「{value}」，但该项目是民意测评，只填票数（请清空得分）",
}


# Short names of the reasons, for counts in summaries ("日期无法识别：12 行").
REASON_LABELS = {
    "missing": "必填项为空",
    "bad_date": "日期无法识别",
    "future": "时间晚于导入时间",
    "too_early": "日期早于1990年",
    "closed_before_received": "办结早于受理",
    "bad_deadline": "办理时限无法识别",
    "deadline_before_received": "办理时限早于受理",
    "calendar_gap": "无法计算办理时限",
    "unknown_value": "取值无法识别",
    "duplicate_in_file": "编号重复",
    "repeated_in_file": "同一项重复",
    "bad_number": "不是数字",
    "bad_count": "数量不是非负整数",
    "bad_year": "年份无法识别",
    "column_count": "列数与表头不符",
    "precision_lost_id": "编号精度已丢失",
    "closed_before_reported": "结案早于上报",
    "out_of_scope": "不在账号范围内",
    "other_rules": "考核名称不符",
    "bad_period": "考核期间无法识别",
    "unknown_unit": "受考核单位不在细则中",
    "unknown_item": "考核项目不在细则中",
    "unknown_level": "测评档次无法识别",
    "above_max": "得分超出分值",
    "repeated_entry": "同一项目重复",
    "not_entered": "未填写",
    "points_on_votes": "民意测评项目填了得分",
}


def describe(code: str, field: str, value: str | None, headers: dict[str, str]) -> str:
    """One problem as a sentence; `headers` maps fields to the column names in the file."""
    column = headers.get(field) or FIELD_LABELS.get(field, field)
    return REASONS[code].format(column=column, value=value if value is not None else "", field=field)


def locate(file_name: str, row: int, text: str) -> str:
    return f"{file_name} 第{row}行：{text}"
