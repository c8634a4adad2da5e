"""PHONE_NUMBER: mainland mobiles (with +86/0086, spaced or hyphenated) and landlines.

Landlines need an area code written with a separator or in parentheses, or a context word.
Service hotlines (12315, 12345, 95xxx, 400/800 numbers) do not match any pattern: they are
official contact points and stay (policy §2).
"""

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers._base import (
    DIGIT_SEP,
    DIGIT_SEPARATORS,
    LANGUAGE,
    NOT_AFTER_ALNUM,
    NOT_AFTER_DIGIT,
    NOT_BEFORE_ALNUM,
    NOT_BEFORE_DIGIT,
    PUBLIC_NUMBER_WORDS,
    ZhPatternRecognizer,
)

_COUNTRY = r"(?:(?:\+|00)86" + DIGIT_SEP + r"|[(（](?:\+|00)?86[)）]" + DIGIT_SEP + r")?"
# Eleven digits with any separators between them (138.1234.5678, 138/1234/5678, 1 3 8 …).
_MOBILE = r"1" + DIGIT_SEP + r"[3-9](?:" + DIGIT_SEP + r"[0-9]){9}"
_AREA_CODE = r"0[1-9][0-9]{1,2}"
_LOCAL = r"[2-9][0-9]{2,3}" + DIGIT_SEP + r"[0-9]{4}"
_EXTENSION = r"(?:[ \-]?(?:转|分机|ext\.?)[ \-]?[0-9]{1,5})?"
# A bare 7-8 digit run followed by a unit is a quantity, an amount or a date, not a number to call.
_NOT_QUANTITY = r"(?![元万千百亿年月日号%个件次人户台吨斤克米箱瓶盒袋份])"


class CnPhoneRecognizer(ZhPatternRecognizer):
    """Recognizes Chinese mobile and landline numbers."""

    PATTERNS: ClassVar[list[Pattern]] = [
        # A mobile number may be glued to letters (NO13812345678, Tel13812345678).
        Pattern("cn_mobile", NOT_AFTER_DIGIT + r"(?<!\+)" + _COUNTRY + _MOBILE + NOT_BEFORE_DIGIT, 0.7),
        Pattern(
            "cn_landline_separated",
            NOT_AFTER_ALNUM
            + r"(?:"
            + _AREA_CODE
            + r"[" + DIGIT_SEPARATORS + r"]{1,2}|[(（]"
            + _AREA_CODE
            + r"[)）]"
            + DIGIT_SEP
            + r")"
            + _LOCAL
            + _EXTENSION
            + NOT_BEFORE_ALNUM,
            0.6,
        ),
        Pattern(
            "cn_landline_joined",
            NOT_AFTER_ALNUM + _AREA_CODE + r"[2-9][0-9]{6,7}" + NOT_BEFORE_ALNUM + _NOT_QUANTITY,
            0.2,
        ),
        Pattern("cn_local_number", NOT_AFTER_ALNUM + r"[2-9][0-9]{6,7}" + NOT_BEFORE_ALNUM + _NOT_QUANTITY, 0.2),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "电话",
        "手机",
        "联系方式",
        "联系",
        "号码",
        "致电",
        "座机",
        "来电",
        "tel",
        "手机号",
        "微信",
    ]
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = PUBLIC_NUMBER_WORDS

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=LANGUAGE,
            name="CnPhoneRecognizer",
        )
