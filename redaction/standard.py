"""The national 双公示 data standard: the fields of 行政处罚 and 行政许可 records and how each is
published (disclosure policy §1).

This is the one home of those field rules: the record check (``redaction.records``), the hub's
record catalog and its publication guard all read them from here.

Default deny: no field is public because of its name. A field is either
- never published (the party's and the legal representative's identity documents);
- a public name (行政相对人名称; 法定代表人 of a legal person or 个体工商户), kept readable but still
  scanned for anything else pasted into it;
- structured (dates, amounts, 统一社会信用代码, choices): published only when the value has the
  field's format, otherwise it is a finding for the officer;
- free text: everything else, published after the free-text check.
A field the standard does not name is withheld.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final, Literal

from crypto.identifiers import DOCUMENT_TYPES, is_unambiguous_uscc

RecordKind = Literal["admin_penalty", "admin_license"]

# The record types of the public listing, with their names in the standard.
PUBLISHED_RECORD_KINDS: Final[tuple[RecordKind, ...]] = ("admin_penalty", "admin_license")
RECORD_KIND_LABELS: Final[dict[RecordKind, str]] = {"admin_penalty": "行政处罚", "admin_license": "行政许可"}

PARTY_NAME: Final = "行政相对人名称"
PARTY_CATEGORY: Final = "行政相对人类别"
LEGAL_REPRESENTATIVE: Final = "法定代表人"
ID_DOCUMENT_TYPE: Final = "证件类型"
ID_DOCUMENT_NUMBER: Final = "证件号码"
REPRESENTATIVE_DOCUMENT_TYPE: Final = "法定代表人证件类型"
REPRESENTATIVE_DOCUMENT_NUMBER: Final = "法定代表人证件号码"

NATURAL_PERSON: Final = "自然人"
PARTY_CATEGORIES: Final = (NATURAL_PERSON, "法人及非法人组织", "个体工商户")
ID_DOCUMENT_TYPES: Final = DOCUMENT_TYPES
LICENSE_STATES: Final = ("有效", "无效")

# Policy §1: never published, whoever the party is.
NEVER_PUBLISHED: Final = (
    ID_DOCUMENT_TYPE,
    ID_DOCUMENT_NUMBER,
    REPRESENTATIVE_DOCUMENT_TYPE,
    REPRESENTATIVE_DOCUMENT_NUMBER,
)

# Keyed by record kind (plain strings, as the hub stores kinds).
DECISION_DATE_FIELD: Final[Mapping[str, str]] = {"admin_penalty": "处罚决定日期", "admin_license": "许可决定日期"}
DECISION_NUMBER_FIELD: Final[Mapping[str, str]] = {
    "admin_penalty": "行政处罚决定书文号",
    "admin_license": "行政许可决定文书号",
}
AGENCY_FIELD: Final[Mapping[str, str]] = {"admin_penalty": "处罚机关", "admin_license": "许可机关"}


class ValueFormat(StrEnum):
    """The format of a field's value (the values match the hub catalog's field kinds)."""

    TEXT = "text"
    ID_NUMBER = "id_number"
    USCC = "uscc"
    DATE = "date"
    AMOUNT = "decimal"
    CHOICE = "choice"


class Publication(StrEnum):
    """How a field reaches the public listing."""

    NEVER = "never"  # dropped from the published record
    PUBLIC_NAME = "public_name"  # readable name; the rest of the value passes the free-text check
    BY_FORMAT = "by_format"  # as it is when the value has the field's format; otherwise a finding
    FREE_TEXT = "free_text"  # after the free-text check


@dataclass(frozen=True)
class StandardField:
    name: str
    format: ValueFormat = ValueFormat.TEXT
    choices: tuple[str, ...] = ()

    @property
    def publication(self) -> Publication:
        if self.name in NEVER_PUBLISHED:
            return Publication.NEVER
        if self.name in (PARTY_NAME, LEGAL_REPRESENTATIVE):
            return Publication.PUBLIC_NAME
        if self.format is ValueFormat.TEXT:
            return Publication.FREE_TEXT
        return Publication.BY_FORMAT

    def has_format(self, value: str) -> bool:
        """Whether ``value`` proves this field's format (free text never does)."""
        match self.format:
            case ValueFormat.DATE:
                return is_iso_date(value)
            case ValueFormat.AMOUNT:
                return is_amount(value)
            case ValueFormat.USCC:
                return is_uscc(value)
            case ValueFormat.CHOICE:
                return value in self.choices
            case _:
                return False


