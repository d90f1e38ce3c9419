"""The fields Minyi stores and the column names real exports use for them (Chinese, and English
for exports of 311-style systems).

This is the one dictionary of export vocabulary: header aliases per field, the headers that
carry personal data (dropped on read), and the value spellings normalised on import. A
county whose export says something else adds a mapping file instead of editing this list.
"""

from __future__ import annotations

import re

CASE_FIELDS: dict[str, tuple[str, ...]] = {
    "case_id": ("工单编号", "信访件编号", "信访编号", "信访件号", "件编号", "案件编号", "诉求编号", "受理编号",
                "登记编号", "工单号", "编号", "流水号"),
    "channel": ("来源渠道", "受理渠道", "信访方式", "信访形式", "反映渠道", "诉求渠道", "渠道", "来源方式", "受理方式"),
    "received_at": ("受理时间", "登记日期", "登记时间", "来电时间", "信访时间", "信访日期", "受理日期", "创建时间",
                    "来信来访日期", "反映时间", "诉求时间", "投诉时间", "来件时间"),
    "township": ("所属街镇", "问题属地", "所属乡镇", "所属街道", "所属乡镇（街道）", "所属乡镇(街道)", "乡镇（街道）", "乡镇(街道)",
                 "乡镇街道", "乡镇", "街镇", "问题归属地", "被反映街乡镇", "所属区域", "属地", "涉及乡镇"),
    "village": ("村（社区）", "村(社区)", "所属村（社区）", "所属村(社区)", "村社区", "所属村居", "村居", "社区"),
    "department": ("承办单位", "责任单位", "办理单位", "处理单位", "当前处理单位", "承办部门", "责任部门",
                   "二级承办单位", "主办单位"),
    "category": ("诉求类型", "问题类别", "内容分类", "问题分类", "诉求分类", "业务类别", "事项类别", "一级分类",
                 "问题类型", "信访类别", "投诉类别"),
    "deadline": ("办理时限", "办结时限", "截止时间", "办理期限", "应办结时间", "要求办结时间", "时限"),
    "extended": ("是否延期", "延期", "延期办理"),
    "closed_at": ("办结时间", "办结日期", "结案时间", "答复时间", "案件实际结束时间", "完成时间"),
    "satisfaction": ("回访结果", "满意度评价", "满意度", "回访满意度", "评价结果", "是否满意", "群众评价"),
    "is_repeat": ("是否重复件", "重复件", "是否重复信访", "是否重复"),
    "summary": ("主要内容", "诉求内容", "内容摘要", "信访事项", "反映内容", "问题描述", "诉求摘要", "来电内容",
                "摘要", "信访内容", "投诉内容"),
    "person_name": ("姓名", "来电人", "来访人", "信访人", "信访人姓名", "诉求人", "反映人", "投诉人", "举报人", "联系人",
                    "当事人", "来电人姓名", "市民姓名"),
}
# English headers of 311-style service-request exports, matched case-insensitively. Where a file
# has two aliases of one field (Borough and Council District), the one listed first is used.
ENGLISH_CASE_FIELDS: dict[str, tuple[str, ...]] = {
    "case_id": ("Unique Key", "Service Request ID", "Service Request Number", "Case ID", "Case Number",
                "Request ID", "SR Number", "Ticket ID", "Ticket Number"),
    "channel": ("Open Data Channel Type", "Channel", "Source", "Request Channel", "Method Received",
                "Intake Channel"),
    "received_at": ("Created Date", "Opened", "Open Date", "Date Opened", "Requested Datetime", "Date Created",
                    "Received Date", "Date Received", "Created"),
    "township": ("Neighborhood", "Neighbourhood", "Ward", "Borough", "Council District", "District"),
    "department": ("Agency", "Department", "Responsible Agency", "Assigned Department", "Responsible Department"),
    "category": ("Complaint Type", "Request Type", "Category", "Service Name", "Problem Type", "Issue Type"),
    "deadline": ("Due Date", "Resolution Due", "Resolution Due Date", "Target Date", "SLA Due Date"),
    "closed_at": ("Closed Date", "Closed", "Close Date", "Date Closed", "Closed Datetime", "Resolved Date"),
    "satisfaction": ("Satisfaction", "Survey Result"),
    "summary": ("Descriptor", "Description", "Request Details", "Details"),
}
for _field, _aliases in ENGLISH_CASE_FIELDS.items():
    CASE_FIELDS[_field] += _aliases
