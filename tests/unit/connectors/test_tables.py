"""The one bounded CSV/XLSX reader: crafted files are refused by the limit they break, in bounded memory."""

from __future__ import annotations

import datetime as dt
import io
import struct
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from connectors.errors import SourceError
from connectors.tables import MiB, TableLimits, open_table
from connectors.tables.xlsx_package import MAX_PARTS

SECRET = "512002199003071230"  # planted in cells: no error message may repeat it
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
    except SourceError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def refused(action: Callable[[], object]) -> SourceError:
    with pytest.raises(SourceError) as caught:
        action()
    error = caught.value
    assert SECRET not in str(error) and SECRET not in error.message_zh
    return error


def read_all(source: Path | bytes, name: str = "in.xlsx", **options: object) -> list[tuple[int, list[object]]]:
    table = open_table(source, name=name, **options)  # type: ignore[arg-type]
    return [(row.number, row.cells) for row in table.rows()]


def workbook_bytes(fill: Callable[[openpyxl.Workbook], None]) -> bytes:
    book = openpyxl.Workbook()
    fill(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def handmade_xlsx(sheet_xml: str, *, shared_xml: str | None = None, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The smallest package the reader accepts, with a sheet (and string table) written by hand."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="r1" Target="xl/workbook.xml" '
            f'Type="{OFFICE}/officeDocument"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
            f'<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        shared_rel = (
            f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{OFFICE}/sharedStrings"/>' if shared_xml else ""
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            f'Type="{OFFICE}/worksheet"/>{shared_rel}</Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_xml:
            archive.writestr("xl/sharedStrings.xml", shared_xml)
    return buffer.getvalue()


def sheet(rows: str, dimension: str | None = None) -> str:
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{head}<sheetData>{rows}</sheetData></worksheet>'


# -- the 5 KB workbook of the security review ---------------------------------------------------------


def five_kb_bomb() -> bytes:
    def fill(book: openpyxl.Workbook) -> None:
        book.active["A1"] = "行政相对人名称"  # type: ignore[index]
        book.active["XFD1048576"] = SECRET  # type: ignore[index]

    return workbook_bytes(fill)


def test_the_5_kb_workbook_claiming_a1_xfd1048576_is_refused_by_its_declared_dimension():
    bomb = five_kb_bomb()
    assert len(bomb) < 6 * 1024
    assert b'ref="A1:XFD1048576"' in zipfile.ZipFile(io.BytesIO(bomb)).read("xl/worksheets/sheet1.xml")
    error = refused(lambda: read_all(bomb))
    assert error.code == "table.dimension_too_large"
    assert "max_columns" in str(error) and "max_columns" in error.message_zh
    # The refusal comes before anything is built: well under a megabyte, where openpyxl needs gigabytes.
    assert peak_bytes(lambda: read_all(bomb)) < 1 * MiB


def test_without_a_dimension_the_far_cell_is_refused_and_no_row_is_made_up():
    far = sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row>'
                f'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>{SECRET}</t></is></c></row>')
    bomb = handmade_xlsx(far)
    assert refused(lambda: read_all(bomb)).code == "table.too_many_columns"
    wide = TableLimits(max_columns=16_384)
    rows = read_all(bomb, limits=wide)
    assert [number for number, _ in rows] == [1, 1_048_576]  # two rows, not a million
    assert peak_bytes(lambda: read_all(bomb, limits=wide)) < 2 * MiB
    error = refused(lambda: read_all(bomb, limits=TableLimits(max_rows=100_000, max_columns=16_384)))
    assert error.code == "table.too_many_rows" and "max_rows" in str(error)


def test_a_dimension_smaller_than_the_data_does_not_hide_it():
    lying = sheet("".join(f'<row r="{n}"><c><v>{n}</v></c></row>' for n in range(1, 6)), dimension="A1")
    assert refused(lambda: read_all(handmade_xlsx(lying), limits=TableLimits(max_rows=3))).code == (
        "table.too_many_rows"
    )


# -- zip bombs and crafted packages ------------------------------------------------------------------


def test_a_part_unpacking_beyond_max_bytes_is_refused_before_it_is_read():
    padding = " " * (40 * MiB)  # deflates to about 40 KB
    bomb = handmade_xlsx(sheet('<row r="1"><c><v>1</v></c></row>' + padding))
    assert len(bomb) < 200 * 1024
    limits = TableLimits(max_bytes=8 * MiB)
    error = refused(lambda: read_all(bomb, limits=limits))
    assert error.code == "table.unpacked_too_large" and "max_bytes" in str(error)
    assert peak_bytes(lambda: read_all(bomb, limits=limits)) < 1 * MiB


def test_a_part_lying_about_its_size_stops_at_the_declared_size():
    padding = "<!-- -->" * (4 * MiB)  # 32 MiB of XML that unpacks from a few KB
    honest = handmade_xlsx(sheet('<row r="1"><c><v>1</v></c></row>' + padding))
    lying = _declare_size(honest, "xl/worksheets/sheet1.xml", 1024)
    error = refused(lambda: read_all(lying))
    assert error.code in ("table.xlsx_damaged", "table.not_xlsx")
    assert peak_bytes(lambda: read_all(lying)) < 2 * MiB


def _declare_size(package: bytes, part: str, size: int) -> bytes:
    """Rewrite the central directory's uncompressed size of `part` (what zipfile trusts)."""
    data = bytearray(package)
    name = part.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<I", data, at + 24, size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError("part not found")


def test_a_package_with_too_many_parts_is_refused_before_zipfile_reads_its_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(MAX_PARTS + 1):
            archive.writestr(f"p{number}", b"")
    error = refused(lambda: read_all(buffer.getvalue()))
    assert error.code == "table.too_many_parts"


def test_entity_declarations_are_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;">]>'
        + sheet('<row r="1"><c t="inlineStr"><is><t>&lol1;</t></is></c></row>')
    )
    error = refused(lambda: read_all(handmade_xlsx(laughs)))
    assert error.code == "table.xml_refused"


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x05\x06" + bytes(18)])
def test_what_is_not_a_workbook(content: bytes):
    assert refused(lambda: read_all(content)).code == "table.not_xlsx"


