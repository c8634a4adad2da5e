"""LICENSE_PLATE: mainland vehicle plates, with or without the middle dot, incl. new-energy plates.

Province character + issuing-authority letter + 5 characters (ordinary) or 6 (new energy, D/F
first or last), or 4 + a special suffix (挂 trailer, 学 driving school, 警 police, 港/澳 cross-border).
At least two digits are required: real serials always have them, words in capitals do not.
"""

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers._base import LANGUAGE, ZhPatternRecognizer

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# Between the authority letter and the serial: a middle dot of any kind, a dot, hyphen, space,
# underscore, slash or a zero-width character (full-width forms arrive folded).
_DOT = r"[·•・‧∙⋅．.\-‐–— _/\u200b\u200c\u200d\u2060\ufeff]{0,2}"


class LicensePlateRecognizer(ZhPatternRecognizer):
    """Recognizes Chinese licence plates."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "cn_plate",
            r"(?<![A-Za-z0-9])["
            + PROVINCES
            + r"][A-Z]"
            + _DOT
            + r"(?:[A-Z0-9]{5,6}|[A-Z0-9]{4}[挂学警港澳领试超])(?![A-Za-z0-9])",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["车牌", "号牌", "车辆", "驾驶", "牌照", "机动车", "车号"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="LICENSE_PLATE",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=LANGUAGE,
            name="LicensePlateRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        serial = pattern_text[2:]
        return None if sum(ch.isdigit() for ch in serial) >= 2 else False