CASE_REQUIRED = ("case_id", "received_at")
# Headers of no Minyi field that still mark a header row (the export's own bookkeeping).
OTHER_HEADERS = ("Status", "Resolution Description", "Resolution Action Updated Date", "Location Type",
                 "Agency Name", "Descriptor 2", "City", "Incident Zip", "办理状态", "状态", "办理结果", "答复内容")

SURVEY_FIELDS: dict[str, tuple[str, ...]] = {
    "survey_name": ("测评名称", "调查名称", "问卷名称", "活动名称", "测评活动"),
    "survey_date": ("测评日期", "调查日期", "测评时间", "调查时间", "填报时间", "提交时间", "答卷时间"),
    "township": CASE_FIELDS["township"],
    "department": CASE_FIELDS["department"] + ("被测评单位", "测评对象", "被评单位"),
    "respondent_group": ("评价群体", "受访群体", "测评群体", "参评人员类别", "身份类别", "人员类别", "群体"),
    "item": ("测评项目", "测评内容", "评价项目", "测评指标", "题目", "指标"),
    "answer": ("评价", "评价结果", "满意度", "选项", "答案", "测评结果", "评价等次"),
    "score": ("得分", "分值", "分数", "评分"),
    "votes": ("票数", "人数", "份数", "数量"),
    "response_id": ("问卷编号", "答卷编号", "答卷序号", "问卷序号"),
    "person_name": CASE_FIELDS["person_name"],
}
SURVEY_REQUIRED = ("survey_date",)
# Headers of a wide survey table, one vote-count column per answer (满意 120 | 基本满意 30 | 不满意 5).
ANSWER_LABELS = ("非常满意", "满意", "比较满意", "较满意", "基本满意", "一般", "不太满意", "不满意", "很不满意", "非常不满意")
# and the answers of a 民意调查's other items (minyi.survey_indicators), as the columns of a wide table
ANSWER_LABELS += ("非常信任", "信任", "比较信任", "基本信任", "不太信任", "不信任", "经常见到", "有时见到", "偶尔见到",
                  "很少见到", "从未见到", "没见过", "很安全", "非常安全", "安全", "比较安全", "基本安全", "不太安全",
                  "不安全", "很不安全", "不清楚", "说不清")

GRID_FIELDS: dict[str, tuple[str, ...]] = {
    "event_id": ("事件编号", "事件编码", "事件号", "案件号", "案件编号", "案卷编号", "任务号", "工单编号", "编号", "流水号"),
    "township": CASE_FIELDS["township"],
    "village": CASE_FIELDS["village"] + ("所属社区", "所属村"),
    "department": ("处置部门", "处置单位", "专业部门", "责任单位", "承办单位", "责任部门", "派遣部门", "办理单位"),
    "grid": ("网格", "所属网格", "网格名称", "单元网格", "责任网格", "网格名"),
    "grid_code": ("网格编码", "网格编号", "网格代码", "单元网格编码", "网格ID", "网格号"),
    "event_source": ("事件来源", "案件来源", "问题来源", "上报来源", "来源", "发现方式"),
    "category": ("事件类别", "事件类型", "事件分类", "案件类别", "案件类型", "问题类别", "问题类型", "大类", "事项类别"),
    "found_at": ("发现时间", "巡查发现时间", "采集时间"),
    "reported_at": ("上报时间", "上报日期", "报送时间", "受理时间", "登记时间"),
    "registered_at": ("立案时间", "立案日期"),
    "dispatched_at": ("派遣时间", "派遣日期", "派单时间", "分派时间"),
    "deadline": ("处置时限", "处置期限", "办理时限", "应处置时间", "要求完成时间", "处置截止时间", "时限"),
    "disposed_at": ("处置完成时间", "处置时间", "处置完毕时间", "办结时间", "完成时间"),
    "closed_at": ("结案时间", "结案日期", "核查结案时间"),
    "status": ("状态", "事件状态", "案件状态", "办理状态", "处理状态"),
    "satisfaction": ("回访满意度", "满意度", "回访结果", "群众评价", "评价结果"),
    "summary": ("事件描述", "问题描述", "事件内容", "案件描述", "事件摘要"),
    "person_name": CASE_FIELDS["person_name"] + ("上报人", "上报人姓名", "发现人"),
}
GRID_REQUIRED = ("event_id",)
# Headers only a grid-event export has: one of them makes an export's kind grid, not cases.
# (结案时间 is not one: a petition export may call its closure that.)
GRID_MARKERS = GRID_FIELDS["grid"] + GRID_FIELDS["grid_code"] + ("事件编号", "事件编码", "事件来源", "案件来源", "发现时间", "立案时间", "派遣时间",
                                      "处置时限", "处置期限", "处置截止时间", "处置完成时间", "处置部门", "事件类别",
                                      "事件类型", "事件描述")

