"""Where a table's bytes are: a file (connectors, the CLI) or bytes already in memory (an upload)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from connectors.errors import SourceError

TableSource = Path | bytes


def open_binary(source: TableSource, name: str) -> BinaryIO:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    try:
        return source.open("rb")
    except OSError as exc:
        raise SourceError.coded("table.unreadable", where=name, kind=type(exc).__name__) from None


def size_of(source: TableSource, name: str) -> int:
    if isinstance(source, bytes):
        return len(source)
    try:
        return source.stat().st_size
    except OSError as exc:
        raise SourceError.coded("table.unreadable", where=name, kind=type(exc).__name__) from None
