"""The workbook-level parts a sheet needs: relationships, sheet list, date styles and shared strings.

Each is read as a stream with a bound on what it may hold. Shared strings are the one part kept whole
(cells refer to them by position), so they are kept as UTF-8 bytes with 32-bit offsets: memory is
about the part's own unpacked size, which max_bytes caps.
"""

from __future__ import annotations

import posixpath
from array import array
from dataclasses import dataclass

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.escape import unescape

from connectors.errors import SourceError
from connectors.tables.limits import TableLimits
from connectors.tables.xlsx_package import MAX_PARTS, Package, local_name, stream_part

MAX_SHEETS = 1_000
MAX_STYLES = 65_536  # Excel's own limit on cell formats
# Built-in formats that are dates in Chinese (and other East Asian) Excel, which openpyxl's table omits.
_EAST_ASIAN_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))

DATE_STYLE = 1
TIMEDELTA_STYLE = 2


@dataclass(frozen=True)
class Relationship:
    kind: str  # the last segment of its type: worksheet, sharedStrings, styles, officeDocument …
    target: str  # the part's path inside the package


class _Relationships:
    def __init__(self, base: str, where: str) -> None:
        self.ready: list[tuple[str, Relationship]] = []
        self._base = base
        self._where = where
        self._count = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if local_name(name) != "Relationship" or attributes.get("TargetMode") == "External":
            return
        self._count += 1
        if self._count > MAX_PARTS:
            raise SourceError.coded("table.too_many_parts", where=self._where, limit=MAX_PARTS)
        target = attributes.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(self._base, target))
        kind = attributes.get("Type", "").rpartition("/")[2]
        self.ready.append((attributes.get("Id", ""), Relationship(kind, path)))

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def relationships(package: Package, part: str) -> dict[str, Relationship]:
    """The relationships of `part` ("" for the package itself), by id."""
    folder, file = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{file}.rels")
    if not package.has(rels):
        return {}
    return dict(stream_part(package, rels, _Relationships(folder, package.name)))


@dataclass(frozen=True)
class Sheet:
    name: str
    part: str


@dataclass(frozen=True)
class Workbook:
    part: str
    sheets: list[Sheet]
    date1904: bool


class _WorkbookPart:
    def __init__(self, where: str) -> None:
        self.ready: list[tuple[str, str]] = []
        self.date1904 = False
        self._where = where
        self._count = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = local_name(name)
        if local == "workbookPr":
            self.date1904 = attributes.get("date1904", "").lower() in ("1", "true")
        elif local == "sheet":
            self._count += 1
            if self._count > MAX_SHEETS:
                raise SourceError.coded("table.too_many_parts", where=self._where, limit=MAX_SHEETS)
            rel_id = next((value for key, value in attributes.items() if local_name(key) == "id" and " " in key), "")
            self.ready.append((attributes.get("name", ""), rel_id))

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def workbook(package: Package) -> Workbook:
    """The worksheets in the order Excel shows them (chart sheets left out) and the date system."""
    office = [rel.target for rel in relationships(package, "").values() if rel.kind == "officeDocument"]
    part = office[0] if office else "xl/workbook.xml"
    if not package.has(part):
        raise SourceError.coded("table.not_xlsx", where=package.name)  # a zip, but not a workbook
    handler = _WorkbookPart(package.name)
    listed = list(stream_part(package, part, handler))
    rels = relationships(package, part)
    sheets = [
        Sheet(sheet_name, rels[rel_id].target)
        for sheet_name, rel_id in listed
        if rel_id in rels and rels[rel_id].kind == "worksheet"
    ]
    return Workbook(part, sheets, handler.date1904)


