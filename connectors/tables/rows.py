"""What a table reader gives: numbered rows of cells, one row in memory at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple, Protocol

# CSV cells are text; workbook cells keep the type Excel stored (numbers, booleans, dates).
Cell = str | int | float | bool | dt.datetime | dt.time | dt.timedelta | None


class TableRow(NamedTuple):
    """`number` is what a person sees: the CSV line the row ends on, or the sheet's row number."""

    number: int
    cells: list[Cell]

    def is_blank(self) -> bool:
        for cell in self.cells:
            if cell is not None and (cell.strip() if isinstance(cell, str) else True):
                return False
        return True


class Table(Protocol):
    name: str

    @property
    def row_count_hint(self) -> int | None:
        """Rows in the file as far as known cheaply (sizes a progress bar; never trusted for memory)."""

    def rows(self) -> Iterator[TableRow]:
        """The rows from the top; each call starts again at the first row."""
