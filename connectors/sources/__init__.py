"""Where rows come from: CSV and XLSX files, a SQL database."""

from __future__ import annotations

from pathlib import Path

from connectors.errors import SourceError
from connectors.mapping import SourceSpec
from connectors.sources.base import FileSource
from connectors.sources.csv_file import CsvSource
from connectors.sources.xlsx_file import XlsxSource

__all__ = ["CsvSource", "FileSource", "XlsxSource", "open_file_source"]


def open_file_source(path: Path, *, spec: SourceSpec, columns: list[str]) -> FileSource:
    """The reader for `path`, by the declared format or else the file's extension."""
    kind = spec.format or {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(path.suffix.lower())
    if kind == "csv":
        return CsvSource(path, spec=spec, columns=columns)
    if kind == "xlsx":
        return XlsxSource(path, spec=spec, columns=columns)
    raise SourceError(f"{path.name}: unknown file type; declare source.format (csv or xlsx)")