class _StylesPart:
    """Which cell formats (by position in cellXfs) show numbers as dates or durations."""

    def __init__(self, where: str, part: str) -> None:
        self.ready: list[None] = []
        self.custom: dict[int, str] = {}
        self.flags = bytearray()
        self._in_cell_formats = False
        self._where = where
        self._part = part

    def _too_many(self) -> SourceError:
        return SourceError.coded("table.xlsx_damaged", where=self._where, part=self._part)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = local_name(name)
        if local == "numFmt":
            try:
                self.custom[int(attributes.get("numFmtId", ""))] = attributes.get("formatCode", "")
            except ValueError:
                return
            if len(self.custom) > MAX_STYLES:
                raise self._too_many()
        elif local == "cellXfs":
            self._in_cell_formats = True
        elif local == "xf" and self._in_cell_formats:
            if len(self.flags) >= MAX_STYLES:
                raise self._too_many()
            try:
                number_format = int(attributes.get("numFmtId", "0"))
            except ValueError:
                number_format = 0
            self.flags.append(self._kind(number_format))

    def _kind(self, number_format: int) -> int:
        code = self.custom.get(number_format) or BUILTIN_FORMATS.get(number_format)
        if code is None:
            return DATE_STYLE if number_format in _EAST_ASIAN_DATE_FORMATS else 0
        if is_timedelta_format(code):
            return TIMEDELTA_STYLE
        return DATE_STYLE if is_date_format(code) else 0

    def end(self, name: str) -> None:
        if local_name(name) == "cellXfs":
            self._in_cell_formats = False

    def text(self, data: str) -> None:
        pass


def date_styles(package: Package, part: str | None) -> bytes:
    """Per cell format: DATE_STYLE, TIMEDELTA_STYLE or 0."""
    if part is None or not package.has(part):
        return b""
    handler = _StylesPart(package.name, part)
    for _ in stream_part(package, part, handler):
        pass
    return bytes(handler.flags)


class SharedStrings:
    """The workbook's string table, compact: UTF-8 bytes and where each string starts."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._starts = array("I", [0])

    def add(self, text: str) -> None:
        self._data += text.encode("utf-8")
        self._starts.append(len(self._data))

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._data[self._starts[index] : self._starts[index + 1]].decode("utf-8")


class RichText:
    """Collects an `si` or `is` element's text: its `t` runs, leaving out phonetic guides (rPh)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._parts: list[str] = []
        self._length = 0
        self._in_text = False
        self._phonetic = 0

    def start(self, local: str) -> None:
        if local == "rPh":
            self._phonetic += 1
        elif local == "t" and not self._phonetic:
            self._in_text = True

    def end(self, local: str) -> None:
        if local == "rPh":
            self._phonetic -= 1
        elif local == "t":
            self._in_text = False

    def text(self, data: str) -> bool:
        """False once the text is longer than the limit."""
        if self._in_text:
            self._parts.append(data)
            self._length += len(data)
        return self._length <= self._limit

    def value(self) -> str:
        return unescape("".join(self._parts))


class _SharedStringsPart:
    def __init__(self, strings: SharedStrings, limits: TableLimits, package: Package) -> None:
        self.ready: list[None] = []
        self._strings = strings
        self._limits = limits
        self._package = package
        self._item: RichText | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = local_name(name)
        if local == "si":
            self._item = RichText(self._limits.max_cell_chars)
        elif self._item is not None:
            self._item.start(local)

    def end(self, name: str) -> None:
        local = local_name(name)
        if local == "si" and self._item is not None:
            self._strings.add(self._item.value())
            self._item = None
        elif self._item is not None:
            self._item.end(local)

    def text(self, data: str) -> None:
        if self._item is not None and not self._item.text(data):
            raise SourceError.coded(
                "table.shared_string_too_long", where=self._package.name, limit=self._limits.max_cell_chars
            )


def shared_strings(package: Package, part: str | None, limits: TableLimits) -> SharedStrings:
    strings = SharedStrings()
    if part is None or not package.has(part):
        return strings
    for _ in stream_part(package, part, _SharedStringsPart(strings, limits, package)):
        pass
    return strings
