"""Value parsers for the forms departments really export.

Each parser takes a cell as the source gives it (str, int, float, date/datetime or None) and returns the
string the hub's catalog expects, or None for an empty cell. A value that cannot be parsed raises
ValueRejected with a code (connectors/messages.py) whose texts never repeat the value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.errors import ValueRejected
from crypto.identifiers import compact

# Excel's 1900 date system counts from 1899-12-30 (it keeps Lotus's phantom 1900-02-29).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials for 1900-03-01 .. 9999-12-31; below 61 the phantom leap day makes them ambiguous.
_EXCEL_SERIAL_MIN, _EXCEL_SERIAL_MAX = 61, 2_958_465

_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
# A time part after the date (exports from databases often carry one); it is dropped.
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")

_UNITS_TO_WANYUAN = {"元": Decimal("0.0001"), "万元": Decimal(1)}

PARTY_TYPES = ("自然人", "法人及非法人组织", "个体工商户")
_PARTY_SYNONYMS = {
    "自然人": "自然人",
    "个人": "自然人",
    "公民": "自然人",
    "法人": "法人及非法人组织",
    "法人及非法人组织": "法人及非法人组织",
    "法人和非法人组织": "法人及非法人组织",
    "非法人组织": "法人及非法人组织",
    "其他组织": "法人及非法人组织",
    "企业": "法人及非法人组织",
    "单位": "法人及非法人组织",
    "个体工商户": "个体工商户",
    "个体户": "个体工商户",
}


def _clean(value: Any) -> Any:
    """Strip strings and turn empty cells into None; NFKC turns full-width digits into ASCII."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip()
        return value or None
    return value


def parse_text(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is str:  # the common case, first
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return parse_date(value)
    text = str(value).strip()
    return text or None


def parse_date(value: Any) -> str | None:
    """ISO date from 2023-01-05, 2023/1/5, 2023.1.5, 2023年1月5日, 20230105 or an Excel serial number."""
    value = _clean(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise ValueRejected("value.date_unparseable")
    if isinstance(value, int | float) and not (isinstance(value, int) and 10_000_000 <= value <= 99_999_999):
        return _excel_serial(value)
    # An 8-digit integer cell is 20230105 typed as a number, not a serial.
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # the ISO form most exports use, without the regex walk
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass  # e.g. 2023-02-30: the patterns below give the precise reason
    text = _TIME_SUFFIX.sub("", text)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                raise ValueRejected("value.date_invalid") from None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _excel_serial(float(text))
    raise ValueRejected("value.date_unparseable")


def _excel_serial(serial: float) -> str:
    if not _EXCEL_SERIAL_MIN <= serial <= _EXCEL_SERIAL_MAX:
        raise ValueRejected("value.date_unparseable")
    return (_EXCEL_EPOCH + dt.timedelta(days=int(serial))).isoformat()


def parse_amount(value: Any, *, unit: str = "元") -> str | None:
    """A money amount converted to 万元 (the catalog's unit), as a plain decimal string.

    A unit written in the cell ("5000元", "0.5万元") wins over the mapping's declared unit.
    """
    if unit not in _UNITS_TO_WANYUAN:
        raise ValueError(f"unknown amount unit {unit!r}")
    value = _clean(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueRejected("value.amount_unparseable")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).replace(",", "").replace("，", "").replace(" ", "")
        for suffix in ("万元", "元"):
            if text.endswith(suffix):
                text, unit = text[: -len(suffix)], suffix
                break
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueRejected("value.amount_unparseable") from None
    if not number.is_finite():
        raise ValueRejected("value.amount_unparseable")
    if number < 0:
        raise ValueRejected("value.amount_negative")
    return _plain(number * _UNITS_TO_WANYUAN[unit])


def _plain(number: Decimal) -> str:
    """Fixed-point string without exponent or trailing zeros ("0.5", "12", "0.000001")."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def parse_party_type(value: Any, *, extra_values: Mapping[str, str] | None = None) -> str | None:
    """自然人 / 法人及非法人组织 / 个体工商户 from the spellings and codes departments use."""
    value = _clean(value)
    if value is None:
        return None
    text = parse_text(value) or ""
    if extra_values and text in extra_values:
        return extra_values[text]
    normalised = _PARTY_SYNONYMS.get(text.replace(" ", ""))
    if normalised is None:
        raise ValueRejected("value.party_type_unknown")
    return normalised


def parse_id_number(value: Any) -> str | None:
    """An identity document number as text; the hub validates and normalises it.

    A number that reached us as a float lost its last digits in Excel: reject it rather than send a
    different person's number.
    """
    if value is None:
        return None
    if isinstance(value, float):
        raise ValueRejected("value.digits_lost")
    return compact(str(value)) or None
