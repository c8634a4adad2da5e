"""Reading uploaded national-standard files."""

from __future__ import annotations

import io

import openpyxl
import pytest

from crypto.identifiers import check_character
from hub.disclosure.errors import InvalidDisclosureInput
from hub.disclosure.publication import contains_id_number
from hub.disclosure.upload import UploadRow, read_rows


def test_csv_with_bom_and_gb18030() -> None:
    text = "行政相对人名称,处罚类别\n张三,罚款\n,\n李四,警告\n"
    for encoded in (text.encode("utf-8-sig"), text.encode("gb18030"), text.encode("gbk")):
        assert read_rows(name="x.CSV", content=encoded) == [
            UploadRow(2, {"行政相对人名称": "张三", "处罚类别": "罚款"}),
            UploadRow(4, {"行政相对人名称": "李四", "处罚类别": "警告"}),  # the row a person sees, after a blank one
        ]


def test_xlsx_cells_become_text() -> None:
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["行政相对人名称", "处罚决定日期", "罚款金额（万元）"])
    sheet.append(["张三", dt.datetime(2024, 3, 1), 5.0])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_rows(name="x.xlsx", content=buffer.getvalue()) == [
        UploadRow(2, {"行政相对人名称": "张三", "处罚决定日期": "2024-03-01", "罚款金额（万元）": "5"})
    ]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("x.txt", b"a", "expected a .csv or .xlsx"),
    ("x.csv", b"", "empty"),
    ("x.csv", "名称\n".encode(), "no data rows"),
    ("x.csv", "名称,名称\n1,2\n".encode(), "appears twice"),
    ("x.xlsx", b"not a zip", "not a readable XLSX"),
])
def test_bad_files_are_refused_clearly(name: str, content: bytes, message: str) -> None:
    with pytest.raises(InvalidDisclosureInput, match=message) as refused:
        read_rows(name=name, content=content)
    assert refused.value.status_code == 422 and refused.value.message  # a code of the table, its Chinese text


def test_the_table_readers_refusal_keeps_its_own_code_and_chinese_text() -> None:
    with pytest.raises(InvalidDisclosureInput) as refused:
        read_rows(name="x.xlsx", content=b"not a zip")
    assert refused.value.code.split(".")[0] in ("table", "source")  # the connectors' code, passed through
    assert refused.value.status_code == 422
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)


VALID_ID = "51200219900307123"
VALID_ID += check_character(VALID_ID)
FULL_WIDTH = VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))


@pytest.mark.parametrize(("text", "found"), [
    (f"身份证号{VALID_ID}", True),
    (f"号码{FULL_WIDTH}", True),
    (f"号码 {VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]}", True),
    (f"号码{VALID_ID[:-1]}{'1' if VALID_ID[-1] != '1' else '2'}", False),  # wrong check character
    ("统一社会信用代码91512002MA62A1234X", False),
    ("罚款5000元，文号资市监罚〔2023〕15号", False),
    (f"号码{VALID_ID[:6]}.{VALID_ID[6:14]}.{VALID_ID[14:]}", True),
    (f"号码{VALID_ID[:6]}\u200b{VALID_ID[6:]}", True),
    (f"NO{VALID_ID}", True),
    ("旧证号码512002900307123", True),  # a legacy 15-digit number: upgraded, it is a valid one
])
def test_contains_id_number(text: str, found: bool) -> None:
    assert contains_id_number({"处罚依据": text}) is found


def test_every_field_of_the_public_version_is_checked() -> None:
    fields = {"行政相对人名称": "某公司", "处罚依据": "《食品安全法》", "违法行为类型": "销售过期食品"}
    assert contains_id_number(fields) is False
    assert contains_id_number({**fields, "数据来源单位": f"资阳市{VALID_ID}"}) is True
    assert contains_id_number({**fields, f"备注{VALID_ID}": ""}) is True  # a field's name is published too
