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


PARTY_TYPES = ("自然人", "法人及非法人组织", "个体工商户")
ID_DOCUMENT_TYPES = (
    "身份证",
    "护照号",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
)
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

_PARTY = (
    _f("行政相对人名称", S.PERSONAL, required=True),
    _f("行政相对人类别", S.PUBLIC, K.CHOICE, required=True, choices=PARTY_TYPES),
    *(_f(f"行政相对人代码_{i}", S.PUBLIC, K.USCC if i == 1 else K.TEXT, max_length=50) for i in range(1, 7)),
    _f("法定代表人", S.PERSONAL, max_length=50),
    _f("法定代表人证件类型", S.PUBLIC, K.CHOICE, choices=ID_DOCUMENT_TYPES),
    _f("法定代表人证件号码", S.IDENTIFIER, K.ID_NUMBER, max_length=40),
    _f("证件类型", S.PUBLIC, K.CHOICE, choices=ID_DOCUMENT_TYPES),
    _f("证件号码", S.IDENTIFIER, K.ID_NUMBER, max_length=40),
)
_SOURCE = (
    _f("数据来源单位", S.PUBLIC),
    _f("数据来源单位统一社会信用代码", S.PUBLIC, K.USCC, max_length=50),
    _f("备注", S.PERSONAL, max_length=2000),
)

ADMIN_PENALTY = RecordType(
    name="admin_penalty",
    label="行政处罚",
    event_date_field="处罚决定日期",
    fields=(
        *_PARTY,
        _f("行政处罚决定书文号", S.PUBLIC, required=True, max_length=128),
        _f("违法行为类型", S.PUBLIC, max_length=2000),
        _f("违法事实", S.PERSONAL, max_length=5000),
        _f("处罚依据", S.PUBLIC, max_length=2000),
        _f("处罚类别", S.PUBLIC, required=True),
        _f("处罚内容", S.PERSONAL, max_length=4000),
        _f("罚款金额（万元）", S.PUBLIC, K.DECIMAL, max_length=30),
        _f("没收违法所得、没收非法财物的金额（万元）", S.PUBLIC, K.DECIMAL, max_length=30),
        _f("暂扣或吊销证照名称及编号", S.PUBLIC, max_length=200),
        _f("处罚决定日期", S.PUBLIC, K.DATE, required=True),
        _f("处罚有效期", S.PUBLIC, K.DATE),
        _f("公示截止期", S.PUBLIC, K.DATE),
        _f("处罚机关", S.PUBLIC, required=True),
        _f("处罚机关统一社会信用代码", S.PUBLIC, K.USCC, required=True, max_length=50),
        *_SOURCE,
    ),
)

ADMIN_LICENSE = RecordType(
    name="admin_license",
    label="行政许可",
    event_date_field="许可决定日期",
    fields=(
        *_PARTY,
        _f("行政许可决定文书名称", S.PUBLIC, required=True, max_length=128),
        _f("行政许可决定文书号", S.PUBLIC, required=True, max_length=128),
        _f("许可类别", S.PUBLIC, required=True),
        _f("许可证书名称", S.PUBLIC, max_length=128),
        _f("许可编号", S.PUBLIC, max_length=128),
        _f("许可内容", S.PERSONAL, max_length=4000),
        _f("许可决定日期", S.PUBLIC, K.DATE, required=True),
        _f("有效期自", S.PUBLIC, K.DATE, required=True),
        _f("有效期至", S.PUBLIC, K.DATE, required=True),
        _f("许可机关", S.PUBLIC, required=True),
        _f("许可机关统一社会信用代码", S.PUBLIC, K.USCC, required=True, max_length=50),
        _f("当前状态", S.PUBLIC, K.CHOICE, choices=("有效", "无效")),
        *_SOURCE,
    ),
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
