"""XLSX worksheets read as a stream of the rows the file really holds.

openpyxl's read-only mode pads every row to the sheet's declared width and fills the gaps between rows
up to the declared height, so a 5 KB file claiming A1:XFD1048576 costs gigabytes. Here the declared
dimension is checked against the limits before the first row, rows missing from the file are not
made up, and every row, column and cell is checked as it is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from connectors.errors import SourceError
from connectors.tables.limits import DEFAULT_LIMITS, TableLimits
from connectors.tables.rows import Cell, TableRow
from connectors.tables.source import TableSource
from connectors.tables.xlsx_package import Package, open_package, stream_part
from connectors.tables.xlsx_parts import (
    TIMEDELTA_STYLE,
    RichText,
    Sheet,
    date_styles,
    relationships,
    shared_strings,
    workbook,
)

SPREADSHEET_NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",  # "Strict Open XML" workbooks
    }
)
_EXCEL_MAX_COLUMN_LETTERS = 3  # XFD


class XlsxTable:
    def __init__(
        self,
        source: TableSource,
        *,
        name: str,
        sheet: str | int | None = None,
        limits: TableLimits = DEFAULT_LIMITS,
    ) -> None:
        self.name = name
        self._source = source
        self._limits = limits
        self._declared_rows: int | None = None
        with open_package(source, name=name, limits=limits) as package:
            book = workbook(package)
            self._sheet_part = self._pick(book.sheets, sheet)
            parts = {rel.kind: rel.target for rel in relationships(package, book.part).values()}
            self._styles = date_styles(package, parts.get("styles"))
            # The declared dimension is refused now if it is beyond the limits, before the strings are read.
            self._read_head(package)
            self._strings = shared_strings(package, parts.get("sharedStrings"), limits)
        self._epoch = CALENDAR_MAC_1904 if book.date1904 else CALENDAR_WINDOWS_1900

    def _pick(self, sheets: list[Sheet], wanted: str | int | None) -> str:
        if not sheets:
            raise SourceError.coded("table.no_sheets", where=self.name)
        if wanted is None:
            return sheets[0].part
        if isinstance(wanted, int):
            if not 1 <= wanted <= len(sheets):
                raise SourceError.coded("table.no_sheet_number", where=self.name, sheet=wanted)
            return sheets[wanted - 1].part
        for sheet in sheets:
            if sheet.name == wanted:
                return sheet.part
        raise SourceError.coded("table.no_sheet_named", where=self.name, sheet=wanted)

    def _read_head(self, package: Package) -> None:
        try:
            for _ in stream_part(package, self._sheet_part, _SheetRows(self, package, head_only=True)):
                pass
        except _HeadRead:
            pass

    @property
    def row_count_hint(self) -> int | None:
        return self._declared_rows

    def rows(self) -> Iterator[TableRow]:
        with open_package(self._source, name=self.name, limits=self._limits) as package:
            sheet = _SheetRows(self, package)
            yield from stream_part(package, self._sheet_part, sheet)

    def _cell_value(self, kind: str | None, style: int, text: str) -> Cell:
        """The cell as Excel stored it: shared or inline text, number, boolean, date."""
        if kind == "s":
            return self._strings[int(text)]
        if kind in ("str", "inlineStr", "e"):
            return text
        if text == "":
            return None
        if kind == "b":
            return text in ("1", "true")
        if kind == "d":
            try:
                parsed = from_ISO8601(text)
            except ValueError:
                return text
            if isinstance(parsed, dt.date) and not isinstance(parsed, dt.datetime):
                return dt.datetime.combine(parsed, dt.time())  # as Excel dates come otherwise
            return parsed
        number: int | float = int(text) if text.isdigit() else _number(text)
        flag = self._styles[style] if 0 <= style < len(self._styles) else 0
        if flag:
            try:
                converted: Cell = from_excel(number, self._epoch, timedelta=flag == TIMEDELTA_STYLE)
            except (OverflowError, ValueError):
                return number  # a serial no calendar has: the value parsers say what is wrong
            return converted
        return number


def _number(text: str) -> int | float:
    """Excel's numbers: integers stay int (as openpyxl reads them), anything else is a float."""
    try:
        return int(text)
    except ValueError:
        return float(text)


class _HeadRead(Exception):
    """The sheet's data starts here: what comes before it (the dimension) has been read."""


