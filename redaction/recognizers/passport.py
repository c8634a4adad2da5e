"""PASSPORT: Chinese passports (E12345678, EA1234567, older G/P/S/D) and travel permits
(港澳通行证 C/W…, 回乡证 H/M…, 台胞证/台湾通行证 T…).

E-series passports are distinctive enough to stand alone; the other letter+digits shapes also
look like batch or model numbers, so they need a context word (护照, 通行证 …).
"""

from typing import ClassVar

from presidio_analyzer import Pattern

from redaction.recognizers._base import LANGUAGE, PUBLIC_NUMBER_WORDS, ZhPatternRecognizer

_EDGE_L = r"(?<![A-Za-z0-9])"
_EDGE_R = r"(?![A-Za-z0-9])"
_LETTER = r"[A-HJ-NP-Z]"


class PassportRecognizer(ZhPatternRecognizer):
    """Recognizes passport and travel-permit numbers."""

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("cn_passport_e", _EDGE_L + r"E(?:[0-9]{8}|" + _LETTER + r"[0-9]{7})" + _EDGE_R, 0.6),
        Pattern("cn_passport_other", _EDGE_L + r"[GPSD][0-9]{8}" + _EDGE_R, 0.2),
        Pattern(
            "cn_travel_permit",
            _EDGE_L + r"(?:C" + _LETTER + r"?[0-9]{7,8}|W[0-9]{8}|T[0-9]{8}|[HM][0-9]{8}(?:[0-9]{2})?)" + _EDGE_R,
            0.2,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["护照", "通行证", "回乡证", "台胞证", "旅行证", "证件", "passport"]
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = PUBLIC_NUMBER_WORDS

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PASSPORT",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=LANGUAGE,
            name="PassportRecognizer",
        )