SERVICE_FIELDS: dict[str, tuple[str, ...]] = {
    "item_id": ("办件编号", "办件流水号", "办件号", "申办流水号", "申办编号", "业务流水号", "受理编号", "申报号", "编号",
                "流水号"),
    "matter_name": ("事项名称", "服务事项", "办理事项", "审批事项", "申请事项", "事项", "业务名称", "业务事项"),
    "matter_type": ("事项类型", "事项类别", "事项种类", "权力类型", "权力类别", "事项性质", "服务类型"),
    "service_level": ("办理层级", "办件层级", "行使层级", "所属层级", "层级", "受理层级"),
    "centre": ("服务中心", "办理窗口", "受理窗口", "窗口", "服务窗口", "服务中心（窗口）", "服务中心(窗口)", "服务中心/窗口",
               "便民服务中心", "受理中心", "办理地点", "大厅"),
    "township": CASE_FIELDS["township"],
    "department": ("实施部门", "实施主体", "办理部门", "受理部门", "审批部门", "承办部门", "承办单位", "责任单位", "部门"),
    "service_mode": ("办理方式", "申报方式", "申请方式", "办件来源", "申报渠道", "受理方式", "办理渠道"),
    "received_at": ("受理时间", "受理日期", "申请时间", "申报时间", "收件时间", "申请日期"),
    "deadline": ("承诺时限", "承诺期限", "承诺办结时限", "承诺办结时间", "承诺办结日期", "应办结时间", "办理时限", "时限"),
    "closed_at": ("办结时间", "办结日期", "实际办结时间", "完成时间"),
    "satisfaction": ("评价", "评价结果", "好差评", "好差评结果", "评价等级", "办事评价", "满意度", "群众评价", "评价情况"),
    "rectification": ("整改情况", "整改状态", "是否整改", "整改结果", "差评整改情况", "差评整改"),
    "rectified_at": ("整改时间", "整改完成时间", "整改日期", "差评整改时间"),
    "person_name": CASE_FIELDS["person_name"] + ("申请人", "申请人姓名", "办事人", "办事群众", "经办人"),
}
SERVICE_REQUIRED = ("item_id", "received_at")
# Headers only a 办件 export (政务服务网, 一体化平台) has: one of them makes an export's kind service.
SERVICE_MARKERS = ("办件编号", "办件流水号", "办件号", "申办流水号", "申办编号", "事项名称", "服务事项", "审批事项", "事项类型",
                   "权力类型", "办理层级", "办件层级", "行使层级", "承诺时限", "承诺期限", "承诺办结时限", "承诺办结时间",
                   "服务中心", "办理窗口", "受理窗口", "便民服务中心", "申报方式", "好差评", "好差评结果",
                   "整改情况", "差评整改情况")

# 咨询人次 of the service centres: a small aggregate per centre and day or month.
CONSULTATION_FIELDS: dict[str, tuple[str, ...]] = {
    "day": ("统计日期", "咨询日期", "登记日期", "统计月份", "月份", "年月", "统计时间"),
    "centre": SERVICE_FIELDS["centre"],
    "service_level": SERVICE_FIELDS["service_level"],
    "township": CASE_FIELDS["township"],
    "visits": ("咨询人次", "咨询量", "咨询人数", "接待咨询人次", "接待人次", "咨询次数", "咨询件数"),
}
CONSULTATION_REQUIRED = ("day", "visits")
CONSULTATION_MARKERS = CONSULTATION_FIELDS["visits"]

# A year's 事项目录 (权责清单, 政务服务事项清单): the matters a level may handle, one row each.
CATALOGUE_FIELDS: dict[str, tuple[str, ...]] = {
    "year": ("年度", "目录年度", "清单年度", "年份"),
    "service_level": SERVICE_FIELDS["service_level"],
    "matter_code": ("事项编码", "实施编码", "基本编码", "事项代码", "目录编码"),
    "matter_name": SERVICE_FIELDS["matter_name"],
    "matter_type": SERVICE_FIELDS["matter_type"],
    "department": SERVICE_FIELDS["department"],
}
CATALOGUE_REQUIRED = ("year", "matter_name")
CATALOGUE_MARKERS = ("目录年度", "清单年度", "事项编码", "实施编码", "基本编码", "目录编码")

