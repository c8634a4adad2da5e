"""What every file source offers the pipeline, and the header matching they share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from connectors.errors import SourceError
from connectors.mapping import column_key
from connectors.records import SourceRow

# How far down an auto-detected header may be (title rows, dates, notes above it).
HEADER_SEARCH_ROWS = 30


class FileSource(Protocol):
    name: str

    @property
    def total(self) -> int | None:
        """Data rows in the file if known cheaply (for the progress bar)."""

    def rows(self) -> Iterator[SourceRow]: ...


def find_header(
    rows: Sequence[Sequence[Any]], *, columns: list[str], declared: int | None, source: str
) -> tuple[int, dict[str, int]]:
    """(0-based header index, mapping column -> cell position) for a declared or detected header row."""
    wanted = {column_key(name): name for name in columns}
    candidates = [declared - 1] if declared is not None else range(min(len(rows), HEADER_SEARCH_ROWS))
    best_missing: list[str] = list(columns)
    for index in candidates:
        if index >= len(rows):
            break
        positions: dict[str, int] = {}
        for position, cell in enumerate(rows[index]):
            key = column_key(str(cell)) if cell is not None else ""
            if key in wanted:
                if wanted[key] in positions:
                    raise SourceError(f"{source}: row {index + 1}: column {wanted[key]} appears twice")
                positions[wanted[key]] = position
        missing = [name for name in columns if name not in positions]
        if not missing:
            return index, positions
        if len(missing) < len(best_missing):
            best_missing = missing
    where = f"row {declared}" if declared is not None else f"the first {HEADER_SEARCH_ROWS} rows"
    raise SourceError(f"{source}: no header in {where} has the mapped columns; missing: {', '.join(best_missing)}")
