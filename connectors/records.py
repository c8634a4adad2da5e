"""Turning one source row into one catalog record (or a rejection that names field and reason)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from connectors import values
from connectors.errors import ValueRejected
from connectors.mapping import FieldRule
from connectors.mapping import Mapping as RecordMapping
from connectors.messages import chinese, chinese_or_none, english


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
    """Why one field (or the record) was refused: a stable code, the English reason, the Chinese text."""

    field: str
    reason: str
    code: str = "hub.record_rejected"
    message_zh: str = ""

    @classmethod
    def of(cls, field: str, code: str, **params: Any) -> Problem:
        """A problem the connector found itself, by its code in connectors/messages.py."""
        return cls(field, english(code, **params), code, chinese(code, **params))

    @property
    def chinese(self) -> str:
        return self.message_zh or chinese_or_none(self.code) or chinese("hub.record_rejected")


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

_Parser = Callable[[Any], str | None]
SUBJECT_ID_FIELDS = ("证件号码", "法定代表人证件号码")


def _parser_for(rule: FieldRule) -> _Parser:
    if rule.parser == "amount":
        unit = rule.unit
        return lambda value: values.parse_amount(value, unit=unit)
    parser: _Parser = {
        "text": values.parse_text,
        "date": values.parse_date,
        "party_type": values.parse_party_type,
        "id_number": values.parse_id_number,
    }[rule.parser]
    if not rule.values:
        return parser
    codes = rule.values

    def translated(value: Any) -> str | None:
        key = values.parse_text(value)
        return parser(codes.get(key, value) if key is not None else value)

    return translated


@dataclass
class RecordMapper:
    """Applies a mapping to rows. `required` is the catalog's required fields when it is known."""

    mapping: RecordMapping
    row_id_key: bytes
    required: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.row_id_key) < 16:
            raise ValueError("row id key too short")
        # Resolved once: map_row runs for every row of every file.
        self._plan = [(name, rule.column, _parser_for(rule)) for name, rule in self.mapping.fields.items()]

    def map_row(self, row: SourceRow) -> Record | Rejection:
        fields: dict[str, str] = dict(self.mapping.constants)
        problems: list[Problem] = []
        cells = row.cells
        for name, column, parse in self._plan:
            try:
                parsed = parse(cells.get(column))
            except ValueRejected as exc:
                problems.append(Problem(name, exc.reason, exc.code, exc.message_zh))
                continue
            if parsed is not None:
                fields[name] = parsed
        missing = self.required.difference(fields)
        if missing:
            already = {p.field for p in problems}
            problems.extend(Problem.of(name, "record.field_missing") for name in sorted(missing - already))
        if (
            "证件号码" not in fields
            and "法定代表人证件号码" not in fields
            and not any(p.field in SUBJECT_ID_FIELDS for p in problems)
        ):
            problems.append(Problem.of("证件号码", "record.subject_id_missing"))
        record_id = self._record_id(row, fields)
        if record_id is None:
            problems.append(Problem.of("record_id", "record.id_missing"))
        if problems:
            # A row-hash id means nothing to the department's staff; only their own ids are listed.
            own_id = record_id if self.mapping.record_id is not None else None
            return Rejection(row.number, tuple(problems), own_id)
        assert record_id is not None
        return Record(self.mapping.record_type, record_id, fields)

    def _record_id(self, row: SourceRow, fields: dict[str, str]) -> str | None:
        rule = self.mapping.record_id
        if rule is not None:
            own = values.parse_text(row.cells.get(rule.column))
            return None if own is None else f"{rule.prefix}{own}"
        # No id in the source: a keyed hash of the mapped content. Keyed, because the id is stored in
        # clear and an unkeyed hash of a record's public fields would let anyone test guessed ID numbers.
        canonical = json.dumps([self.mapping.record_type, fields], ensure_ascii=False, sort_keys=True)
        digest = hashlib.blake2b(canonical.encode(), key=self.row_id_key[:64], digest_size=16).digest()
        # Letters only: the hub refuses ids with 7+ digits in a row (they could be ID or phone numbers).
        return "h-" + "".join(_LETTERS[byte >> 4] + _LETTERS[byte & 15] for byte in digest)