# The 考核手工评分表 Minyi generates (minyi.assessment.template), filled in by the 考核办: one row per
# unit and hand-scored item, or per unit, 民意测评 item and vote level.
ASSESSMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "assessment_title": ("考核名称",),
    "assessment_period": ("考核期间", "考核年度", "考核时段"),
    "assessed_unit": ("被考核单位", "考核对象", "被考核对象"),
    "parent_unit": ("派出单位",),
    "assessment_item": ("考核项目", "评分项目"),
    "vote_level": ("测评档次", "评价档次"),
    "full_points": ("满分", "分值"),
    "entered_points": ("得分", "评分"),
    "entered_votes": ("票数", "得票数"),
}
ASSESSMENT_REQUIRED = ("assessment_title", "assessment_period", "assessed_unit", "assessment_item")
ASSESSMENT_MARKERS = ("考核名称", "考核期间", "被考核单位", "考核项目")

# Headers whose columns hold personal data: never read past the header row. Anything naming a
# person (…人, …人姓名: 来访人, 被反映人, 户主), a phone or ID number, an address or street, or a
# user account (留言用户, 用户ID, 账号) counts; English headers are matched without their spaces
# (Incident Address, Caller Name, Phone Number, Email, User ID). A name of an agency or a street's
# district is not personal: English "…Name" counts only for people (Name, First Name, Caller Name).
PERSONAL_HEADER = re.compile(
    r"(姓名|电话|手机|来电号码|主叫号码|身份证|证件号|住址|地址|户籍|户主|联系方式|QQ|微信|邮箱|E-?mail|用户|账号|帐号|昵称|网名"
    r"|人$|人（.*）$|人\(.*\)$"
    r"|address|street|phone|mobile|fax|contact|userid|username|account|latitude|longitude|coordinate|^(incident)?location$"
    r"|^(first|last|full|middle|given|family|customer|caller|citizen|resident|complainant|requester|requestor"
    r"|reporter|submitter|person|contact)?name$)",
    re.IGNORECASE,
)

