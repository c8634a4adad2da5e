"""PASSPORT: passports and 通行证 numbers, found by ``crypto.identifiers`` (its docstring lists the shapes).

E-series passports (E12345678, EA1234567) and a 台胞证 number right after its own name stand alone; the
other letter + digits shapes also look like batch or model numbers, so they need a context word
(护照, 通行证 …). Any of them right after a public-number word (批号, 型号…) is dropped.
"""

from collections.abc import Iterator
from typing import ClassVar

from crypto.identifiers import CONTEXT_WORDS, find_travel_documents
from redaction.recognizers._base import PUBLIC_NUMBER_WORDS, Candidate, FinderRecognizer

STANDALONE_SCORE = 0.6
NEEDS_CONTEXT_SCORE = 0.2


class PassportRecognizer(FinderRecognizer):
    """Recognizes passport and travel-permit numbers."""

    CONTEXT: ClassVar[list[str]] = list(dict.fromkeys(word for words in CONTEXT_WORDS.values() for word in words))
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = PUBLIC_NUMBER_WORDS

    def __init__(self) -> None:
        super().__init__(supported_entity="PASSPORT", context=self.CONTEXT, name="PassportRecognizer")

    def candidates(self, text: str) -> Iterator[Candidate]:
        for match in find_travel_documents(text):
            score = NEEDS_CONTEXT_SCORE if match.needs_context else STANDALONE_SCORE
            yield Candidate(match.start, match.end, score, match.kind.value)
