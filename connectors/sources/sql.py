"""A line-of-business database pulled incrementally by a cursor column (updated_at or id).

The department writes a plain query; the connector wraps it as
    SELECT * FROM (<query>) AS hub_source WHERE <cursor> >= :cursor ORDER BY <cursor>
and remembers the last cursor value plus which rows at exactly that value it has already handled.
`>=` with that set, rather than `>`, is what makes rows sharing one timestamp safe across a crash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from connectors.atomic import write_json_atomically
from connectors.errors import ConnectorError, SourceError
from connectors.records import SourceRow

STATE_VERSION = 1


def _encode(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    for kind, cls in (("datetime", dt.datetime), ("date", dt.date)):
        if isinstance(value, cls):
            return {"type": kind, "value": value.isoformat()}
    if isinstance(value, bool):
        raise SourceError("cursor column must be a number, text or a date/time")
    for kind, cls2 in (("int", int), ("decimal", Decimal), ("float", float), ("str", str)):
        if isinstance(value, cls2):
            return {"type": kind, "value": str(value) if kind != "float" else repr(value)}
    raise SourceError(f"cursor column of unsupported type {type(value).__name__}")


def _decode(data: dict[str, str] | None) -> Any:
    if data is None:
        return None
    kind, text = data["type"], data["value"]
    decoders: dict[str, Any] = {
        "datetime": dt.datetime.fromisoformat,
        "date": dt.date.fromisoformat,
        "int": int,
        "decimal": Decimal,
        "float": float,
        "str": str,
    }
    return decoders[kind](text)


@dataclass
class CursorState:
    """Where the last pull stopped. Row keys are keyed hashes: the state file holds no personal value."""

    path: Path
    cursor: Any = None
    keys_at_cursor: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> CursorState:
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                raise ValueError("version")
            return cls(path, _decode(data["cursor"]), set(data["keys_at_cursor"]))
        except (OSError, ValueError, KeyError, TypeError):
            raise ConnectorError(f"pull state {path} is damaged; fix or remove it (removing re-sends all)") from None

    def advance(self, cursor: Any, key: str) -> None:
        if cursor != self.cursor:
            self.cursor, self.keys_at_cursor = cursor, set()
        self.keys_at_cursor.add(key)

    def save(self) -> None:
        write_json_atomically(
            self.path,
            {
                "version": STATE_VERSION,
                "cursor": _encode(self.cursor),
                "keys_at_cursor": sorted(self.keys_at_cursor),
            },
        )


class SqlSource:
    def __init__(self, *, url: str, query: str, cursor_column: str, state: CursorState, row_key_secret: bytes):
        self.name = "pull"
        self._query = query.strip().rstrip(";")
        self._cursor_column = cursor_column
        self._state = state
        self._secret = row_key_secret
        try:
            self._engine = sa.create_engine(url)
        except (SQLAlchemyError, ValueError, ImportError) as exc:
            raise SourceError(f"cannot use database URL ({type(exc).__name__})") from None

    def row_key(self, cells: dict[str, Any]) -> str:
        canonical = json.dumps(sorted((str(k), str(v)) for k, v in cells.items()), ensure_ascii=False)
        return hashlib.blake2b(canonical.encode(), key=self._secret[:64], digest_size=16).hexdigest()

    def cursor_of(self, row: SourceRow) -> Any:
        return row.cells[self._cursor_column]

    @property
    def total(self) -> int | None:
        return None

    def _statement(self) -> tuple[sa.TextClause, dict[str, Any]]:
        column = self._engine.dialect.identifier_preparer.quote(self._cursor_column)
        sql = f"SELECT * FROM ({self._query}) AS hub_source"  # noqa: S608 - the department's own query
        params: dict[str, Any] = {}
        if self._state.cursor is not None:
            sql += f" WHERE {column} >= :hub_cursor"
            params["hub_cursor"] = self._state.cursor
        return sa.text(f"{sql} ORDER BY {column}"), params

    def rows(self) -> Iterator[SourceRow]:
        statement, params = self._statement()
        number = 0
        try:
            with self._engine.connect() as connection:
                result = connection.execution_options(stream_results=True, yield_per=1000).execute(statement, params)
                if self._cursor_column not in result.keys():
                    raise SourceError(f"query has no column {self._cursor_column} (pull.cursor_column)")
                for row in result:
                    cells = dict(row._mapping)
                    if cells[self._cursor_column] == self._state.cursor and (
                        self.row_key(cells) in self._state.keys_at_cursor
                    ):
                        continue
                    number += 1
                    yield SourceRow(number, cells)
        except SQLAlchemyError as exc:
            # The driver's message can quote row data; say only what kind of failure it was.
            raise SourceError(f"database query failed ({type(exc).__name__})") from None

    def dispose(self) -> None:
        self._engine.dispose()
