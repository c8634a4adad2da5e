import re

import pytest

from connectors.mapping import load_mapping
from connectors.records import Record, RecordMapper, Rejection, SourceRow
from tests.unit.connectors.conftest import EXAMPLES

KEY = b"k" * 32


@pytest.fixture
def tax_mapping():
    return load_mapping(EXAMPLES / "tax" / "rating.yaml")


def tax_row(**overrides):
    cells = {
        "纳税人识别号": "91512002MA62AB12C6",
        "纳税人名称": "资阳市雁江区乐食餐饮有限公司",
        "法定代表人身份证号码": "512021198511120048",
        "评价年度": 2023,
        "信用级别": "A",
        "评定日期": 45397,
    }
    return SourceRow(7, {**cells, **overrides})


def test_a_row_becomes_a_catalog_record(tax_mapping):
    record = RecordMapper(tax_mapping, row_id_key=KEY).map_row(tax_row())
    assert isinstance(record, Record)
    assert record.fields == {
        "评价机关": "国家税务总局资阳市税务局",
        "纳税人识别号": "91512002MA62AB12C6",
        "纳税人名称": "资阳市雁江区乐食餐饮有限公司",
        "法定代表人证件号码": "512021198511120048",
        "评价年度": "2023",
        "纳税信用级别": "A",
        "评定日期": "2024-04-15",
    }


def test_row_hash_ids_are_stable_keyed_and_never_digit_runs(tax_mapping):
    mapper = RecordMapper(tax_mapping, row_id_key=KEY)
    first = mapper.map_row(tax_row())
    assert isinstance(first, Record)
    assert first.source_record_id == mapper.map_row(tax_row()).source_record_id
    assert re.fullmatch(r"h-[a-p]{32}", first.source_record_id)  # the hub refuses 7+ digits in a row
    # The same content in another spelling is the same record (the hash is over mapped values).
    assert mapper.map_row(tax_row(评定日期="2024/4/15")).source_record_id == first.source_record_id
    assert mapper.map_row(tax_row(信用级别="B")).source_record_id != first.source_record_id
    other_key = RecordMapper(tax_mapping, row_id_key=b"x" * 32).map_row(tax_row())
    assert other_key.source_record_id != first.source_record_id


def test_problems_name_field_and_reason_never_the_value(tax_mapping):
    mapper = RecordMapper(tax_mapping, row_id_key=KEY, required=frozenset({"纳税人名称", "评定日期"}))
    rejection = mapper.map_row(tax_row(纳税人名称=" ", 评定日期="2023-02-30", 法定代表人身份证号码=5.12021198511120e17))
    assert isinstance(rejection, Rejection)
    assert rejection.row == 7
    assert [(p.field, p.reason) for p in rejection.problems] == [
        ("法定代表人证件号码", "stored as a number in the source (digits lost); format the column as text"),
        ("评定日期", "invalid calendar date"),
        ("纳税人名称", "missing required field"),
    ]
    assert "5120211985" not in repr(rejection)


def test_a_row_without_any_subject_id_is_rejected(tax_mapping):
    rejection = RecordMapper(tax_mapping, row_id_key=KEY).map_row(tax_row(法定代表人身份证号码=""))
    assert isinstance(rejection, Rejection)
    assert rejection.problems[0].field == "证件号码"


def test_own_record_ids_use_the_column_and_prefix():
    mapping = load_mapping(EXAMPLES / "court" / "debtor.yaml")
    cells = {column: "x" for column in mapping.columns()}
    cells.update(
        {
            "案号": "（2023）川2002执1234号",
            "身份证号码": "512002199003071230",
            "立案时间": "2023-03-01",
            "发布时间": "",
        }
    )
    record = RecordMapper(mapping, row_id_key=KEY).map_row(SourceRow(2, cells))
    assert isinstance(record, Record)
    assert record.source_record_id == "FY-（2023）川2002执1234号"
    assert "发布时间" not in record.fields  # empty cells are left out, not sent as ""
    missing = RecordMapper(mapping, row_id_key=KEY).map_row(SourceRow(3, {**cells, "案号": None}))
    assert isinstance(missing, Rejection)
    assert ("record_id", "missing record id") in [(p.field, p.reason) for p in missing.problems]


def test_value_maps_translate_department_codes(tmp_path):
    text = (
        (EXAMPLES / "scjg" / "penalty.yaml")
        .read_text("utf-8")
        .replace(
            "{column: 当事人类型, parser: party_type}",
            '{column: 当事人类型, parser: party_type, values: {"1": 自然人, 2: 法人}}',
        )
    )
    (tmp_path / "m.yaml").write_text(text, "utf-8")
    mapper = RecordMapper(load_mapping(tmp_path / "m.yaml"), row_id_key=KEY)
    row: dict[str, object] = dict.fromkeys(mapper.mapping.columns())
    row.update({"案件编号": "A-1", "身份证号": "512002199003071230", "当事人类型": 2})
    record = mapper.map_row(SourceRow(2, row))
    assert isinstance(record, Record)
    assert record.fields["行政相对人类别"] == "法人及非法人组织"


def test_a_short_row_id_key_is_refused(tax_mapping):
    with pytest.raises(ValueError):
        RecordMapper(tax_mapping, row_id_key=b"short")
