"""CN_RESIDENT_ID: 公民身份号码, 18 characters or the legacy 15 digits, found by ``crypto.identifiers``.

The home's finder sees every way a number is written (separators, full width, lower-case x, glued to
letters). A valid number is private wherever it stands, with or without a context word, even after a
word such as 编号 (身份证编号 is common). A number with the right shape and birth date but a wrong check
character is still someone's, mistyped: it keeps a low score that a context word (身份证…) lifts over the
threshold, and a public-number word (批号, 订单号…) drops it. Legacy 15-digit numbers are treated the same
way, since 15 digits with a date inside are common (registration numbers).
"""

from collections.abc import Iterator
from typing import ClassVar

from crypto.identifiers import IdNumberStatus, find_id_numbers
from redaction.recognizers._base import PUBLIC_NUMBER_WORDS, Candidate, FinderRecognizer

SCORES = {IdNumberStatus.VALID: 1.0, IdNumberStatus.PLAUSIBLE: 0.3, IdNumberStatus.LEGACY: 0.2}


class CnResidentIdRecognizer(FinderRecognizer):
    """Recognizes 18- and 15-character resident identity numbers, however written."""

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
        super().__init__(supported_entity="CN_RESIDENT_ID", context=self.CONTEXT, name="CnResidentIdRecognizer")

    def candidates(self, text: str) -> Iterator[Candidate]:
        for match in find_id_numbers(text):
            yield Candidate(match.start, match.end, SCORES[match.status], match.status.value, negatable=not match.valid)