# Value spellings normalised on import: field -> {spelling: canonical}. Unknown spellings are rejected
# (satisfaction, flags) or kept as written (channel).
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "satisfaction": {
        "满意": "满意", "非常满意": "满意", "很满意": "满意", "十分满意": "满意",
        "基本满意": "基本满意", "比较满意": "基本满意", "较满意": "基本满意", "一般": "基本满意",
        "不满意": "不满意", "很不满意": "不满意", "非常不满意": "不满意", "不太满意": "不满意",
        "逾期未评价": "逾期未评价", "超期未评价": "逾期未评价", "默认满意": "逾期未评价",
        "未回访": "未回访", "未评价": "未回访", "无法回访": "未回访", "拒绝回访": "未回访", "无": "未回访",
        "待评价": "未回访", "待回访": "未回访", "回访中": "未回访",
        "是": "满意", "否": "不满意",
        # 政务服务 好差评: five stars, or 好评/中评/差评 (差评 = 不满意 + 非常不满意)
        "好评": "满意", "中评": "基本满意", "差评": "不满意", "默认好评": "逾期未评价", "系统默认好评": "逾期未评价",
        "5星": "满意", "4星": "满意", "3星": "基本满意", "2星": "不满意", "1星": "不满意",
        "五星": "满意", "四星": "满意", "三星": "基本满意", "二星": "不满意", "一星": "不满意",
        "★★★★★": "满意", "★★★★": "满意", "★★★": "基本满意", "★★": "不满意", "★": "不满意",
    },
    "flag": {
        "是": "true", "否": "false", "y": "true", "n": "false", "yes": "true", "no": "false",
        "1": "true", "0": "false", "true": "true", "false": "false", "√": "true", "×": "false",
        "重复": "true", "重复件": "true", "非重复": "false", "延期": "true", "未延期": "false",
    },
    # how a grid event came to light: found by grid or patrol staff (发现率's numerator), or not
    "event_source": {
        "网格员巡查发现": "网格员巡查发现", "网格员上报": "网格员巡查发现", "网格员发现": "网格员巡查发现",
        "网格员巡查": "网格员巡查发现", "网格员": "网格员巡查发现", "巡查发现": "网格员巡查发现", "巡查上报": "网格员巡查发现",
        "监督员上报": "网格员巡查发现", "监督员": "网格员巡查发现", "城管监督员巡查上报": "网格员巡查发现",
        "信息采集员上报": "网格员巡查发现", "自行发现": "网格员巡查发现", "主动发现": "网格员巡查发现",
        "群众上报": "群众上报", "群众举报": "群众上报", "公众举报": "群众上报", "群众反映": "群众上报",
        "微信举报": "群众上报", "微信": "群众上报", "app": "群众上报", "app上报": "群众上报", "随手拍": "群众上报",
        "部门推送": "部门推送", "部门移交": "部门推送", "部门转办": "部门推送",
        "12345转办": "12345转办", "12345": "12345转办", "热线": "12345转办", "热线转办": "12345转办",
        "12345热线": "12345转办", "市长热线": "12345转办",
    },
    # statuses of a grid event that mean it was never registered (立案); any other status is registered
    "event_status": {
        "作废": "voided", "已作废": "voided", "不予立案": "voided", "不立案": "voided", "无效": "voided",
        "无效上报": "voided", "退回": "voided", "已退回": "voided",
    },
    # the level a 办件 is handled at; other spellings are kept as written
    "service_level": {
        "县": "县级", "县级": "县级", "县本级": "县级", "本级": "县级", "区级": "县级", "区本级": "县级", "县（区）级": "县级",
        "县(区)级": "县级", "县区级": "县级",
        "乡镇": "乡镇级", "乡镇级": "乡镇级", "乡": "乡镇级", "镇": "乡镇级", "乡级": "乡镇级", "镇级": "乡镇级",
        "街道": "乡镇级", "街道级": "乡镇级", "乡镇（街道）": "乡镇级", "乡镇(街道)": "乡镇级", "乡镇（街道）级": "乡镇级",
        "乡（镇）": "乡镇级", "乡(镇)": "乡镇级",
        "村": "村级", "村级": "村级", "社区": "村级", "村（社区）": "村级", "村(社区)": "村级", "村（社区）级": "村级",
        "村居": "村级", "村社区": "村级",
    },
    # how a 办件 was applied for: 网办 is 网办率's numerator; other spellings are kept as written
    "service_mode": {
        "窗口": "窗口", "窗口办理": "窗口", "窗口受理": "窗口", "现场": "窗口", "现场办理": "窗口", "线下": "窗口",
        "线下办理": "窗口", "大厅": "窗口", "大厅办理": "窗口",
        "网办": "网办", "网上办理": "网办", "网上申报": "网办", "网上申请": "网办", "全程网办": "网办", "网上": "网办",
        "在线办理": "网办", "线上": "网办", "线上办理": "网办", "掌上办": "网办", "掌上办理": "网办", "移动端": "网办",
        "app": "网办", "小程序": "网办", "一网通办": "网办", "政务服务网": "网办",
        "自助": "自助", "自助终端": "自助", "自助机": "自助", "自助办理": "自助", "自助服务": "自助",
        "代办": "代办", "帮办代办": "代办", "帮办": "代办", "代办员代办": "代办", "代理": "代办",
    },
    # whether a 差评 was put right (整改); an 整改时间 says so too
    "rectification": {
        "已整改": "true", "整改完成": "true", "完成整改": "true", "已完成": "true", "已办结": "true", "是": "true",
        "已处理": "true", "已解决": "true", "整改到位": "true",
        "未整改": "false", "整改中": "false", "待整改": "false", "未完成": "false", "否": "false", "未处理": "false",
        "处理中": "false", "未解决": "false",
    },
    "channel": {
        "网上信访": "网上", "网上": "网上", "网信": "网上", "网络": "网上", "网站": "网上", "电子邮件": "网上",
        "来信": "来信", "书信": "来信", "信件": "来信", "传真": "来信",
        "来访": "来访", "走访": "来访", "接访": "来访",
        "来电": "电话", "电话": "电话",
        "12345": "12345", "12345热线": "12345", "热线": "12345", "市长热线": "12345",
    },
}

# Cells that mean "nothing here" in real exports (an open case's 办结时间 shown as —, 1900-01-01
# written by a database for a missing date). Read as empty in every field; a mapping file may add more.
EMPTY_VALUES = frozenset({
    "-", "--", "—", "——", "/", "\\", "无", "暂无", "空", "null", "NULL", "Null", "None", "N/A", "n/a", "#N/A",
    "未办结", "办理中", "在办", "未结", "0000-00-00", "0000-00-00 00:00:00", "1900-01-01", "1900-01-01 00:00:00",
    "1900/1/1", "1900/01/01", "1899-12-30",
})

