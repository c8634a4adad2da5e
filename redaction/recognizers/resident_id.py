"""CN_RESIDENT_ID: 公民身份号码, 18 characters (ISO 7064 MOD 11-2 check) or the legacy 15 digits.

Validity is format + birth date + check character (policy §5). The region code is deliberately
not checked against a table: codes of counties created after a person's birth, and abolished
codes, stay valid for life, and ``stdnum.cn.ric.validate`` would reject them. A number whose
date is right but whose check character is wrong is kept at a low score: a mistyped number is
still someone's, so context words (身份证…) lift it over the threshold.
"""

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.identity import check_resident_id
from redaction.recognizers._base import (
    LANGUAGE,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    PUBLIC_NUMBER_WORDS,
    ZhPatternRecognizer,
)

_SEP = r"[ \-]?"


class CnResidentIdRecognizer(ZhPatternRecognizer):
    """Recognizes 18- and 15-character resident identity numbers, spaced or not."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "cn_resident_id_18",
            NOT_AFTER_ALNUM + r"[1-8](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx]" + NOT_BEFORE_ALNUM,
            0.3,
        ),
        Pattern("cn_resident_id_15", NOT_AFTER_ALNUM + r"[1-8](?:" + _SEP + r"[0-9]){14}" + NOT_BEFORE_ALNUM, 0.2),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "身份证",
        "身份",
        "身份号码",
        "公民身份",
        "证件号",
        "证号",
        "身份证号",
        "居民身份证",
        "证件",
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
