"""Record validation against the catalog: exact reasons, normalised values, no value echoed."""

from __future__ import annotations

import pytest

from hub.records.validation import validate_record
from tests.factories import id_number, penalty_record, uscc_code


def _validate(record: dict[str, object]):  # type: ignore[no-untyped-def]
    return validate_record(
        index=7,
        record_type=str(record["record_type"]),
        source_record_id=str(record["source_record_id"]),
        fields=record["fields"],  # type: ignore[arg-type]
    )


def test_a_valid_record_is_normalised() -> None:
    record = penalty_record(1, person_id="５１２００２-１９８００１０１-０００x")
    valid, errors = _validate(record)
    assert errors == []
    assert valid is not None
    assert valid.fields["证件号码"] == "51200219800101000X"
    assert valid.subject_key == "身份证:51200219800101000X"
    assert valid.event_date.isoformat() == record["fields"]["处罚决定日期"]  # type: ignore[index]


def test_legacy_15_digit_number_gives_the_same_subject() -> None:
    modern, _ = _validate(penalty_record(1, person_id="51200219800101000X"))
    legacy, _ = _validate(penalty_record(2, person_id="512002800101000"))
    assert modern is not None and legacy is not None
    assert modern.subject_key == legacy.subject_key


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("证件号码", "512002198001010021", "check character mismatch"),
        ("证件号码", "51200219800231000X", "invalid birth date"),
        ("证件号码", "5120021980", "wrong length"),
        ("处罚决定日期", "2023/01/05", "must be a date YYYY-MM-DD"),
        ("处罚决定日期", "2023-13-01", "must be a date YYYY-MM-DD"),
        ("罚款金额（万元）", "五千", "must be a decimal number"),
        ("罚款金额（万元）", "-1", "must be a non-negative number"),
        ("行政相对人类别", "外星人", "not one of the allowed values"),
        ("处罚机关统一社会信用代码", "91512002MA62XXXXX0", "统一社会信用代码 check character mismatch"),
        ("处罚机关统一社会信用代码", "123", "统一社会信用代码 must be 18 characters"),
        ("违法事实", "很长" * 3000, "longer than 5000 characters"),
        ("行政处罚决定书文号", {"nested": 1}, "must be a string"),
    ],
)
def test_invalid_values_name_field_and_reason_only(field: str, value: object, reason: str) -> None:
    record = penalty_record(1)
    record["fields"][field] = value  # type: ignore[index]
    valid, errors = _validate(record)
    assert valid is None
    assert [(e.index, e.field, e.reason) for e in errors] == [(7, field, reason)]
    assert all(str(value) not in str(e) for e in errors if isinstance(value, str) and len(value) > 3)


def test_missing_required_fields_are_each_reported() -> None:
    record = penalty_record(1)
    del record["fields"]["处罚机关"]  # type: ignore[attr-defined]
    del record["fields"]["处罚决定日期"]  # type: ignore[attr-defined]
    _, errors = _validate(record)
    assert sorted(e.field for e in errors) == ["处罚决定日期", "处罚机关"]
    assert {e.reason for e in errors} == {"required"}


def test_a_subject_id_is_required() -> None:
    record = penalty_record(1)
    del record["fields"]["证件号码"]  # type: ignore[attr-defined]
    _, errors = _validate(record)
    assert [(e.field, e.reason) for e in errors] == [("证件号码", "required: the subject's ID number")]


def test_a_legal_person_is_identified_by_its_representative() -> None:
    record = penalty_record(1)
    fields = record["fields"]
    del fields["证件号码"]  # type: ignore[attr-defined]
    person = id_number()
    fields.update(
        {"行政相对人类别": "法人及非法人组织", "行政相对人代码_1": uscc_code(), "法定代表人证件号码": person}
    )  # type: ignore[attr-defined]
    valid, errors = _validate(record)
    assert errors == [] and valid is not None
    assert valid.subject_key == f"身份证:{person}"


def test_a_passport_number_is_not_checked_as_a_resident_id() -> None:
    record = penalty_record(1)
    record["fields"].update({"证件类型": "护照号", "证件号码": "e1234567 8"})  # type: ignore[attr-defined]
    valid, errors = _validate(record)
    assert errors == [] and valid is not None
    assert valid.subject_key == "护照号:E12345678"


def test_unknown_fields_are_rejected_without_echoing_digit_names() -> None:
    record = penalty_record(1)
    record["fields"]["昵称"] = "x"  # type: ignore[index]
    record["fields"]["13812345678"] = "x"  # type: ignore[index]
    _, errors = _validate(record)
    assert sorted(e.field for e in errors) == ["fields", "昵称"]


@pytest.mark.parametrize("source_id", ["", "x" * 129, "row\n1", "ID51200219800101000X", "tel13812345678"])
def test_source_record_ids_that_are_unusable_or_could_carry_personal_numbers(source_id: str) -> None:
    record = penalty_record(1)
    record["source_record_id"] = source_id
    _, errors = _validate(record)
    assert [e.field for e in errors] == ["source_record_id"]
