"""CN_RESIDENT_ID: 公民身份号码, 18 characters (ISO 7064 MOD 11-2 check) or the legacy 15 digits.

Validity is format + birth date + check character (policy §5). The region code is deliberately
not checked against a table: codes of counties created after a person's birth, and abolished
codes, stay valid for life, and ``stdnum.cn.ric.validate`` would reject them. A number whose
date is right but whose check character is wrong is kept at a low score: a mistyped number is
still someone's, so context words (身份证…) lift it over the threshold.
"""

import datetime as dt
from typing import ClassVar

from presidio_analyzer import Pattern
from stdnum.cn import ric

from redaction.recognizers._base import (
    LANGUAGE,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    PUBLIC_NUMBER_WORDS,
    ZhPatternRecognizer,
    bare,
)

_SEP = r"[ \-]?"


def _birth_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return None
    if year < 1900 or born > dt.date.today():
        return None
    return born


def upgrade_15_to_18(number: str) -> str:
    """The 18-character form of a legacy 15-digit number (19 inserted before the year)."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body)


def check_resident_id(text: str) -> bool | None:
    """True: a valid 18-character ID; None: plausible but unproven (legacy 15 digits, or a wrong
    check character), needs context; False: not an ID."""
    number = bare(text)
    if len(number) == 15 and number.isdigit():
        # Fifteen digits with a date inside are common (registration numbers), so a legacy ID
        # needs a context word: None keeps the low pattern score.
        born = _birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        return False if born is None else None
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return False
    if number[0] in "09" or _birth_date(int(number[6:10]), int(number[10:12]), int(number[12:14])) is None:
        return False
    return True if ric.calc_check_digit(number[:17]) == number[17] else None


class CnResidentIdRecognizer(ZhPatternRecognizer):
    """Recognizes 18- and 15-character resident identity numbers, spaced or not."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("cn_resident_id_18", NOT_AFTER_ALNUM + r"[1-8](?:" + _SEP + r"[0-9]){16}" + _SEP
                + r"[0-9Xx]" + NOT_BEFORE_ALNUM, 0.3),
        Pattern("cn_resident_id_15", NOT_AFTER_ALNUM + r"[1-8](?:" + _SEP + r"[0-9]){14}"
                + NOT_BEFORE_ALNUM, 0.2),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "身份证", "身份号码", "公民身份", "证件号", "证号", "身份证号", "居民身份证", "证件",
    ]
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = PUBLIC_NUMBER_WORDS

    def __init__(self) -> None:
        super().__init__(
            supported_entity="CN_RESIDENT_ID",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=LANGUAGE,
            name="CnResidentIdRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        return check_resident_id(pattern_text)
