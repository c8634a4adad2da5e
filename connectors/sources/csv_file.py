"""CSV exports in UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16 (Excel's "Unicode text")."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer

from connectors.errors import SourceError
from connectors.mapping import SourceSpec
from connectors.records import SourceRow
from connectors.sources.base import HEADER_SEARCH_ROWS, find_header


def decode(data: bytes, *, declared: str, source: str) -> tuple[str, str]:
    """(text, encoding used). Declared encodings are strict; "auto" tries the likely ones in order."""
    if declared != "auto":
        encoding = {"utf-8": "utf-8-sig", "utf-16": "utf-16"}.get(declared, declared)
        try:
            return data.decode(encoding), declared
        except UnicodeDecodeError as exc:
            raise SourceError(f"{source}: not valid {declared} at byte {exc.start}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", source), "utf-8-sig"
    # UTF-8 is strict enough that Chinese GBK text almost never passes it by accident; GB18030 is
    # the superset of GBK that Chinese Excel writes, so it goes second.
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        raise SourceError(f"{source}: cannot detect the text encoding; declare source.encoding")
    return str(guess), guess.encoding


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(f"{source}: not valid {encoding} at byte {exc.start}") from None


class CsvSource:
    def __init__(self, path: Path, *, spec: SourceSpec, columns: list[str]) -> None:
        self.name = path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"{path.name}: cannot read ({type(exc).__name__})") from None
        self._text, self.encoding = decode(data, declared=spec.encoding, source=path.name)
        delimiter = spec.delimiter
        if spec.delimiter == "," and self.encoding == "utf-16":
            delimiter = "\t"  # Excel's "Unicode text" export is tab separated
        self._delimiter = delimiter
        head = []
        reader = csv.reader(io.StringIO(self._text), delimiter=delimiter)
        for row in reader:
            head.append(row)
            if len(head) >= max(HEADER_SEARCH_ROWS, spec.header_row or 0):
                break
        self._header_index, self._positions = find_header(
            head, columns=columns, declared=spec.header_row, source=path.name
        )
        self._total: int | None = None

    @property
    def total(self) -> int | None:
        if self._total is None:
            # Counting lines over-counts quoted newlines a little; it only sizes the progress bar.
            lines = self._text.count("\n") + (0 if self._text.endswith("\n") else 1)
            self._total = max(lines - self._header_index - 1, 0)
        return self._total

    def rows(self) -> Iterator[SourceRow]:
        reader = csv.reader(io.StringIO(self._text), delimiter=self._delimiter)
        positions = list(self._positions.items())
        widest = max(pos for _, pos in positions) + 1
        for index, cells in enumerate(reader):
            if index <= self._header_index:
                continue
            if not any(cells) or not any(cell.strip() for cell in cells):
                continue  # blank lines at the end of Excel exports
            number = reader.line_num  # the line the row ends on: what an editor shows for one-line rows
            if len(cells) < widest:
                cells = cells + [None] * (widest - len(cells))  # type: ignore[list-item]
            yield SourceRow(number, {name: cells[pos] for name, pos in positions})
