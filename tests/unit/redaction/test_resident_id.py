"""CnResidentIdRecognizer: the engine finds what ``crypto.identifiers`` finds, scored by status and context."""

import pytest

from tests.unit.redaction.conftest import found_spans, span_of

# Check characters computed independently (ISO 7064 MOD 11-2). The old copy of this test used
# 11010519491231150X, whose X came from the stdnum 1.x call that python-stdnum 2.x reads differently;
# the right number is ...1508.
VALID = "110105194912311508"
WRONG_CHECK = "110105194912311501"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("身份证号110105194912311508。", VALID),
        ("身份证号码：11010519491231002x，", "11010519491231002x"),
        ("其身份证号为１１０１０５１９４９１２３１１５０８。", "１１０１０５１９４９１２３１１５０８"),
        ("证件号码 110105 19491231 1508 已核实", "110105 19491231 1508"),
        ("证件号码1101-0519-4912-3115-08已核实", "1101-0519-4912-3115-08"),
        ("经核实110105194912311508为其本人", VALID),  # valid check: no context needed
        ("公民身份号码110105491231002，", "110105491231002"),  # legacy 15 digits, with context
        ("身份证号码51200219900307123X", "51200219900307123X"),  # wrong check character, with context
        ("身份证号512021195801010012", "512021195801010012"),  # region code no table knows
        # The two sentences: valid numbers with no context word at all.
        ("车辆登记所有人杨某（512000197410170138）不知情。", "512000197410170138"),
        ("他的号码是110105200302213976。", "110105200302213976"),
        # Other separators, glued to letters, format characters.
        ("其证号512002.19800101.0018。", "512002.19800101.0018"),
        ("当事人512002/19800101/0018", "512002/19800101/0018"),
        ("当事人512002·19800101·0018", "512002·19800101·0018"),
        ("当事人512002_19800101_0018", "512002_19800101_0018"),
        ("当事人512002，19800101，0018", "512002，19800101，0018"),
        ("当事人512002\u200b19800101\u200b0018", "512002\u200b19800101\u200b0018"),
        ("登记号NO512002198001010018。", "512002198001010018"),  # valid: a public-number word does not save it
        ("身份证编号512002198001010018", "512002198001010018"),
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
