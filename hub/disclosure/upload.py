"""Reading an uploaded national-standard file (CSV or XLSX): the first row names the GB fields.

Cells are returned as text; validation (hub.records.validation) decides what is acceptable. Errors name
the file, row and column, never a cell's value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from hub.disclosure.errors import InvalidDisclosureInput

MAX_ROWS = 100_000


def read_rows(*, name: str, content: bytes) -> list[dict[str, str]]:
    """Rows of a .csv (UTF-8, with or without BOM; or GB18030) or .xlsx file as {field: text}."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        table = _csv_table(content)
    elif suffix == ".xlsx":
        table = _xlsx_table(content)
    else:
        raise InvalidDisclosureInput("upload: expected a .csv or .xlsx file")
    if not table:
        raise InvalidDisclosureInput("upload: the file is empty")
    header = [cell.strip() for cell in table[0]]
    if len(set(h for h in header if h)) != len([h for h in header if h]):
        raise InvalidDisclosureInput("upload: a column name appears twice in the header")
    rows = [
        {name: value.strip() for name, value in zip(header, row, strict=False) if name and value.strip()}
        for row in table[1:]
        if any(cell.strip() for cell in row)
    ]
    if len(rows) > MAX_ROWS:
        raise InvalidDisclosureInput(f"upload: more than {MAX_ROWS} rows")
    if not rows:
        raise InvalidDisclosureInput("upload: no data rows")
    return rows


def _csv_table(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InvalidDisclosureInput("upload: not UTF-8 or GB18030 text")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        raise InvalidDisclosureInput("upload: malformed CSV") from None


def _xlsx_table(content: bytes) -> list[list[str]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError):
        raise InvalidDisclosureInput("upload: not a readable XLSX workbook") from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


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
