"""CSV exports in UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16 (Excel's "Unicode text"), in bounded memory.

Two passes over the bytes. The first settles the encoding (declared, or detected) by decoding the whole
file strictly, a block at a time, so a bad byte refuses the file before any row is used. The second
parses rows from lines read no longer than a row may be.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import TextIO, cast

import charset_normalizer

from connectors.errors import SourceError
from connectors.tables.limits import DEFAULT_LIMITS, TableLimits
from connectors.tables.rows import Cell, TableRow
from connectors.tables.source import TableSource, open_binary, size_of

ENCODINGS = ("auto", "utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16")
_BLOCK = 1 << 16
_DETECTOR_SAMPLE = 1 << 20  # what charset_normalizer sees when neither UTF-8 nor GB18030 fits


class CsvTable:
    def __init__(
        self,
        source: TableSource,
        *,
        name: str,
        encoding: str = "auto",
        delimiter: str = ",",
        limits: TableLimits = DEFAULT_LIMITS,
    ) -> None:
        self.name = name
        self._source = source
        self._limits = limits
        if size_of(source, name) > limits.max_bytes:
            raise SourceError.coded("table.too_large", where=name, limit=limits.max_bytes)
        self.encoding, self._codec, self._line_count = self._settle_encoding(encoding)
        # Excel's "Unicode text" export is tab separated.
        self._delimiter = "\t" if delimiter == "," and self._codec == "utf-16" else delimiter

    @property
    def row_count_hint(self) -> int | None:
        return self._line_count

    def rows(self) -> Iterator[TableRow]:
        limits, name = self._limits, self.name
        with open_binary(self._source, name) as raw:
            text = io.TextIOWrapper(raw, encoding=self._codec, newline="")
            position = _Position()
            reader = csv.reader(_bounded_lines(text, limits, name, position), delimiter=self._delimiter)
            count = 0
            try:
                for cells in reader:
                    position.row_chars = 0
                    count += 1
                    if count > limits.max_rows:
                        raise SourceError.coded("table.too_many_rows", where=name, limit=limits.max_rows)
                    yield TableRow(reader.line_num, _checked(cells, reader.line_num, limits, name))
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise SourceError.coded(
                        "table.cell_too_long", where=name, row=position.line, limit=limits.max_cell_chars
                    ) from None
                raise SourceError.coded("table.csv_malformed", where=name, line=position.line) from None

    def _settle_encoding(self, declared: str) -> tuple[str, str, int]:
        """(encoding as named to the user, Python codec, line count) or SourceError."""
        if declared not in ENCODINGS:
            raise ValueError(f"unknown encoding {declared!r}")
        if declared != "auto":
            # A declared UTF-8 file may still start with a BOM; it is not part of the first cell.
            codec = {"utf-8": "utf-8-sig"}.get(declared, declared)
            return declared, codec, self._decode_all(codec, shown=declared)
        with open_binary(self._source, self.name) as raw:
            head = raw.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", "utf-16", self._decode_all("utf-16", shown="utf-16")
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", "utf-8-sig", self._decode_all("utf-8-sig", shown="utf-8-sig")
        # UTF-8 is strict enough that Chinese GBK text almost never passes it by accident; GB18030 is
        # the superset of GBK that Chinese Excel writes, so it goes second.
        for codec in ("utf-8", "gb18030"):
            lines = _line_count_if_decodes(self._source, self.name, codec)
            if isinstance(lines, int):
                return codec, codec, lines
        with open_binary(self._source, self.name) as raw:
            sample = raw.read(_DETECTOR_SAMPLE)
        guess = charset_normalizer.from_bytes(sample).best()
        if guess is None:
            raise SourceError.coded("table.encoding_unknown", where=self.name)
        codec = guess.encoding
        return codec, codec, self._decode_all(codec, shown=codec)

    def _decode_all(self, codec: str, *, shown: str) -> int:
        outcome = _line_count_if_decodes(self._source, self.name, codec)
        if isinstance(outcome, _BadByte):
            raise SourceError.coded("table.encoding_invalid", where=self.name, encoding=shown, offset=outcome.offset)
        return outcome


class _BadByte:
    def __init__(self, offset: int) -> None:
        self.offset = offset


def _line_count_if_decodes(source: TableSource, name: str, codec: str) -> int | _BadByte:
    """The number of lines if the whole input decodes strictly as `codec`, else where it first fails."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    offset = lines = 0
    last = ""
    with open_binary(source, name) as raw:
        while True:
            block = raw.read(_BLOCK)
            pending = len(decoder.getstate()[0])
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                return _BadByte(offset - pending + exc.start)
            lines += text.count("\n")
            last = text[-1:] or last
            offset += len(block)
            if not block:
                break
    return lines + (1 if last not in ("", "\n") else 0)


class _Position:
    """How far the line reader got: lines read, and characters of the row being read."""

    line = 0
    row_chars = 0


def _bounded_lines(text: TextIO, limits: TableLimits, name: str, position: _Position) -> Iterator[str]:
    """Lines for csv.reader: no line, and no row made of several lines, longer than a row may be."""
    limit = limits.max_row_chars
    readline = text.readline
    while line := readline(limit + 1):
        position.line += 1
        position.row_chars += len(line)
        if position.row_chars > limit:
            raise SourceError.coded("table.row_too_long", where=name, row=position.line, limit=limit)
        yield line


def _checked(cells: list[str], line: int, limits: TableLimits, name: str) -> list[Cell]:
    if len(cells) > limits.max_columns:
        # Exports often pad rows with empty cells far to the right; only a value out there is refused.
        if any(cell.strip() for cell in cells[limits.max_columns :]):
            raise SourceError.coded("table.too_many_columns", where=name, row=line, limit=limits.max_columns)
        cells = cells[: limits.max_columns]
    if cells and max(map(len, cells)) > limits.max_cell_chars:
        raise SourceError.coded("table.cell_too_long", where=name, row=line, limit=limits.max_cell_chars)
    return cast(list[Cell], cells)  # text cells; the list is the reader's own, not shared
