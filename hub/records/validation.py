"""Checks one submitted record against the catalog. Errors name the field and the rule (a code of the
error table), never the value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from crypto.identifiers import (
    RESIDENT_ID_DOCUMENT,
    IdentifierError,
    normalize_document_number,
    normalize_uscc,
    subject_key_of,
)
from hub.core.errors import RecordError
from hub.records.catalog import RECORD_TYPES, SUBJECT_ID_FIELDS, FieldSpec, Kind, RecordType

# A digit run this long in a clear column could be an ID number or phone number.
_LONG_DIGITS = re.compile(r"\d{7,}")
_SAFE_FIELD_NAME = re.compile(r"^[^\d\s]{1,40}$")


@dataclass(frozen=True)
class ValidRecord:
    record_type: RecordType
    source_record_id: str
    fields: dict[str, str]
    # What the subject token is computed from: "<document type>:<normalised number>".
    subject_key: str
    event_date: dt.date


def validate_record(
    *, index: int, record_type: str, source_record_id: str, fields: Mapping[str, object]
) -> tuple[ValidRecord | None, list[RecordError]]:
    errors: list[RecordError] = []

    def fail(field: str, code: str, **params: object) -> None:
        errors.append(RecordError(code, index=index, field=field, **params))

    rtype = RECORD_TYPES.get(record_type)
    if rtype is None:
        fail("record_type", "record.unknown_type")
        return None, errors
    if not source_record_id or len(source_record_id) > 128 or not source_record_id.isprintable():
        fail("source_record_id", "record.source_id_format")
    elif _LONG_DIGITS.search(source_record_id):
        # Idempotency keys are stored in clear; a department must not use an ID or phone number as one.
        fail("source_record_id", "record.source_id_digits")

    clean: dict[str, str] = {}
    for name, raw in fields.items():
        spec = rtype.field_map.get(name)
        if spec is None:
            fail(name if _SAFE_FIELD_NAME.match(name) else "fields", "record.unknown_field")
            continue
        if raw is None:
            continue
        if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
            fail(name, "record.not_text")
            continue
        value = str(raw).strip()
        if not value:
            continue
        if len(value) > spec.max_length:
            fail(name, "record.too_long", limit=spec.max_length)
            continue
        checked = _check_kind(spec, value, fields)
        if isinstance(checked, _Invalid):
            fail(name, checked.code)
            continue
        clean[name] = checked

    for spec in rtype.fields:
        if spec.required and spec.name not in clean and not any(e.field == spec.name for e in errors):
            fail(spec.name, "record.required")

    key = subject_key(clean)
    if key is None and not any(e.field in SUBJECT_ID_FIELDS for e in errors):
        fail(_subject_field(rtype, clean), "record.subject_id_required")
    if errors or key is None:
        return None, errors
    return (
        ValidRecord(
            record_type=rtype,
            source_record_id=source_record_id,
            fields=clean,
            subject_key=key,
            event_date=dt.date.fromisoformat(clean[rtype.event_date_field]),
        ),
        errors,
    )


@dataclass(frozen=True)
class _Invalid:
    code: str  # of the error table


def _check_kind(spec: FieldSpec, value: str, fields: Mapping[str, object]) -> str | _Invalid:
    """The normalised value, or why it is invalid."""
    match spec.kind:
        case Kind.TEXT:
            return value
        case Kind.CHOICE:
            return value if value in spec.choices else _Invalid("record.not_a_choice")
        case Kind.DATE:
            try:
                return (
                    dt.date.fromisoformat(value).isoformat()
                    if len(value) == 10
                    else _Invalid("record.date_format")
                )
            except ValueError:
                return _Invalid("record.date_format")
        case Kind.DECIMAL:
            try:
                amount = Decimal(value)
            except InvalidOperation:
                return _Invalid("record.decimal_format")
            if not amount.is_finite() or amount < 0:
                return _Invalid("record.negative")
            return str(amount)
        case Kind.USCC:
            try:
                return normalize_uscc(value)
            except IdentifierError as exc:
                return _Invalid(exc.code)
        case Kind.ID_NUMBER:
            try:
                return normalize_document_number(value, document_type=_document_type_for(spec.name, fields))
            except IdentifierError as exc:
                return _Invalid(exc.code)
    raise AssertionError(spec.kind)  # pragma: no cover


def _document_type_for(field_name: str, fields: Mapping[str, object]) -> str:
    type_field = "法定代表人证件类型" if field_name == "法定代表人证件号码" else "证件类型"
    declared = fields.get(type_field)
    return str(declared).strip() if isinstance(declared, str) and declared.strip() else RESIDENT_ID_DOCUMENT


def subject_key(clean: dict[str, str]) -> str | None:
    """What the subject token is computed from: "<document type>:<normalised number>" (the one definition)."""
    for name in SUBJECT_ID_FIELDS:
        if name in clean:
            return subject_key_of(clean[name], document_type=_document_type_for(name, clean))
    return None


def _subject_field(rtype: RecordType, clean: dict[str, str]) -> str:
    """Which field a missing subject ID is reported against."""
    party_type = clean.get("行政相对人类别") or clean.get("被执行人类别")
    if party_type == "自然人" or "法定代表人证件号码" not in rtype.field_map:
        return "证件号码"
    return "法定代表人证件号码"
