"""XLSX workbooks (openpyxl): a chosen sheet, the header row wherever it is."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from connectors.errors import SourceError
from connectors.mapping import SourceSpec
from connectors.records import SourceRow
from connectors.sources.base import HEADER_SEARCH_ROWS, find_header


class XlsxSource:
    def __init__(self, path: Path, *, spec: SourceSpec, columns: list[str]) -> None:
        self.name = path.name
        self._path = path
        self._spec = spec
        self._total: int | None = None
        head = [list(row) for row in self._sheet_rows(limit=max(HEADER_SEARCH_ROWS, spec.header_row or 0))]
        self._header_index, self._positions = find_header(
            head, columns=columns, declared=spec.header_row, source=path.name
        )

    def _sheet_rows(self, *, limit: int | None = None) -> Iterator[tuple[Any, ...]]:
        try:
            workbook = openpyxl.load_workbook(self._path, read_only=True, data_only=True)
        except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
            raise SourceError(f"{self.name}: not a readable XLSX workbook ({type(exc).__name__})") from None
        try:
            sheet = self._pick_sheet(workbook)
            max_row = sheet.max_row
            if self._total is None and isinstance(max_row, int):
                self._total = max_row
            yield from sheet.iter_rows(values_only=True, max_row=limit)
        finally:
            workbook.close()

    def _pick_sheet(self, workbook: Any) -> Any:
        wanted = self._spec.sheet
        if wanted is None:
            return workbook.worksheets[0]
        if isinstance(wanted, int):
            if not 1 <= wanted <= len(workbook.worksheets):
                raise SourceError(f"{self.name}: no sheet number {wanted}")
            return workbook.worksheets[wanted - 1]
        if wanted not in workbook.sheetnames:
            raise SourceError(f"{self.name}: no sheet named {wanted}")
        return workbook[wanted]

    @property
    def total(self) -> int | None:
        if self._total is None:
            return None
        return max(self._total - self._header_index - 1, 0)

    def rows(self) -> Iterator[SourceRow]:
        positions = self._positions
        for index, cells in enumerate(self._sheet_rows()):
            if index <= self._header_index:
                continue
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            yield SourceRow(
                index + 1,
                {name: cells[pos] if pos < len(cells) else None for name, pos in positions.items()},
            )
