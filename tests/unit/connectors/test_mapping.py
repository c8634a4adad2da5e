from pathlib import Path

import pytest

from connectors.errors import MappingError
from connectors.mapping import load_mapping
from hub.records.catalog import describe
from tests.unit.connectors.conftest import EXAMPLES

GOOD = """\
record_type: admin_penalty
record_id: {column: 案件编号}
fields:
  行政相对人名称: 当事人名称
  证件号码: {column: 身份证号, parser: id_number}
  处罚决定日期: {column: 决定日期, parser: date}
constants:
  处罚机关: 资阳市市场监督管理局
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("example", ["scjg/penalty.yaml", "tax/rating.yaml", "court/debtor.yaml"])
def test_the_example_mappings_fit_the_hub_catalog(example):
    mapping = load_mapping(EXAMPLES / example)
    mapping.check_against_catalog(describe())


def test_shorthand_means_a_text_column(tmp_path):
    mapping = load_mapping(write(tmp_path, GOOD))
    assert mapping.fields["行政相对人名称"].column == "当事人名称"
    assert mapping.fields["行政相对人名称"].parser == "text"
    assert mapping.columns() == ["案件编号", "当事人名称", "身份证号", "决定日期"]


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("parser: date}", "parser: datum}", 6, "fields.处罚决定日期.parser"),
        ("record_type: admin_penalty\n", "record_type: admin_penalty\nrecordtype: x\n", 2, "recordtype"),
        ("  处罚机关: 资阳市市场监督管理局\n", "  处罚机关: [1, 2]\n", 8, "constants.处罚机关"),
        ("record_id: {column: 案件编号}", "record_id: {column: 案件编号, prefix: 7}", 2, "record_id.prefix"),
    ],
)
def test_validation_errors_name_the_line(tmp_path, old, new, line, words):
    with pytest.raises(MappingError) as caught:
        load_mapping(write(tmp_path, GOOD.replace(old, new)))
    message = str(caught.value)
    assert f"line {line}" in message
    assert words in message


def test_a_missing_key_names_the_enclosing_line(tmp_path):
    with pytest.raises(MappingError, match=r"line 1: record_type: Field required"):
        load_mapping(write(tmp_path, GOOD.replace("record_type: admin_penalty\n", "")))


def test_yaml_syntax_errors_name_the_line(tmp_path):
    with pytest.raises(MappingError, match="line 5"):
        load_mapping(
            write(
                tmp_path,
                GOOD.replace("证件号码: {column: 身份证号, parser: id_number}", "证件号码: {column: 身份证号}}"),
            )
        )


def test_duplicate_keys_are_refused_with_their_line(tmp_path):
    text = GOOD.replace("  处罚决定日期", "  行政相对人名称: 别的列\n  处罚决定日期")
    with pytest.raises(MappingError, match="line 6: duplicate key '行政相对人名称'"):
        load_mapping(write(tmp_path, text))


def test_the_subject_id_must_be_mapped(tmp_path):
    with pytest.raises(MappingError, match="证件号码 or 法定代表人证件号码"):
        load_mapping(write(tmp_path, GOOD.replace("  证件号码: {column: 身份证号, parser: id_number}\n", "")))


def test_an_id_number_column_cannot_be_the_record_id(tmp_path):
    # The record id is stored and sent back in clear; an ID number must never be one.
    with pytest.raises(MappingError, match=r"record_id\.column must not be an ID-number column"):
        load_mapping(write(tmp_path, GOOD.replace("{column: 案件编号}", "{column: 身份证号}")))


def test_a_field_cannot_be_both_column_and_constant(tmp_path):
    with pytest.raises(MappingError, match="both as a column and as a constant: 行政相对人名称"):
        load_mapping(write(tmp_path, GOOD + "  行政相对人名称: 某公司\n"))


def test_catalog_check_names_unknown_fields_and_missing_required_ones(tmp_path):
    mapping = load_mapping(write(tmp_path, GOOD.replace("  行政相对人名称: 当事人名称", "  当事人: 当事人名称")))
    with pytest.raises(MappingError) as caught:
        mapping.check_against_catalog(describe())
    message = str(caught.value)
    assert "line 4: 当事人: not a field of admin_penalty" in message
    assert "required fields not mapped" in message
    assert "行政处罚决定书文号" in message


def test_catalog_check_names_an_unknown_record_type(tmp_path):
    mapping = load_mapping(write(tmp_path, GOOD.replace("admin_penalty", "parking_ticket")))
    with pytest.raises(MappingError, match="line 1: record type not in the hub's catalog"):
        mapping.check_against_catalog(describe())


def test_an_unreadable_file_is_a_mapping_error(tmp_path):
    with pytest.raises(MappingError, match="cannot read"):
        load_mapping(tmp_path / "absent.yaml")
