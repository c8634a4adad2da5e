"""A department's CSV or XLSX export: the bounded table reader plus the header row wherever it is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from connectors.mapping import SourceSpec
from connectors.records import SourceRow
from connectors.sources.base import HEADER_SEARCH_ROWS, find_header
from connectors.tables import DEFAULT_LIMITS, CsvTable, TableLimits, TableRow, open_table


class TableFileSource:
    def __init__(
        self, path: Path, *, spec: SourceSpec, columns: list[str], limits: TableLimits = DEFAULT_LIMITS
    ) -> None:
        self.name = path.name
        self._table = open_table(
            path,
            format=spec.format,
            encoding=spec.encoding,
            delimiter=spec.delimiter,
            sheet=spec.sheet,
            limits=limits,
        )
        last_candidate = max(HEADER_SEARCH_ROWS, spec.header_row or 0)
        head: list[TableRow] = []
        for row in self._table.rows():
            if row.number > last_candidate:
                break
            head.append(row)
        self._header_number, self._positions = find_header(
            head, columns=columns, declared=spec.header_row, source=path.name
        )
        self._widest = max(self._positions.values(), default=-1)

    @property
    def encoding(self) -> str | None:
        """The CSV's encoding as declared or detected; None for a workbook."""
        return self._table.encoding if isinstance(self._table, CsvTable) else None

    @property
    def total(self) -> int | None:
        hint = self._table.row_count_hint
        # A workbook whose dimension says only "A1" (some writers) gives no useful total.
        return hint - self._header_number if hint is not None and hint > self._header_number else None

    def rows(self) -> Iterator[SourceRow]:
        positions = list(self._positions.items())
        header = self._header_number
        for row in self._table.rows():
            if row.number <= header or row.is_blank():
                continue  # title rows, the header, blank lines at the end of Excel exports
            cells = row.cells
            if len(cells) > self._widest:
                yield SourceRow(row.number, {name: cells[pos] for name, pos in positions})
            else:
                width = len(cells)
                yield SourceRow(row.number, {name: cells[pos] if pos < width else None for name, pos in positions})
