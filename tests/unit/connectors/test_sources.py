import codecs
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from connectors.errors import SourceError
from connectors.mapping import SourceSpec
from connectors.sources import open_file_source
from connectors.tables import open_table

HEADER = "案件编号,当事人名称,罚款金额（元）"
ROWS = ["A-1,王小明,5000", "A-2,资阳市雁江区乐食餐饮有限公司,20000"]
COLUMNS = ["案件编号", "当事人名称", "罚款金额（元）"]


def csv_file(tmp_path: Path, text: str, encoding: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def cells(path: Path, spec: SourceSpec | None = None, columns: list[str] = COLUMNS) -> list[tuple[int, dict]]:
    source = open_file_source(path, spec=spec or SourceSpec(), columns=columns)
    return [(row.number, dict(row.cells)) for row in source.rows()]


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)
def test_csv_encodings_are_detected(tmp_path, encoding, detected):
    path = csv_file(tmp_path, "\r\n".join([HEADER, *ROWS]) + "\r\n", encoding)
    source = open_file_source(path, spec=SourceSpec(), columns=COLUMNS)
    assert source.encoding == detected  # type: ignore[attr-defined]
    assert cells(path) == [
        (2, {"案件编号": "A-1", "当事人名称": "王小明", "罚款金额（元）": "5000"}),
        (3, {"案件编号": "A-2", "当事人名称": "资阳市雁江区乐食餐饮有限公司", "罚款金额（元）": "20000"}),
    ]


def test_gb18030_only_characters_survive(tmp_path):
    # 𠮷 (U+20BB7) is outside GBK: only GB18030 (what the detector falls back to) can carry it.
    path = csv_file(tmp_path, f"{HEADER}\nA-1,𠮷小明,1\n", "gb18030")
    assert cells(path)[0][1]["当事人名称"] == "𠮷小明"


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "\r\n".join([HEADER, *ROWS]).replace(",", "\t").encode("utf-16-le"))
    assert cells(path)[1] == (
        3,
        {"案件编号": "A-2", "当事人名称": "资阳市雁江区乐食餐饮有限公司", "罚款金额（元）": "20000"},
    )


def test_a_declared_encoding_is_strict_and_the_error_has_no_content(tmp_path):
    path = csv_file(tmp_path, f"{HEADER}\nA-1,王小明,1\n", "gbk")
    with pytest.raises(SourceError) as caught:
        cells(path, SourceSpec(encoding="utf-8"))
    assert "not valid utf-8 at byte" in str(caught.value)
    assert "王" not in str(caught.value)


def test_declared_gbk_reads_gbk(tmp_path):
    path = csv_file(tmp_path, f"{HEADER}\nA-1,王小明,1\n", "gbk")
    assert cells(path, SourceSpec(encoding="gbk"))[0][1]["当事人名称"] == "王小明"


def test_header_below_title_rows_is_found_and_row_numbers_are_file_lines(tmp_path):
    text = "资阳市市场监管局行政处罚信息\n导出日期：2024-01-02,,\n" + "\n".join([HEADER, *ROWS, "", ",,"]) + "\n"
    path = csv_file(tmp_path, text, "utf-8")
    assert [number for number, _ in cells(path)] == [4, 5]


def test_declared_header_row(tmp_path):
    path = csv_file(tmp_path, "title\n" + "\n".join([HEADER, *ROWS]), "utf-8")
    assert len(cells(path, SourceSpec(header_row=2))) == 2
    with pytest.raises(SourceError, match="no header in row 1 has the mapped columns"):
        cells(path, SourceSpec(header_row=1))


def test_header_matching_ignores_full_width_brackets_and_spaces(tmp_path):
    path = csv_file(tmp_path, "案件编号 , 当事人名称,罚款金额(元)\nA-1,x,1\n", "utf-8")
    assert cells(path)[0][1]["罚款金额（元）"] == "1"


def test_quoted_newlines_and_short_rows(tmp_path):
    path = csv_file(tmp_path, f'{HEADER}\nA-1,"两行\n名称"\nA-2,b,3\n', "utf-8")
    assert cells(path) == [
        (3, {"案件编号": "A-1", "当事人名称": "两行\n名称", "罚款金额（元）": None}),
        (4, {"案件编号": "A-2", "当事人名称": "b", "罚款金额（元）": "3"}),
    ]


def test_missing_columns_are_named(tmp_path):
    path = csv_file(tmp_path, "案件编号,名称\nA-1,王小明\n", "utf-8")
    with pytest.raises(SourceError) as caught:
        cells(path)
    assert "missing: 当事人名称, 罚款金额（元）" in str(caught.value)
    assert "王小明" not in str(caught.value)


def test_a_column_named_twice_is_ambiguous(tmp_path):
    path = csv_file(tmp_path, "案件编号,当事人名称,当事人名称,罚款金额（元）\n", "utf-8")
    with pytest.raises(SourceError, match="column 当事人名称 appears twice"):
        cells(path)


def test_unknown_extension_needs_a_declared_format(tmp_path):
    path = csv_file(tmp_path, HEADER, "utf-8", name="export.dat")
    with pytest.raises(SourceError, match=r"declare source\.format"):
        cells(path)
    assert len(cells(path, SourceSpec(format="csv"))) == 0


def make_workbook(path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "说明"
    first.append(["本表为测试数据"])
    sheet = workbook.create_sheet("处罚")
    sheet.append(["资阳市行政处罚公示"])
    sheet.append([])
    sheet.append(["序号", *COLUMNS, "决定日期"])
    sheet.append([1, "A-1", "王小明", 5000, dt.datetime(2023, 1, 5)])
    sheet.append([None, None, None, None, None])
    sheet.append([2, "A-2", "赵晓芳", 1500.5, 44931])
    workbook.save(path)


def test_xlsx_sheet_by_name_with_title_rows(tmp_path):
    path = tmp_path / "in.xlsx"
    make_workbook(path)
    rows = cells(path, SourceSpec(sheet="处罚"), [*COLUMNS, "决定日期"])
    assert rows == [
        (
            4,
            {
                "案件编号": "A-1",
                "当事人名称": "王小明",
                "罚款金额（元）": 5000,
                "决定日期": dt.datetime(2023, 1, 5),
            },
        ),
        (6, {"案件编号": "A-2", "当事人名称": "赵晓芳", "罚款金额（元）": 1500.5, "决定日期": 44931}),
    ]
    assert open_file_source(path, spec=SourceSpec(sheet=2), columns=COLUMNS).total == 3


def test_xlsx_sheet_errors(tmp_path):
    path = tmp_path / "in.xlsx"
    make_workbook(path)
    with pytest.raises(SourceError, match="no sheet named 罚单"):
        cells(path, SourceSpec(sheet="罚单"))
    with pytest.raises(SourceError, match="no sheet number 3"):
        cells(path, SourceSpec(sheet=3))
    with pytest.raises(SourceError, match="no header in the first 30 rows"):
        cells(path)  # the first sheet has no such header


def test_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "in.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(SourceError, match="not a readable XLSX workbook"):
        cells(path)


def test_decode_falls_back_to_a_detector_for_other_encodings():
    data = "name,city\nMüller,Besançon café\n".encode("latin-1")  # neither UTF-8 nor GB18030
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)
    table = open_table(data, name="x.csv")
    assert [row.cells for row in table.rows()] == [["name", "city"], ["Müller", "Besançon café"]]
    assert table.encoding not in ("utf-8", "gb18030")