SOURCES = {"petition": "信访", "complaint": "投诉"}

FIELD_LABELS = {
    "case_id": "编号", "channel": "渠道", "received_at": "受理时间", "township": "乡镇（街道）",
    "village": "村（社区）", "department": "承办单位", "category": "诉求类型", "deadline": "办理时限",
    "extended": "是否延期", "closed_at": "办结时间", "satisfaction": "回访结果", "is_repeat": "是否重复件",
    "summary": "主要内容", "person_name": "姓名", "survey_name": "测评名称", "survey_date": "测评日期",
    "respondent_group": "评价群体", "item": "测评项目", "answer": "评价", "score": "得分", "votes": "票数",
    "response_id": "问卷编号", "event_id": "事件编号", "grid": "网格", "event_source": "事件来源",
    "found_at": "发现时间", "reported_at": "上报时间", "registered_at": "立案时间", "dispatched_at": "派遣时间",
    "disposed_at": "处置完成时间", "status": "状态", "item_id": "办件编号", "matter_name": "事项名称",
    "matter_type": "事项类型", "service_level": "办理层级", "centre": "服务中心（窗口）", "service_mode": "办理方式",
    "rectification": "整改情况", "rectified_at": "整改时间", "day": "统计日期", "visits": "咨询人次", "year": "年度",
    "matter_code": "事项编码", "grid_code": "网格编码", "assessment_title": "考核名称", "assessment_period": "考核期间",
    "assessed_unit": "被考核单位", "parent_unit": "派出单位", "assessment_item": "考核项目", "vote_level": "测评档次",
    "full_points": "满分", "entered_points": "得分", "entered_votes": "票数",
}


def normalise_header(text: object) -> str:
    """Header text as compared against the aliases: no spaces, line breaks or trailing colons."""
    if text is None:
        return ""
    return re.sub(r"[\s:：*]+", "", str(text)).strip()


def header_key(text: object) -> str:
    """Header text as matched: normalised and case-folded (Created Date = CREATED DATE = createddate)."""
    return normalise_header(text).casefold()


def _alias_index(fields: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    """header_key of each alias -> (field, rank of the alias among the field's aliases)."""
    index: dict[str, tuple[str, int]] = {}
    for field_name, aliases in fields.items():
        for rank, alias in enumerate(aliases):
            index.setdefault(header_key(alias), (field_name, rank))
    return index


ALIAS_INDEX = {"cases": _alias_index(CASE_FIELDS), "survey": _alias_index(SURVEY_FIELDS),
               "grid": _alias_index(GRID_FIELDS), "service": _alias_index(SERVICE_FIELDS),
               "consultation": _alias_index(CONSULTATION_FIELDS), "catalogue": _alias_index(CATALOGUE_FIELDS),
               "assessment": _alias_index(ASSESSMENT_FIELDS)}
_OTHER_KEYS = frozenset(header_key(h) for h in OTHER_HEADERS)


def builtin_field(text: str, kind: str) -> tuple[str, int] | None:
    """The field a header is a built-in alias of, with the alias's rank (0 = preferred), or None."""
    return ALIAS_INDEX[kind].get(header_key(text))


KINDS = {"cases": (CASE_FIELDS, CASE_REQUIRED), "survey": (SURVEY_FIELDS, SURVEY_REQUIRED),
         "grid": (GRID_FIELDS, GRID_REQUIRED), "service": (SERVICE_FIELDS, SERVICE_REQUIRED),
         "consultation": (CONSULTATION_FIELDS, CONSULTATION_REQUIRED), "catalogue": (CATALOGUE_FIELDS, CATALOGUE_REQUIRED),
         "assessment": (ASSESSMENT_FIELDS, ASSESSMENT_REQUIRED)}


def fields_for(kind: str) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    return KINDS[kind]


def field_header(text: str) -> bool:
    """True when a header is a built-in alias of a Minyi field (personal-data headers are not)."""
    key = header_key(text)
    return bool(key) and any(key in index for index in ALIAS_INDEX.values())


def personal_header(text: str) -> bool:
    """True when a header names personal data (a person, phone, ID, address, user account)."""
    name = normalise_header(text)
    return bool(name) and PERSONAL_HEADER.search(name) is not None


def known_header(text: str) -> bool:
    """True when a header names any Minyi field, personal data or a known export column: used to
    find the header row."""
    return field_header(text) or personal_header(text) or header_key(text) in _OTHER_KEYS
