"""BANK_CARD: bank card numbers (16-19 digits, Luhn) and account numbers after 账号/卡号 words.

A Luhn-valid 16-19 digit run is a card whatever surrounds it; an 18-character run that is a valid
resident ID is left to the ID recognizer. Account numbers (对公账户 and passbooks are not Luhn
numbers) are only recognised right after an account word (policy §2: "账号 followed by an account
number"); that pattern carries the context in its own look-behind.
"""

from typing import ClassVar

from presidio_analyzer import Pattern
from stdnum import luhn

from crypto.identifiers import compact, read_id_number
from redaction.recognizers._base import (
    DIGIT_SEP,
    LANGUAGE,
    NOT_AFTER_DIGIT,
    NOT_BEFORE_ALNUM,
    NOT_BEFORE_DIGIT,
    PUBLIC_NUMBER_WORDS,
    ZhPatternRecognizer,
)

_ACCOUNT_WORDS = (
    "账号",
    "帐号",
    "账户",
    "帐户",
    "卡号",
    "银行卡",
    "存折",
    "收款账号",
    "开户账号",
    "开户行及账号",
    "对公账户",
    "基本户",
)
# The bank may be named between the word and the number: 账号：中国工商银行资阳分行 4402…
_BANK = r"(?:[\u4e00-\u9fff]{2,24}?(?:银行|支行|分行|分理处|营业部|营业所|信用社|信用联社|农商行|储蓄所)[，,、 ]?)"
_ACCOUNT_LEAD = r"(?<=(?:" + "|".join(_ACCOUNT_WORDS) + r")(?:为|是|[：:])?\s?" + _BANK + r"?\s?)"


class BankCardRecognizer(ZhPatternRecognizer):
    """Recognizes bank card and bank account numbers."""

    PATTERNS: ClassVar[list[Pattern]] = [
        # Digit groups with any separators (6222.0212.3456, 6222/0212/…), glued to letters too (NO6222…).
        Pattern(
            "bank_card",
            NOT_AFTER_DIGIT + r"[1-9](?:" + DIGIT_SEP + r"[0-9]){15,18}" + NOT_BEFORE_DIGIT,
            0.3,
        ),
        Pattern(
            "bank_account_after_word",
            _ACCOUNT_LEAD + r"[0-9](?:" + DIGIT_SEP + r"[0-9]){7,29}" + NOT_BEFORE_ALNUM,
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "银行卡",
        "卡号",
        "账号",
        "帐号",
        "账户",
        "帐户",
        "银行",
        "转账",
        "收款",
        "付款",
        "开户",
        "储蓄卡",
        "信用卡",
        "转入",
        "汇入",
        "打入",
        "存入",
        "转至",
        "汇至",
        "汇款",
        "提现",
    ]
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = PUBLIC_NUMBER_WORDS

    def __init__(self) -> None:
        super().__init__(
            supported_entity="BANK_CARD",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=LANGUAGE,
            name="BankCardRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        reading = read_id_number(pattern_text)
        if reading is not None and reading.valid:
            return False
        number = compact(pattern_text)
        if 16 <= len(number) <= 19 and luhn.is_valid(number):
            return True
        return None