class _SheetRows:
    """Expat handler turning <row>/<c> elements into TableRows, checking each against the limits."""

    def __init__(self, table: XlsxTable, package: Package, *, head_only: bool = False) -> None:
        self.ready: list[TableRow] = []
        self._head_only = head_only
        self._table = table
        self._limits = table._limits
        self._where = package.name
        self._part = table._sheet_part
        self._row: dict[int, Cell] | None = None
        self._row_number = 0
        self._row_chars = 0
        self._column = 0
        self._kind: str | None = None
        self._style = 0
        self._value: list[str] | None = None
        self._in_value = False
        self._value_length = 0
        self._inline: RichText | None = None

        # Expat names elements "namespace local"; one dictionary look-up per element picks the handler.
        self._on_start: dict[str, Callable[[dict[str, str]], None]] = {}
        self._on_end: dict[str, Callable[[], None]] = {}
        for namespace in SPREADSHEET_NAMESPACES:
            self._on_start.update(
                {
                    f"{namespace} row": self._start_row,
                    f"{namespace} c": self._start_cell,
                    f"{namespace} v": self._start_value,
                    f"{namespace} is": self._start_inline,
                    f"{namespace} dimension": self._check_dimension,
                    f"{namespace} sheetData": self._start_data,
                }
            )
            self._on_end.update(
                {f"{namespace} row": self._end_row, f"{namespace} c": self._end_cell, f"{namespace} v": self._end_value}
            )
        self._is_end = {f"{namespace} is" for namespace in SPREADSHEET_NAMESPACES}

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self._inline is not None:
            self._inline.start(name.rpartition(" ")[2])
            return
        handler = self._on_start.get(name)
        if handler is not None:
            handler(attributes)

    def end(self, name: str) -> None:
        if self._inline is not None:
            if name in self._is_end:
                self._value = [self._inline.value()]
                self._inline = None
            else:
                self._inline.end(name.rpartition(" ")[2])
            return
        handler = self._on_end.get(name)
        if handler is not None:
            handler()

    def text(self, data: str) -> None:
        if self._in_value:
            assert self._value is not None
            self._value.append(data)
            self._value_length += len(data)
            if self._value_length > self._limits.max_cell_chars:
                raise self._error("table.cell_too_long", limit=self._limits.max_cell_chars)
        elif self._inline is not None and not self._inline.text(data):
            raise self._error("table.cell_too_long", limit=self._limits.max_cell_chars)

    def _start_data(self, attributes: dict[str, str]) -> None:
        if self._head_only:
            raise _HeadRead

    def _start_value(self, attributes: dict[str, str]) -> None:
        if self._kind is not None:
            self._value, self._value_length, self._in_value = [], 0, True

    def _end_value(self) -> None:
        self._in_value = False

    def _start_inline(self, attributes: dict[str, str]) -> None:
        if self._kind is not None:
            self._inline = RichText(self._limits.max_cell_chars)

    def _error(self, code: str, **params: object) -> SourceError:
        return SourceError.coded(code, where=self._where, row=self._row_number, **params)

    def _damaged(self) -> SourceError:
        return SourceError.coded("table.xlsx_damaged", where=self._where, part=self._part)

    def _check_dimension(self, attributes: dict[str, str]) -> None:
        last = attributes.get("ref", "").rpartition(":")[2]
        try:
            columns, rows = _cell_reference(last)
        except ValueError:
            return  # a malformed dimension is only a hint; every row and cell is still checked
        self._table._declared_rows = rows
        limits = self._limits
        if rows > limits.max_rows or columns > limits.max_columns:
            raise SourceError.coded(
                "table.dimension_too_large",
                where=self._where,
                rows=rows,
                columns=columns,
                max_rows=limits.max_rows,
                max_columns=limits.max_columns,
            )

    def _start_row(self, attributes: dict[str, str]) -> None:
        reference = attributes.get("r")
        try:
            number = int(reference) if reference else self._row_number + 1
        except ValueError:
            raise self._damaged() from None
        if number > self._limits.max_rows:
            raise SourceError.coded("table.too_many_rows", where=self._where, limit=self._limits.max_rows)
        if number < 1:
            raise self._damaged()
        self._row, self._row_number, self._row_chars, self._column = {}, number, 0, 0

    def _start_cell(self, attributes: dict[str, str]) -> None:
        if self._row is None:
            return
        reference = attributes.get("r")
        try:
            self._column = _column_of(reference) if reference else self._column + 1
            style = attributes.get("s")
            self._style = int(style) if style else 0
        except ValueError:
            raise self._damaged() from None
        self._kind = attributes.get("t", "n")
        self._value = None

    def _end_cell(self) -> None:
        if self._row is None:
            return
        kind, text = self._kind, "".join(self._value) if self._value is not None else None
        self._kind, self._value = None, None
        if text is None:
            return  # a formatted cell without a value
        try:
            value = self._table._cell_value(kind, self._style, text)
        except (ValueError, IndexError):
            raise self._damaged() from None
        if value is None or value == "":
            return
        if self._column > self._limits.max_columns:
            raise self._error("table.too_many_columns", limit=self._limits.max_columns)
        if isinstance(value, str):
            if len(value) > self._limits.max_cell_chars:
                raise self._error("table.cell_too_long", limit=self._limits.max_cell_chars)
            self._row_chars += len(value)
            if self._row_chars > self._limits.max_row_chars:
                raise self._error("table.row_too_long", limit=self._limits.max_row_chars)
        self._row[self._column] = value

    def _end_row(self) -> None:
        if self._row is None:
            return
        cells: list[Cell] = [None] * (max(self._row) if self._row else 0)
        for column, value in self._row.items():
            cells[column - 1] = value
        self.ready.append(TableRow(self._row_number, cells))
        self._row = None


_COLUMNS: dict[str, int] = {}


def _column_of(reference: str) -> int:
    """The column of a cell reference; the letters of the few columns a sheet uses are remembered."""
    letters = reference.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is None:
        column = _cell_reference(reference)[0]
        if len(_COLUMNS) < 1024:
            _COLUMNS[letters] = column
    return column


def _cell_reference(reference: str) -> tuple[int, int]:
    """(column, row) of "AB12"; ValueError if it is not a cell reference Excel could write."""
    letters = 0
    column = 0
    for char in reference:
        if "A" <= char <= "Z":
            column = column * 26 + ord(char) - 64
            letters += 1
        else:
            break
    if not 1 <= letters <= _EXCEL_MAX_COLUMN_LETTERS:
        raise ValueError(reference)
    digits = reference[letters:]
    if not digits:
        return column, 0
    if not digits.isdigit() or len(digits) > 7:
        raise ValueError(reference)
    return column, int(digits)
