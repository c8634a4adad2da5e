"""Where rows come from: CSV and XLSX files (connectors.tables), a SQL database."""

from __future__ import annotations

from pathlib import Path

from connectors.mapping import SourceSpec
from connectors.sources.base import FileSource
from connectors.sources.table_file import TableFileSource

__all__ = ["FileSource", "TableFileSource", "open_file_source"]


def open_file_source(path: Path, *, spec: SourceSpec, columns: list[str]) -> FileSource:
    """The reader for `path`, by the declared format or else the file's extension."""
    return TableFileSource(path, spec=spec, columns=columns)