def test_a_workbook_file_larger_than_max_bytes():
    error = refused(lambda: read_all(five_kb_bomb(), limits=TableLimits(max_bytes=1024)))
    assert error.code == "table.too_large"


# -- rows, columns, cells ----------------------------------------------------------------------------


def test_rows_columns_and_cells_each_have_their_limit_in_csv():
    limits = TableLimits(max_rows=3, max_columns=4, max_cell_chars=10, max_row_chars=40)
    rows = "a,b\n" * 3
    assert len(read_all(rows.encode(), "x.csv", limits=limits)) == 3
    assert refused(lambda: read_all((rows + "a,b\n").encode(), "x.csv", limits=limits)).code == "table.too_many_rows"
    assert read_all(b"a,b,,,,,,\n", "x.csv", limits=limits) == [(1, ["a", "b", "", ""])]  # empty padding is fine
    wide = f"a,b,,,,{SECRET}\n".encode()
    error = refused(lambda: read_all(wide, "x.csv", limits=limits))
    assert (error.code, "max_columns" in str(error)) == ("table.too_many_columns", True)
    long_cell = f"a,{SECRET}\n".encode()
    error = refused(lambda: read_all(long_cell, "x.csv", limits=limits))
    assert (error.code, "max_cell_chars" in str(error), "row 1" in str(error)) == ("table.cell_too_long", True, True)
    unclosed = f'a,"{SECRET[:8]}\n' + "xxxxxxxx\n" * 8
    error = refused(lambda: read_all(unclosed.encode(), "x.csv", limits=limits))
    assert error.code == "table.row_too_long"  # an unclosed quote does not swallow the file


def test_a_gigantic_line_is_not_read_whole():
    one_line = b"x" * (20 * MiB)
    error = refused(lambda: read_all(one_line, "x.csv"))
    assert error.code == "table.row_too_long" and "max_row_chars" in str(error)
    assert peak_bytes(lambda: read_all(one_line, "x.csv")) < 12 * MiB  # a line limit's worth, not 20 MiB x 4


