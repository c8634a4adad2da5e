"""Turning one source row into one catalog record (or a rejection that names field and reason)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from connectors import values
from connectors.errors import SourceError, ValueRejected
from connectors.mapping import FieldRule
from connectors.mapping import Mapping as RecordMapping


@dataclass(frozen=True)
class Record:
    """One record as POST /v1/records:batch takes it."""

    record_type: str
    source_record_id: str
    fields: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {
            "record_type": self.record_type,
            "source_record_id": self.source_record_id,
            "fields": self.fields,
        }


@dataclass(frozen=True)
class Problem:
    field: str
    reason: str


@dataclass(frozen=True)
class Rejection:
    """A row that was not stored: where it was and why, never what it contained."""

    row: int
    problems: tuple[Problem, ...]
    source_record_id: str | None = None


@dataclass(frozen=True)
class SourceRow:
    """A data row: its number as the department sees it (line or sheet row) and its cells by column."""

    number: int
    cells: Mapping[str, Any]


_LETTERS = "abcdefghijklmnop"

_Parser = Callable[[Any, FieldRule], str | None]
_PARSERS: dict[str, _Parser] = {
    "text": lambda value, rule: values.parse_text(value),
    "date": lambda value, rule: values.parse_date(value),
    "amount": lambda value, rule: values.parse_amount(value, unit=rule.unit),
    "party_type": lambda value, rule: values.parse_party_type(value),
    "id_number": lambda value, rule: values.parse_id_number(value),
}


@dataclass
class RecordMapper:
    """Applies a mapping to rows. `required` is the catalog's required fields when it is known."""

    mapping: RecordMapping
    row_id_key: bytes
    required: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.row_id_key) < 16:
            raise ValueError("row id key too short")

    def map_row(self, row: SourceRow) -> Record | Rejection:
        fields: dict[str, str] = dict(self.mapping.constants)
        problems: list[Problem] = []
        for name, rule in self.mapping.fields.items():
            raw = row.cells.get(rule.column)
            if rule.values:
                key = values.parse_text(raw)
                raw = rule.values.get(key, raw) if key is not None else raw
            try:
                parsed = _PARSERS[rule.parser](raw, rule)
            except ValueRejected as exc:
                problems.append(Problem(name, exc.reason))
                continue
            if parsed is not None:
                fields[name] = parsed
        for name in sorted(self.required - fields.keys() - {p.field for p in problems}):
            problems.append(Problem(name, "missing required field"))
        if not any(fields.get(name) for name in ("证件号码", "法定代表人证件号码")) and not any(
            p.field in ("证件号码", "法定代表人证件号码") for p in problems
        ):
            problems.append(Problem("证件号码", "missing subject ID number (证件号码 or 法定代表人证件号码)"))
        try:
            record_id = self._record_id(row, fields)
        except SourceError as exc:
            problems.append(Problem("record_id", str(exc)))
            record_id = None
        if problems:
            return Rejection(row.number, tuple(problems), record_id)
        assert record_id is not None
        return Record(self.mapping.record_type, record_id, fields)

    def _record_id(self, row: SourceRow, fields: dict[str, str]) -> str:
        rule = self.mapping.record_id
        if rule is not None:
            own = values.parse_text(row.cells.get(rule.column))
            if own is None:
                raise SourceError("missing record id")
            return f"{rule.prefix}{own}"
        # No id in the source: a keyed hash of the mapped content. Keyed, because the id is stored in
        # clear and an unkeyed hash of a record's public fields would let anyone test guessed ID numbers.
        canonical = json.dumps([self.mapping.record_type, fields], ensure_ascii=False, sort_keys=True)
        digest = hashlib.blake2b(canonical.encode(), key=self.row_id_key[:64], digest_size=16).digest()
        # Letters only: the hub refuses ids with 7+ digits in a row (they could be ID or phone numbers).
        return "h-" + "".join(_LETTERS[byte >> 4] + _LETTERS[byte & 15] for byte in digest)
