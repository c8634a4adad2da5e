"""An XLSX file as a zip package, opened only after its sizes are checked (zip bombs), and its XML parts
parsed as a stream (one block of the part in memory, never a tree).

zipfile builds an object per central-directory entry and trusts nothing else, so the end record is read
first and a package whose central directory is larger than any workbook's is refused before zipfile
sees it. The declared unpacked sizes are summed before anything is read; zipfile itself stops a part at
its declared size (and fails its checksum), so a part cannot unpack to more than it declares.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, Protocol
from xml.parsers import expat

from connectors.errors import SourceError
from connectors.tables.limits import TableLimits
from connectors.tables.source import TableSource, open_binary, size_of

# Excel writes a few dozen parts; thousands would only come from a crafted file.
MAX_PARTS = 10_000
MAX_CENTRAL_DIRECTORY_BYTES = 1 << 20
_BLOCK = 1 << 16

_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END_RECORD = b"PK\x06\x06"


class Package:
    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self._archive = archive
        self.name = name
        self._parts = {info.filename: info for info in archive.infolist()}

    def has(self, part: str) -> bool:
        return part in self._parts

    @contextmanager
    def open(self, part: str) -> Iterator[BinaryIO]:
        if part not in self._parts:
            raise SourceError.coded("table.xlsx_damaged", where=self.name, part=part)
        try:
            with self._archive.open(self._parts[part]) as stream:
                yield stream  # type: ignore[misc]
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            # A wrong checksum, a truncated or encrypted part, an unknown compression method.
            raise SourceError.coded("table.xlsx_damaged", where=self.name, part=part) from None


@contextmanager
def open_package(source: TableSource, *, name: str, limits: TableLimits) -> Iterator[Package]:
    if size_of(source, name) > limits.max_bytes:
        raise SourceError.coded("table.too_large", where=name, limit=limits.max_bytes)
    with open_binary(source, name) as raw:
        _check_central_directory(raw, name)
        try:
            archive = zipfile.ZipFile(raw)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, struct.error):
            raise SourceError.coded("table.not_xlsx", where=name) from None
        with archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise SourceError.coded("table.too_many_parts", where=name, limit=MAX_PARTS)
            if sum(info.file_size for info in infos) > limits.max_bytes:
                raise SourceError.coded("table.unpacked_too_large", where=name, limit=limits.max_bytes)
            yield Package(archive, name)


def _check_central_directory(raw: BinaryIO, name: str) -> None:
    """Refuse a zip whose end record announces more parts, or a bigger directory, than a workbook has."""
    size = raw.seek(0, 2)
    tail_size = min(size, 22 + 0xFFFF)  # the end record and the longest comment
    raw.seek(size - tail_size)
    tail = raw.read(tail_size)
    raw.seek(0)
    at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) - at < 22:
        raise SourceError.coded("table.not_xlsx", where=name)
    entries, directory_bytes = struct.unpack_from("<HI", tail, at + 10)
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
        entries, directory_bytes = _zip64_counts(raw, tail, at, name)
    if entries > MAX_PARTS:
        raise SourceError.coded("table.too_many_parts", where=name, limit=MAX_PARTS)
    if directory_bytes > MAX_CENTRAL_DIRECTORY_BYTES:
        raise SourceError.coded("table.too_many_parts", where=name, limit=MAX_PARTS)


def _zip64_counts(raw: BinaryIO, tail: bytes, end_record_at: int, name: str) -> tuple[int, int]:
    locator = end_record_at - 20
    if locator < 0 or tail[locator : locator + 4] != _ZIP64_LOCATOR:
        raise SourceError.coded("table.not_xlsx", where=name)
    (offset,) = struct.unpack_from("<Q", tail, locator + 8)
    raw.seek(offset)
    record = raw.read(56)
    raw.seek(0)
    if len(record) < 56 or record[:4] != _ZIP64_END_RECORD:
        raise SourceError.coded("table.not_xlsx", where=name)
    entries, directory_bytes = struct.unpack_from("<QQ", record, 32)
    return entries, directory_bytes


class XmlHandler(Protocol):
    """Receives one part's elements; puts what it finished into `ready` for the caller to take."""

    ready: list[Any]

    def start(self, name: str, attributes: dict[str, str]) -> None: ...

    def end(self, name: str) -> None: ...

    def text(self, data: str) -> None: ...


def stream_part(package: Package, part: str, handler: XmlHandler) -> Iterator[Any]:
    """Parse `part` a block at a time, yielding what the handler finished after each block."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse(*_: object) -> None:
        # No workbook needs a DTD; refusing it rules out entity expansion of every kind.
        raise SourceError.coded("table.xml_refused", where=package.name, part=part)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    with package.open(part) as stream:
        try:
            while block := stream.read(_BLOCK):
                parser.Parse(block, False)
                if handler.ready:
                    yield from handler.ready
                    handler.ready.clear()
            parser.Parse(b"", True)
        except expat.ExpatError:
            raise SourceError.coded("table.xlsx_damaged", where=package.name, part=part) from None
    yield from handler.ready
    handler.ready.clear()


def local_name(name: str) -> str:
    """`row` from expat's "namespace row"."""
    return name.rpartition(" ")[2]
