"""Reading an uploaded national-standard file (CSV or XLSX): the first row names the GB fields.

The bytes go through the connectors' bounded table reader (one reader for every CSV/XLSX input), with
limits fit for a file held whole in memory. Cells are returned as text; validation (hub.records.validation)
decides what is acceptable. Errors name the row and column, never a cell's value or the file's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from connectors.errors import SourceError
from connectors.tables import MiB, TableLimits, TableRow, format_of, open_table
from connectors.tables.source import TableSource
from hub.disclosure.errors import InvalidDisclosureInput

MAX_ROWS = 100_000
UPLOAD_LIMITS = TableLimits(
    max_rows=MAX_ROWS + 1,  # and the header
    max_columns=128,  # the national standard has about 30 fields
    max_cell_chars=32_767,
    max_row_chars=256 * 1024,
    max_bytes=64 * MiB,
)


@dataclass(frozen=True)
class UploadRow:
    number: int  # the row a person sees in the file
    fields: dict[str, str]


def read_rows(
    *, name: str, content: TableSource, where: str = "upload", limits: TableLimits = UPLOAD_LIMITS
) -> list[UploadRow]:
    """Non-blank rows of a .csv (UTF-8 with or without BOM, GBK/GB18030, UTF-16) or .xlsx file as
    {field: text}, without empty cells, each with its row number. `where` starts every error message."""
    kind = format_of(name)
    if kind is None or Path(name).suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidDisclosureInput("upload.file_type", where=where)
    try:
        table = open_table(content, name=where, format=kind, limits=limits)
        rows = [row for row in table.rows() if not row.is_blank()]
    except SourceError as exc:
        raise InvalidDisclosureInput.from_below(exc.code, english=str(exc), chinese=exc.message_zh) from None
    if not rows:
        raise InvalidDisclosureInput("upload.empty", where=where)
    header = [_cell_text(cell).strip() for cell in rows[0].cells]
    named = [h for h in header if h]
    if len(set(named)) != len(named):
        raise InvalidDisclosureInput("upload.duplicate_column", where=where)
    data = [_fields(header, row) for row in rows[1:]]
    if not data:
        raise InvalidDisclosureInput("upload.no_rows", where=where)
    return data


def _fields(header: list[str], row: TableRow) -> UploadRow:
    fields = {}
    for name, cell in zip(header, row.cells, strict=False):
        text = _cell_text(cell).strip()
        if name and text:
            fields[name] = text
    return UploadRow(row.number, fields)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
