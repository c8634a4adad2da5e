import pytest

from redaction.identity import check_resident_id, upgrade_15_to_18
from tests.unit.redaction.conftest import found_spans, span_of

# Check characters computed with stdnum (ISO 7064 MOD 11-2); 11010519491231150X ends in X.
VALID = "11010519491231150X"
WRONG_CHECK = "110105194912311501"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("身份证号11010519491231150X。", VALID),
        ("身份证号码：11010519491231150x，", "11010519491231150x"),
        ("其身份证号为１１０１０５１９４９１２３１１５０Ｘ。", "１１０１０５１９４９１２３１１５０Ｘ"),
        ("证件号码 110105 19491231 150X 已核实", "110105 19491231 150X"),
        ("证件号码1101-0519-4912-3115-0X已核实", "1101-0519-4912-3115-0X"),
        ("经核实11010519491231150X为其本人", VALID),  # valid check: no context needed
        ("公民身份号码110105491231002，", "110105491231002"),  # legacy 15 digits, with context
        ("身份证号码51200219900307123X", "51200219900307123X"),  # wrong check character, with context
        ("身份证号512021195801010012", "512021195801010012"),  # region code no table knows
    ],
)
def test_finds_resident_ids(text: str, number: str) -> None:
    assert span_of(text, number) in found_spans(text, "CN_RESIDENT_ID")


@pytest.mark.parametrize(
    "text",
    [
        "统一社会信用代码91512002MA62XJ5K12。",
        "罚款110105194912元整",
        "货值金额21000元，决定书文号资市监罚〔2023〕15号",
        "批号110105491231002的产品",  # 15 digits after a batch word
        "注册号510902000012345",
        "订单号51200219900307123X",  # negative context word
        "经核实51200219900307123X为其本人",  # wrong check, no context
        "营业执照注册号510902600012345",
        "1101051949123100212345",  # longer digit run
        "身份证号110105194913310023",  # month 13
    ],
)
def test_ignores_other_numbers(text: str) -> None:
    assert found_spans(text, "CN_RESIDENT_ID") == []


def test_check_resident_id() -> None:
    assert check_resident_id(VALID) is True
    assert check_resident_id(VALID.lower()) is True
    assert check_resident_id(WRONG_CHECK) is None  # wrong check character
    assert check_resident_id("110105491231002") is None  # legacy, plausible
    assert check_resident_id("110105491331002") is False  # month 13
    assert check_resident_id("abc") is False


def test_upgrade_15_to_18() -> None:
    assert upgrade_15_to_18("110105491231150") == VALID