def test_a_csv_larger_than_max_bytes():
    assert refused(lambda: read_all(b"a\n" * 100, "x.csv", limits=TableLimits(max_bytes=100))).code == (
        "table.too_large"
    )


def test_rows_columns_and_cells_each_have_their_limit_in_xlsx():
    limits = TableLimits(max_rows=3, max_columns=4, max_cell_chars=10, max_row_chars=25)

    def book(cells: dict[str, object]) -> bytes:
        def fill(workbook: openpyxl.Workbook) -> None:
            for where, value in cells.items():
                workbook.active[where] = value  # type: ignore[index]

        return workbook_bytes(fill)

    assert read_all(book({"A1": "a", "D3": 4}), limits=limits) == [(1, ["a"]), (3, [None, None, None, 4])]
    assert refused(lambda: read_all(book({"A4": 1}), limits=limits)).code == "table.dimension_too_large"
    assert refused(lambda: read_all(book({"E1": SECRET}), limits=limits)).code == "table.dimension_too_large"
    error = refused(lambda: read_all(book({"A1": SECRET}), limits=limits))  # openpyxl writes inline strings
    assert error.code == "table.cell_too_long" and "max_cell_chars" in str(error)
    table = f'<sst xmlns="{MAIN}"><si><t>{SECRET}</t></si></sst>'
    shared = handmade_xlsx(sheet('<row r="1"><c t="s"><v>0</v></c></row>'), shared_xml=table)
    error = refused(lambda: read_all(shared, limits=limits))
    assert error.code == "table.shared_string_too_long" and "max_cell_chars" in str(error)
    inline = handmade_xlsx(sheet(f'<row r="2"><c t="inlineStr"><is><t>{SECRET}</t></is></c></row>'))
    error = refused(lambda: read_all(inline, limits=limits))
    assert (error.code, "row 2" in str(error)) == ("table.cell_too_long", True)
    row = "".join(f'<c t="inlineStr"><is><t>{"x" * 9}</t></is></c>' for _ in range(3))
    error = refused(lambda: read_all(handmade_xlsx(sheet(f'<row r="1">{row}</row>')), limits=limits))
    assert error.code == "table.row_too_long"


def test_memory_stays_flat_however_many_rows_are_streamed(tmp_path: Path):
    """Peak memory while reading stays under 1 MiB for inputs several times that size."""
    path = tmp_path / "big.csv"
    line = "SCJG-2023-0001,资阳市雁江区乐食餐饮有限公司,512002199003071230,当事人销售过期食品。,5000,2023-01-05\n"
    path.write_bytes((line * 20_000).encode("gb18030"))
    assert path.stat().st_size > 1.9 * MiB

    def read_everything(source: Path) -> Callable[[], object]:
        return lambda: sum(1 for _ in open_table(source).rows())

    assert read_everything(path)() == 20_000
    assert peak_bytes(read_everything(path)) < 1 * MiB

    def fill(workbook: openpyxl.Workbook) -> None:
        for number in range(5_000):
            workbook.active.append(  # type: ignore[union-attr]
                [number, number * 1.5, dt.datetime(2023, 1, 1), True, "资阳市雁江区乐食餐饮有限公司"]
            )

    book_path = tmp_path / "big.xlsx"
    book_path.write_bytes(workbook_bytes(fill))
    with zipfile.ZipFile(book_path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 1 * MiB
    assert read_everything(book_path)() == 5_000
    assert peak_bytes(read_everything(book_path)) < 1 * MiB


# -- what is read: the same values openpyxl reads ------------------------------------------------------


def test_cells_are_what_openpyxl_reads_for_a_workbook_written_by_it():
    def fill(book: openpyxl.Workbook) -> None:
        first = book.active
        first.title = "说明"  # type: ignore[union-attr]
        first.append(["本表为测试数据"])  # type: ignore[union-attr]
        data = book.create_sheet("处罚")
        data.append(["案件编号", "金额", "日期", "时间", "布尔", "公式", "富文本"])
        rich = CellRichText(["王", TextBlock(InlineFont(b=True), "小明")])
        data.append(["A-1", 5000, dt.datetime(2023, 1, 5), dt.datetime(2023, 1, 5, 8, 30), True, "=1+1", rich])
        data.append(["A-2", 1500.5, dt.date(2024, 2, 29), None, False, None, "  空格  "])
        data["C4"] = 44931
        data["C4"].number_format = "yyyy\"年\"m\"月\"d\"日\""
        data["C5"] = 44931

    content = workbook_bytes(fill)
    ours = read_all(content, sheet="处罚")
    theirs = _openpyxl_rows(content, "处罚")
    assert ours == theirs
    assert ours[1][1][2] == dt.datetime(2023, 1, 5) and ours[3][1][2] == dt.datetime(2023, 1, 5)


def _openpyxl_rows(content: bytes, name: str) -> list[tuple[int, list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = []
    for number, values in enumerate(book[name].iter_rows(values_only=True), 1):
        cells = list(values)
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            rows.append((number, [str(c) if isinstance(c, CellRichText) else c for c in cells]))
    book.close()
    return rows


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).filter(
    lambda s: not s.startswith("=")
)
CELL = st.one_of(st.none(), TEXT, st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, max_size=6), max_size=8))
def test_any_grid_reads_back_as_openpyxl_reads_it(grid: list[list[object]]):
    def fill(book: openpyxl.Workbook) -> None:
        for row in grid:
            book.active.append(row)  # type: ignore[union-attr]

    content = workbook_bytes(fill)
    ours = [(number, cells) for number, cells in read_all(content) if any(c not in (None, "") for c in cells)]
    theirs = [(n, [None if c == "" else c for c in cells]) for n, cells in _openpyxl_rows(content, "Sheet")]
    assert [(n, [None if c == "" else c for c in cells]) for n, cells in ours] == [
        (n, cells) for n, cells in theirs if any(c is not None for c in cells)
    ]