_TEXT = ValueFormat.TEXT
_PARTY: Final = (
    StandardField(PARTY_NAME),
    StandardField(PARTY_CATEGORY, ValueFormat.CHOICE, PARTY_CATEGORIES),
    # 代码_1 is the 统一社会信用代码; _2 … _6 hold other registration numbers in free form.
    StandardField("行政相对人代码_1", ValueFormat.USCC),
    *(StandardField(f"行政相对人代码_{i}") for i in range(2, 7)),
    StandardField(LEGAL_REPRESENTATIVE),
    StandardField(REPRESENTATIVE_DOCUMENT_TYPE, ValueFormat.CHOICE, ID_DOCUMENT_TYPES),
    StandardField(REPRESENTATIVE_DOCUMENT_NUMBER, ValueFormat.ID_NUMBER),
    StandardField(ID_DOCUMENT_TYPE, ValueFormat.CHOICE, ID_DOCUMENT_TYPES),
    StandardField(ID_DOCUMENT_NUMBER, ValueFormat.ID_NUMBER),
)
_SOURCE: Final = (
    StandardField("数据来源单位"),
    StandardField("数据来源单位统一社会信用代码", ValueFormat.USCC),
    StandardField("备注"),
)

FIELDS: Final[Mapping[str, tuple[StandardField, ...]]] = {
    "admin_penalty": (
        *_PARTY,
        StandardField("行政处罚决定书文号"),
        StandardField("违法行为类型"),
        StandardField("违法事实"),
        StandardField("处罚依据"),
        StandardField("处罚类别"),
        StandardField("处罚内容"),
        StandardField("罚款金额（万元）", ValueFormat.AMOUNT),
        StandardField("没收违法所得、没收非法财物的金额（万元）", ValueFormat.AMOUNT),
        StandardField("暂扣或吊销证照名称及编号"),
        StandardField("处罚决定日期", ValueFormat.DATE),
        StandardField("处罚有效期", ValueFormat.DATE),
        StandardField("公示截止期", ValueFormat.DATE),
        StandardField("处罚机关"),
        StandardField("处罚机关统一社会信用代码", ValueFormat.USCC),
        *_SOURCE,
    ),
    "admin_license": (
        *_PARTY,
        StandardField("行政许可决定文书名称"),
        StandardField("行政许可决定文书号"),
        StandardField("许可类别"),
        StandardField("许可证书名称"),
        StandardField("许可编号"),
        StandardField("许可内容"),
        StandardField("许可决定日期", ValueFormat.DATE),
        StandardField("有效期自", ValueFormat.DATE),
        StandardField("有效期至", ValueFormat.DATE),
        StandardField("许可机关"),
        StandardField("许可机关统一社会信用代码", ValueFormat.USCC),
        StandardField("当前状态", ValueFormat.CHOICE, LICENSE_STATES),
        *_SOURCE,
    ),
}

_BY_NAME: Final[Mapping[str, Mapping[str, StandardField]]] = {
    kind: {f.name: f for f in fields} for kind, fields in FIELDS.items()
}
# Without a record kind a field is known when either kind names it (the common fields have one rule).
_EITHER_KIND: Final[dict[str, StandardField]] = {
    name: spec for kind in PUBLISHED_RECORD_KINDS for name, spec in _BY_NAME[kind].items()
}


def standard_fields(kind: str | None) -> Mapping[str, StandardField]:
    """The standard's fields of a record kind by name (both kinds' when the kind is not known).

    KeyError for a kind that is not published.
    """
    return _BY_NAME[kind] if kind is not None else _EITHER_KIND


@lru_cache(maxsize=len(PUBLISHED_RECORD_KINDS))
def published_field_names(kind: str) -> frozenset[str]:
    """The fields that may appear on the public listing for a record kind."""
    return frozenset(f.name for f in FIELDS[kind] if f.publication is not Publication.NEVER)


def is_natural_person(category: str) -> bool:
    """Default deny: a party is a natural person unless its category says it is not."""
    return category not in PARTY_CATEGORIES[1:]


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# 万元 with at most six integer digits (100 亿元): a phone, card or ID number pasted into an amount
# field is longer, so it never passes as an amount.
_AMOUNT = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?", re.ASCII)


def is_iso_date(value: str) -> bool:
    if _ISO_DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_amount(value: str) -> bool:
    return _AMOUNT.fullmatch(value) is not None


def is_uscc(value: str) -> bool:
    # Never a value that may be an ID number: see crypto.identifiers.is_unambiguous_uscc.
    return is_unambiguous_uscc(value)
