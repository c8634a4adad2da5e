"""One bounded reader for the CSV and XLSX files departments export, used by the connectors, the hub's
upload and `hub redact --records`.

    table = open_table(path, format=None, encoding="auto", sheet=None, limits=TableLimits(...))
    for row in table.rows():          # TableRow(number, cells), one row in memory at a time
        ...

Memory stays bounded for any input (a crafted one included): sizes and declared dimensions are checked
before anything is built, rows are streamed, and rows, columns, cells and bytes have limits whose
errors name the limit (SourceError with a `table.*` code), never a value.
"""

from __future__ import annotations

from pathlib import Path

from connectors.errors import SourceError
from connectors.tables.csv_table import ENCODINGS, CsvTable
from connectors.tables.limits import DEFAULT_LIMITS, MiB, TableLimits
from connectors.tables.rows import Cell, Table, TableRow
from connectors.tables.source import TableSource
from connectors.tables.xlsx_table import XlsxTable

__all__ = [
    "DEFAULT_LIMITS",
    "ENCODINGS",
    "Cell",
    "CsvTable",
    "MiB",
    "Table",
    "TableLimits",
    "TableRow",
    "XlsxTable",
    "format_of",
    "open_table",
]

_FORMATS_BY_SUFFIX = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}


def format_of(name: str) -> str | None:
    """csv or xlsx by the file name's extension; None when it says neither."""
    return _FORMATS_BY_SUFFIX.get(Path(name).suffix.lower())


def open_table(
    source: TableSource,
    *,
    name: str | None = None,
    format: str | None = None,
    encoding: str = "auto",
    delimiter: str = ",",
    sheet: str | int | None = None,
    limits: TableLimits = DEFAULT_LIMITS,
) -> CsvTable | XlsxTable:
    """The table in `source` (a file, or bytes with their file `name`), by declared format or extension.

    `name` is how errors refer to the file (default: the file's name)."""
    if name is None:
        if not isinstance(source, Path):
            raise TypeError("bytes need a name")
        name = source.name
    kind = format or format_of(source.name if isinstance(source, Path) else name)
    if kind == "csv":
        return CsvTable(source, name=name, encoding=encoding, delimiter=delimiter, limits=limits)
    if kind == "xlsx":
        return XlsxTable(source, name=name, sheet=sheet, limits=limits)
    raise SourceError.coded("table.unknown_format", where=name)
