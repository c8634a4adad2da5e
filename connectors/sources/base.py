"""What every file source offers the pipeline, and how the header row is found."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from connectors.errors import SourceError
from connectors.mapping import column_key
from connectors.records import SourceRow
from connectors.tables import TableRow

# How far down an auto-detected header may be (title rows, dates, notes above it).
HEADER_SEARCH_ROWS = 30


class FileSource(Protocol):
    name: str

    @property
    def total(self) -> int | None:
        """Data rows in the file if known cheaply (for the progress bar)."""

    def rows(self) -> Iterator[SourceRow]: ...


def find_header(
    rows: Sequence[TableRow], *, columns: list[str], declared: int | None, source: str
) -> tuple[int, dict[str, int]]:
    """(header row number, mapping column -> cell position) for a declared or detected header row."""
    wanted = {column_key(name): name for name in columns}
    if declared is not None:
        candidates = [row for row in rows if row.number == declared]
    else:
        candidates = [row for row in rows if row.number <= HEADER_SEARCH_ROWS]
    best_missing: list[str] = list(columns)
    for row in candidates:
        positions: dict[str, int] = {}
        for position, cell in enumerate(row.cells):
            key = column_key(str(cell)) if cell is not None else ""
            if key in wanted:
                if wanted[key] in positions:
                    raise SourceError.coded("source.column_twice", where=source, row=row.number, column=wanted[key])
                positions[wanted[key]] = position
        missing = [name for name in columns if name not in positions]
        if not missing:
            return row.number, positions
        if len(missing) < len(best_missing):
            best_missing = missing
    where, where_zh = (
        (f"row {declared}", f"第 {declared} 行")
        if declared is not None
        else (f"the first {HEADER_SEARCH_ROWS} rows", f"前 {HEADER_SEARCH_ROWS} 行")
    )
    raise SourceError.coded(
        "source.header_missing", where=source, where_in=where, where_zh=where_zh, columns=", ".join(best_missing)
    )
