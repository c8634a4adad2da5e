"""Phone, card and plate numbers and e-mail addresses written with the separators that forms and
pasted text bring (dots, slashes, middle dots, underscores, commas, zero-width spaces), in full
width, or glued to letters: each is found whole, with exact boundaries."""

import pytest

from tests.unit.redaction.conftest import found_spans, span_of

ZWSP = "\u200b"
SEPARATORS = [".", "/", "·", "_", "，", ZWSP, " ", "-", "—", "・", "•", ". "]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_mobile_with_any_separator(sep: str) -> None:
    number = sep.join(["138", "1234", "5678"])
    text = f"举报人的手机{number}已停机。"
    assert span_of(text, number) in found_spans(text, "PHONE_NUMBER")


@pytest.mark.parametrize("sep", SEPARATORS)
def test_bank_card_with_any_separator(sep: str) -> None:
    number = sep.join(["6222", "0212", "3456", "7890", "128"])
    text = f"当事人将款项转入{number}账户。"
    assert span_of(text, number) in found_spans(text, "BANK_CARD")


@pytest.mark.parametrize(
    ("text", "number", "entity"),
    [
        ("NO13812345678", "13812345678", "PHONE_NUMBER"),
        ("Tel13812345678转告", "13812345678", "PHONE_NUMBER"),
        ("TEL:+86-138-1234-5678", "+86-138-1234-5678", "PHONE_NUMBER"),
        ("电话１３８．１２３４．５６７８", "１３８．１２３４．５６７８", "PHONE_NUMBER"),
        ("电话0832/6123456", "0832/6123456", "PHONE_NUMBER"),
        ("电话0832.6123456", "0832.6123456", "PHONE_NUMBER"),
        ("电话0832—6123456", "0832—6123456", "PHONE_NUMBER"),
        ("卡号NO6222021234567890128", "6222021234567890128", "BANK_CARD"),
        ("卡号６２２２０２１２３４５６７８９０１２８", "６２２２０２１２３４５６７８９０１２８", "BANK_CARD"),
        ("车牌号川A·12345", "川A·12345", "LICENSE_PLATE"),
        ("车牌号川A•12345", "川A•12345", "LICENSE_PLATE"),
        ("车牌号川A・12345", "川A・12345", "LICENSE_PLATE"),
        ("车牌号川A.12345", "川A.12345", "LICENSE_PLATE"),
        ("车牌号川A_12345", "川A_12345", "LICENSE_PLATE"),
        ("车牌号川A" + ZWSP + "12345", "川A" + ZWSP + "12345", "LICENSE_PLATE"),
        ("车牌号川Ａ１２３４５", "川Ａ１２３４５", "LICENSE_PLATE"),
        ("车牌号川AD12345", "川AD12345", "LICENSE_PLATE"),
        ("邮箱zhang_wei＠qq.com", "zhang_wei＠qq.com", "EMAIL_ADDRESS"),
        ("邮箱ＺＨＡＮＧ＠１６３．ＣＯＭ", "ＺＨＡＮＧ＠１６３．ＣＯＭ", "EMAIL_ADDRESS"),
        ("请发送至li.ming2023@foxmail.com并抄送", "li.ming2023@foxmail.com", "EMAIL_ADDRESS"),
    ],
)
def test_found_whole(text: str, number: str, entity: str) -> None:
    assert span_of(text, number) in found_spans(text, entity)


@pytest.mark.parametrize(
    "text",
    [
        "罚款1,300,000元",
        "于2023.10.15检查",
        "批号20230101234",
        "第1、3、5项",
        "货值金额12.5万元",
    ],
)
def test_numbers_that_are_not_phones_or_cards(text: str) -> None:
    assert found_spans(text, "PHONE_NUMBER") == []
    assert found_spans(text, "BANK_CARD") == []