def test_strict_ooxml_namespace_and_1904_dates():
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    content = handmade_xlsx(
        f'<worksheet xmlns="{strict}"><sheetData><row r="1"><c r="B1"><v>7</v></c></row></sheetData></worksheet>'
    )
    assert read_all(content) == [(1, [None, 7])]


def test_shared_strings_skip_phonetic_guides_and_unescape_control_characters():
    shared = (
        f'<sst xmlns="{MAIN}"><si><t>资阳</t><rPh sb="0" eb="2"><t>zi yang</t></rPh></si>'
        "<si><r><t>第一行_x000D_</t></r><r><t>第二行</t></r></si></sst>"
    )
    content = handmade_xlsx(sheet('<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>'), shared_xml=shared)
    assert read_all(content) == [(1, ["资阳", "第一行\r第二行"])]


def test_a_cell_pointing_past_the_string_table_is_damage_not_a_crash():
    content = handmade_xlsx(sheet('<row r="1"><c t="s"><v>5</v></c></row>'), shared_xml=f'<sst xmlns="{MAIN}"/>')
    assert refused(lambda: read_all(content)).code == "table.xlsx_damaged"


# -- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "declared", "shown"),
    [
        ("utf-8", "auto", "utf-8"),
        ("utf-8-sig", "auto", "utf-8-sig"),
        ("gbk", "auto", "gb18030"),
        ("gb18030", "auto", "gb18030"),
        ("utf-16", "auto", "utf-16"),
        ("gbk", "gbk", "gbk"),
        ("utf-8-sig", "utf-8", "utf-8"),
    ],
)
def test_csv_encodings(encoding: str, declared: str, shown: str):
    text = "案件编号,当事人名称\r\nA-1,王小明\r\n"
    if encoding == "utf-16":
        text = text.replace(",", "\t")
    table = open_table(text.encode(encoding), name="x.csv", encoding=declared)
    assert table.encoding == shown  # type: ignore[union-attr]
    assert [row.cells for row in table.rows()] == [["案件编号", "当事人名称"], ["A-1", "王小明"]]


def test_a_bad_byte_far_into_the_file_refuses_it_before_any_row():
    data = ("名称\n" + "王小明\n" * 50_000).encode("utf-8") + b"\xff\xfe\xfd\n"
    table_error = refused(lambda: open_table(data, name="x.csv", encoding="utf-8"))
    assert table_error.code == "table.encoding_invalid"
    assert f"at byte {len(data) - 4}" in str(table_error)
