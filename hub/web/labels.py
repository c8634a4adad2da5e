"""Chinese words for the hub's codes (states, entity types, roles …) and for its errors.

The services' error messages are English and name fields and rules, never values; here they become
sentences an officer understands. Unknown codes are shown as they are rather than hidden.
"""

from __future__ import annotations

import re

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
