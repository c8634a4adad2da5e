import pytest
from stdnum import luhn

from redaction.recognizers.bank_card import BankCardRecognizer
from tests.unit.redaction.conftest import found_spans, span_of

CARD_16 = "622202123456789" + luhn.calc_check_digit("622202123456789")
CARD_19 = "622202123456789012" + luhn.calc_check_digit("622202123456789012")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (f"银行卡{CARD_19}收取", CARD_19),
        (f"收款卡号{CARD_16}）", CARD_16),
        (f"转入{CARD_16}后", CARD_16),  # Luhn-valid: no context needed
        (
            f"卡号 {CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]}",
            f"{CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]}",
        ),
        ("对公账号：3100 1234 5678 9012 3，", "3100 1234 5678 9012 3"),  # not Luhn, after 账号
        ("存入其账户为6217000012345678901的", "6217000012345678901"),
        ("账号51001234567890", "51001234567890"),
    ],
)
def test_finds_cards_and_accounts(text: str, number: str) -> None:
    assert span_of(text, number) in found_spans(text, "BANK_CARD")


@pytest.mark.parametrize(
    "text",
    [
        "身份证号110105194912311508",
        "订单编号6222021234567890128",
        "罚款6222021234567元",
        "电话13812345678",
        "统一社会信用代码91512002MA62XJ5K12",
        "流水号1234567890123456",  # not Luhn, no account word
    ],
)
def test_ignores_other_numbers(text: str) -> None:
    assert found_spans(text, "BANK_CARD") == []


def test_valid_resident_id_is_not_a_card() -> None:
    assert BankCardRecognizer().validate_result("110105194912311508") is False


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("账号：中国工商银行资阳分行 4402 2345 6789 012", "4402 2345 6789 012"),
        ("开户行及账号：农行雁江支行，22123401040012", "22123401040012"),
        ("对公账户为2212340104001234567", "2212340104001234567"),
        ("当事人将款项汇入6228480402564890011", "6228480402564890011"),
    ],
)
def test_accounts_after_a_bank_name_or_a_transfer_word(text: str, number: str) -> None:
    assert span_of(text, number) in found_spans(text, "BANK_CARD")


@pytest.mark.parametrize("text", ["编号：中国银行123456789012", "当事人的账户已冻结。", "账号为空"])
def test_no_account_without_a_number_or_after_a_public_number_word(text: str) -> None:
    assert found_spans(text, "BANK_CARD") == []
