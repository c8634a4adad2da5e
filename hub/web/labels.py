"""Chinese words for the hub's codes (states, entity types, roles …) and for its errors.

The services' error messages are English and name fields and rules, never values; here they become
sentences an officer understands. Unknown codes are shown as they are rather than hidden.
"""

from __future__ import annotations

import re

from hub.core.errors import HubError, KeyServiceUnavailable, NotFound, PermissionDenied
from hub.disclosure.errors import FourEyesViolation, IllegalTransition, InvalidDisclosureInput
from hub.users.errors import AccountLocked, LoginFailed

BATCH_STATES = {
    "draft": "草稿（检查中）",
    "checked": "已检查，待审查",
    "approved": "已批准，待复核确认",
    "confirmed": "已确认，待发布",
    "published": "已发布",
    "withdrawn": "已撤下",
    "rejected": "已退回",
}
BATCH_ACTIONS = {
    "check": "检查",
    "approve": "批准",
    "confirm": "确认",
    "publish": "发布",
    "withdraw": "撤下",
    "reject": "退回",
}
SOURCES = {"records": "已入库记录", "upload": "上传文件"}
ENTITY_TYPES = {
    "PERSON": "人名",
    "CN_RESIDENT_ID": "身份证号",
    "PHONE_NUMBER": "电话号码",
    "BANK_CARD": "银行卡号",
    "EMAIL_ADDRESS": "电子邮箱",
    "LICENSE_PLATE": "车牌号",
    "PASSPORT": "护照/通行证号",
    "ADDRESS": "住址",
    "ID_DOCUMENT": "证件",
    "INVALID_FORMAT": "格式不符（待核实）",
    "UNKNOWN_FIELD": "标准外字段",
    "OTHER": "其他",
}
FINDING_ACTIONS = {
    "masked": "遮蔽",
    "dropped_field": "整项不公示",
    "needs_officer_decision": "需审查员决定",
}
FINDING_STATUSES = {"accepted": "已采纳", "rejected": "已驳回（误报）"}
ITEM_DECISIONS = {"publish_redacted": "公示脱敏版本", "withhold": "不予公示"}
ROLES = {
    "publicity_officer": "公示审查员",
    "security_officer": "安全管理员",
    "auditor": "审计员",
    "admin": "系统管理员",
    "department": "部门",
}
ANOMALIES = {
    "bulk": "批量查询",
    "off_hours": "非工作时间访问",
    "purpose_mismatch": "查询目的未获授权",
    "repeated_denials": "多次被拒绝",
}


def label(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    return table.get(code, code)


# Known workflow refusals (hub.disclosure.review / publication) by the shape of their English message.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d+) record\(s\) need an officer's decision"),
     "有 {0} 条记录需要审查员先作出是否公示的决定（《暂行办法》第五条），才能批准。"),
    (re.compile(r"^record (\d+): the published text still contains an identity number"),
     "第 {0} 条记录的公示文本仍含有身份证号码，不能发布：请退回该批次，或对该记录选择“不予公示”。"),
    (re.compile(r"^reason: required"), "请填写理由。"),
    (re.compile(r"^reason: longer than (\d+)"), "理由过长（最多 {0} 个字）。"),
    (re.compile(r"^this field is never published"), "该项依规定一律不公示（政策第1节），不能驳回。"),
    (re.compile(r"^decide this record instead"), "此项需对整条记录作出决定：公示脱敏版本或不予公示。"),
    (re.compile(r"findings and records can only be decided while checked"),
     "只有在“已检查，待审查”状态下才能处理发现项和记录。"),
    (re.compile(r"^no records to disclose"), "该部门在此期间没有可公示的此类记录。"),
    (re.compile(r"^date_to: before date_from"), "结束日期早于开始日期。"),
    (re.compile(r"^department not found"), "找不到该部门（或已停用）。"),
    (re.compile(r"^since must be before until"), "开始日期须早于结束日期。"),
    (re.compile(r"^since/until: "), "日期格式应为 YYYY-MM-DD。"),
)


def chinese_error(exc: HubError) -> str:
    """A Chinese sentence for a refusal. Service messages carry no personal values (see hub.errors)."""
    if isinstance(exc, FourEyesViolation):
        return "四眼原则：批准该批次的审查员不能再确认它，须由另一名审查员确认。"
    if isinstance(exc, IllegalTransition):
        return (
            f"批次当前状态为“{label(BATCH_STATES, exc.current)}”，"
            f"不能执行“{label(BATCH_ACTIONS, exc.action)}”。"
        )
    if isinstance(exc, LoginFailed):
        return "用户名或密码错误。"
    if isinstance(exc, AccountLocked):
        return "账户已锁定，请稍后再试或联系系统管理员。"
    if isinstance(exc, KeyServiceUnavailable):
        return "密钥服务暂时不可用，操作未执行，请稍后再试。"
    message = str(exc)
    for pattern, sentence in _MESSAGES:
        found = pattern.search(message)
        if found:
            return sentence.format(*found.groups())
    if isinstance(exc, NotFound):
        return "找不到该对象。"
    if isinstance(exc, PermissionDenied):
        return "您的角色无权执行此操作。"
    if isinstance(exc, InvalidDisclosureInput):
        return f"输入有误：{message}"
    return f"操作未完成：{message}"


_DECISION_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^party is a minor"), "当事人为未成年人（第五条）：须审查员决定是否公示"),
    (re.compile(r"^(.+) mentions health, privacy or secrets"), "“{0}”涉及健康、个人隐私或秘密（第五条）：须审查员决定"),
    (re.compile(r"^(.+) carries a property certificate number"), "“{0}”含有不动产权证号：须审查员决定"),
    (re.compile(r"^(.+) mentions a minor"), "“{0}”提及未成年人（第五条）：须审查员决定"),
)


def decision_reason(text: str) -> str:
    """Why the check wants an officer's decision on a record (reasons name fields, never values)."""
    for pattern, sentence in _DECISION_REASONS:
        found = pattern.search(text)
        if found:
            return sentence.format(*found.groups())
    return text
