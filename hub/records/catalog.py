"""The record catalog: which record types the hub accepts, their fields, and how each field is protected.

Field names are the national-standard (GB) names, kept in Chinese: departments' exports and the 双公示
listings use them as they are.

Sensitivity decides protection:
- identifier: the person's 证件号码. Tokenised (HMAC inside OpenBao) and encrypted.
- personal: names, free text, anything that can carry personal data. Encrypted.
- public: published information. Encrypted at rest too; only the index needs (record type, department,
  event date, status, subject token) are kept in clear columns, and those are derived, not copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from redaction import standard as gb

SCHEMA_VERSION = 1


class Sensitivity(StrEnum):
    IDENTIFIER = "identifier"
    PERSONAL = "personal"
    PUBLIC = "public"


class Kind(StrEnum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    USCC = "uscc"
    DATE = "date"
    DECIMAL = "decimal"
    CHOICE = "choice"


# The choices of the national 双公示 standard (redaction.standard is their one home).
PARTY_TYPES = gb.PARTY_CATEGORIES
ID_DOCUMENT_TYPES = gb.ID_DOCUMENT_TYPES
TAX_CREDIT_LEVELS = ("A", "B", "M", "C", "D")

SUBJECT_ID_FIELDS = ("证件号码", "法定代表人证件号码")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    sensitivity: Sensitivity
    kind: Kind = Kind.TEXT
    required: bool = False
    max_length: int = 200
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordType:
    name: str
    label: str
    fields: tuple[FieldSpec, ...]
    # The date kept in clear for range queries and display periods.
    event_date_field: str
    field_map: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_map", {f.name: f for f in self.fields})


def _f(name: str, sensitivity: Sensitivity, kind: Kind = Kind.TEXT, **kw: object) -> FieldSpec:
    return FieldSpec(name, sensitivity, kind, **kw)  # type: ignore[arg-type]


S = Sensitivity
K = Kind

# The 双公示 record types take their field names, formats and choices from the national standard; the
# catalog adds how the hub stores each field (sensitivity, whether required, maximum length).
_PERSONAL = frozenset({"行政相对人名称", "法定代表人", "违法事实", "处罚内容", "许可内容", "备注"})
_IDENTIFIERS = frozenset({"证件号码", "法定代表人证件号码"})
_REQUIRED = {
    "admin_penalty": frozenset(
        {"行政相对人名称", "行政相对人类别", "行政处罚决定书文号", "处罚类别", "处罚决定日期", "处罚机关",
         "处罚机关统一社会信用代码"}
    ),
    "admin_license": frozenset(
        {"行政相对人名称", "行政相对人类别", "行政许可决定文书名称", "行政许可决定文书号", "许可类别", "许可决定日期",
         "有效期自", "有效期至", "许可机关", "许可机关统一社会信用代码"}
    ),
}
_MAX_LENGTH = {
    **{f"行政相对人代码_{i}": 50 for i in range(1, 7)},
    "法定代表人": 50,
    "法定代表人证件号码": 40,
    "证件号码": 40,
    "数据来源单位统一社会信用代码": 50,
    "备注": 2000,
    "行政处罚决定书文号": 128,
    "违法行为类型": 2000,
    "违法事实": 5000,
    "处罚依据": 2000,
    "处罚内容": 4000,
    "罚款金额（万元）": 30,
    "没收违法所得、没收非法财物的金额（万元）": 30,
    "处罚机关统一社会信用代码": 50,
    "行政许可决定文书名称": 128,
    "行政许可决定文书号": 128,
    "许可证书名称": 128,
    "许可编号": 128,
    "许可内容": 4000,
    "许可机关统一社会信用代码": 50,
}


def _standard_fields(kind: str) -> tuple[FieldSpec, ...]:
    return tuple(
        FieldSpec(
            f.name,
            Sensitivity.IDENTIFIER if f.name in _IDENTIFIERS
            else Sensitivity.PERSONAL if f.name in _PERSONAL
            else Sensitivity.PUBLIC,
            Kind(f.format.value),
            required=f.name in _REQUIRED[kind],
            max_length=_MAX_LENGTH.get(f.name, 200),
            choices=f.choices,
        )
        for f in gb.FIELDS[kind]
    )


ADMIN_PENALTY = RecordType(
    name="admin_penalty",
    label=gb.RECORD_KIND_LABELS["admin_penalty"],
    event_date_field=gb.DECISION_DATE_FIELD["admin_penalty"],
    fields=_standard_fields("admin_penalty"),
)

ADMIN_LICENSE = RecordType(
    name="admin_license",
    label=gb.RECORD_KIND_LABELS["admin_license"],
    event_date_field=gb.DECISION_DATE_FIELD["admin_license"],
    fields=_standard_fields("admin_license"),
)

DISHONEST_DEBTOR = RecordType(
    name="dishonest_debtor",
    label="失信被执行人",
    event_date_field="立案时间",
    fields=(
        _f("被执行人姓名或名称", S.PERSONAL, required=True),
        _f("被执行人类别", S.PUBLIC, K.CHOICE, required=True, choices=PARTY_TYPES),
        _f("证件号码", S.IDENTIFIER, K.ID_NUMBER, max_length=40),
        _f("法定代表人或负责人姓名", S.PERSONAL, max_length=50),
        _f("法定代表人证件号码", S.IDENTIFIER, K.ID_NUMBER, max_length=40),
        _f("执行法院", S.PUBLIC, required=True),
        _f("案号", S.PUBLIC, required=True, max_length=128),
        _f("执行依据文号", S.PUBLIC, max_length=128),
        _f("做出执行依据单位", S.PUBLIC),
        _f("生效法律文书确定的义务", S.PERSONAL, max_length=4000),
        _f("被执行人的履行情况", S.PUBLIC, max_length=500),
        _f("失信被执行人行为具体情形", S.PERSONAL, max_length=2000),
        _f("立案时间", S.PUBLIC, K.DATE, required=True),
        _f("发布时间", S.PUBLIC, K.DATE),
    ),
)

TAX_CREDIT_RATING = RecordType(
    name="tax_credit_rating",
    label="纳税信用级别",
    event_date_field="评定日期",
    fields=(
        _f("纳税人名称", S.PERSONAL, required=True),
        _f("纳税人识别号", S.PUBLIC, max_length=50),
        _f("证件号码", S.IDENTIFIER, K.ID_NUMBER, max_length=40),
        _f("法定代表人证件号码", S.IDENTIFIER, K.ID_NUMBER, max_length=40),
        _f("评价年度", S.PUBLIC, required=True, max_length=4),
        _f("纳税信用级别", S.PUBLIC, K.CHOICE, required=True, choices=TAX_CREDIT_LEVELS),
        _f("评定日期", S.PUBLIC, K.DATE, required=True),
        _f("评价机关", S.PUBLIC, required=True),
    ),
)

RECORD_TYPES: dict[str, RecordType] = {
    t.name: t for t in (ADMIN_PENALTY, ADMIN_LICENSE, DISHONEST_DEBTOR, TAX_CREDIT_RATING)
}


def describe() -> dict[str, object]:
    """The catalog as the API publishes it (GET /v1/catalog)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "record_types": {
            t.name: {
                "label": t.label,
                "event_date_field": t.event_date_field,
                "fields": {
                    f.name: {
                        "sensitivity": f.sensitivity.value,
                        "kind": f.kind.value,
                        "required": f.required,
                        "max_length": f.max_length,
                        **({"choices": list(f.choices)} if f.choices else {}),
                    }
                    for f in t.fields
                },
            }
            for t in RECORD_TYPES.values()
        },
    }
