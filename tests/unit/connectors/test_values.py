import datetime as dt
from decimal import Decimal

import pytest

from connectors.errors import ValueRejected
from connectors.values import parse_amount, parse_date, parse_id_number, parse_party_type, parse_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-01-05", "2023-01-05"),
        ("2023/1/5", "2023-01-05"),
        ("2023/01/05", "2023-01-05"),
        ("2023.1.5", "2023-01-05"),
        ("2023年1月5日", "2023-01-05"),
        ("2023年01月05日", "2023-01-05"),
        ("20230105", "2023-01-05"),
        (20230105, "2023-01-05"),
        ("２０２３年１月５日", "2023-01-05"),  # full-width digits from scanned forms
        ("2023-01-05 14:30:00", "2023-01-05"),
        ("2023/1/5 9:05", "2023-01-05"),
        (" 2023-01-05 ", "2023-01-05"),
        (44931, "2023-01-05"),  # Excel serial number
        (44931.75, "2023-01-05"),  # serial with a time of day
        ("44931", "2023-01-05"),  # serial exported as text
        (45397, "2024-04-15"),
        (dt.datetime(2023, 1, 5, 8, 0), "2023-01-05"),
        (dt.date(2023, 1, 5), "2023-01-05"),
        (61, "1900-03-01"),
        ("2024-02-29", "2024-02-29"),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_in_the_forms_departments_use(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2023-02-30", "invalid calendar date"),
        ("2023-13-01", "invalid calendar date"),
        ("2023年2月29日", "invalid calendar date"),
        ("20231301", "invalid calendar date"),
        ("5/1/2023", "unparseable date"),
        ("昨天", "unparseable date"),
        ("2023-1", "unparseable date"),
        (60, "unparseable date"),  # before 1900-03-01 serials are ambiguous (phantom 1900-02-29)
        (3_000_000, "unparseable date"),
        (True, "unparseable date"),
    ],
)
def test_bad_dates_are_rejected_with_a_reason(raw, reason):
    with pytest.raises(ValueRejected) as caught:
        parse_date(raw)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("5000", "元", "0.5"),
        ("20,000.00", "元", "2"),
        ("1500", "元", "0.15"),
        ("0.01", "元", "0.000001"),
        ("12.5", "万元", "12.5"),
        ("3", "万元", "3"),
        (5000, "元", "0.5"),
        (5000.0, "元", "0.5"),
        (Decimal("123456.78"), "元", "12.345678"),
        ("5000元", "万元", "0.5"),  # a unit written in the cell wins
        ("2万元", "元", "2"),
        ("５０００", "元", "0.5"),
        ("0", "元", "0"),
        ("", "元", None),
        (None, "元", None),
    ],
)
def test_amounts_end_up_in_wanyuan(raw, unit, expected):
    assert parse_amount(raw, unit=unit) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("-5", "negative amount"),
        ("五千", "unparseable amount"),
        ("NaN", "unparseable amount"),
        ("1e400x", "unparseable amount"),
    ],
)
def test_bad_amounts_are_rejected(raw, reason):
    with pytest.raises(ValueRejected) as caught:
        parse_amount(raw)
    assert caught.value.reason == reason


def test_an_unknown_unit_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_amount("1", unit="美元")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("自然人", "自然人"),
        ("个人", "自然人"),
        ("法人", "法人及非法人组织"),
        ("法人及非法人组织", "法人及非法人组织"),
        ("非法人组织", "法人及非法人组织"),
        ("企业", "法人及非法人组织"),
        ("个体工商户", "个体工商户"),
        ("个体户", "个体工商户"),
        (" 自然人 ", "自然人"),
        (None, None),
    ],
)
def test_party_types_are_normalised(raw, expected):
    assert parse_party_type(raw) == expected


def test_department_codes_for_party_types():
    assert parse_party_type(1, extra_values={"1": "法人及非法人组织"}) == "法人及非法人组织"
    with pytest.raises(ValueRejected, match="unknown party type"):
        parse_party_type("外星人")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("51102219780601321x", "51102219780601321X"),
        ("５１２００２１９９００３０７１２３０", "512002199003071230"),
        ("512002 19900307 1230", "512002199003071230"),
        ("512002-19900307-1230", "512002199003071230"),
        (512002900307123, "512002900307123"),  # a 15-digit legacy number stored as an integer is exact
        ("", None),
        (None, None),
    ],
)
def test_id_numbers_are_cleaned_not_judged(raw, expected):
    assert parse_id_number(raw) == expected


def test_an_id_number_that_excel_turned_into_a_float_is_rejected():
    with pytest.raises(ValueRejected) as caught:
        parse_id_number(5.12002199003071e17)
    assert "51200219" not in caught.value.reason
    assert "digits lost" in caught.value.reason


def test_text_keeps_integers_whole():
    assert parse_text(2023.0) == "2023"
    assert parse_text(2023) == "2023"
    assert parse_text("  资阳  ") == "资阳"
    assert parse_text(dt.date(2024, 4, 15)) == "2024-04-15"
    assert parse_text("") is None
