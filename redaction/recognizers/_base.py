"""What the Chinese pattern recognizers share.

``\\b`` never matches beside Han characters, so every pattern delimits numbers with explicit
look-arounds (``NOT_AFTER_ALNUM`` / ``NOT_BEFORE_ALNUM``). Separators inside a number (space,
hyphen) are allowed by the patterns and checked by the validators on the bare digits.

Besides presidio's (positive) context words, a recognizer may list ``NEGATIVE_CONTEXT``: words
that, right before a match, say the number is something public (a batch number, a licence
number, a credit code); such a match is dropped.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from crypto.identifiers import SEPARATORS

LANGUAGE = "zh"

NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z])(?<![0-9A-Za-z][ \-])"
NOT_BEFORE_ALNUM = r"(?![0-9A-Za-z])(?![ \-][0-9A-Za-z])"

# What people and forms put between the digit groups of a phone or card number (spaces, dashes,
# dots and middle dots, slashes, underscores, commas, zero-width characters): the identity home's
# separators. Full-width forms arrive folded by ``fold_width``. At most two in a row.
DIGIT_SEPARATORS = "".join(re.escape(char) for char in dict.fromkeys(SEPARATORS))
DIGIT_SEP = "[" + DIGIT_SEPARATORS + "]{0,2}"
# A number glued to letters (NO13812345678, Tel:138…) is still found: only digits delimit it.
NOT_AFTER_DIGIT = r"(?<![0-9])(?<![0-9][ \-.])"
NOT_BEFORE_DIGIT = r"(?![0-9])(?![ \-.][0-9])"

# Words that introduce public identifiers (policy §3) or non-personal numbers.
PUBLIC_NUMBER_WORDS = (
    "批号",
    "批次",
    "生产日期",
    "编号",
    "型号",
    "货号",
    "订单号",
    "单号",
    "发票号",
    "发票代码",
    "流水号",
    "注册号",
    "信用代码",
    "许可证号",
    "许可证编号",
    "证书编号",
    "登记号",
    "备案号",
    "文号",
    "税号",
    "纳税人识别号",
    "条码",
    "条形码",
    "批准文号",
    "合同号",
    "案号",
    "序列号",
)

# How far before a match a negative context word may start.
NEGATIVE_WINDOW = 12


class ZhPatternRecognizer(PatternRecognizer):
    """A ``PatternRecognizer`` for Chinese text with negative context words."""

    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = ()

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if not self.NEGATIVE_CONTEXT:
            return results
        return [r for r in results if not self._after_negative_word(text, r.start)]

    def _after_negative_word(self, text: str, start: int) -> bool:
        return after_negative_word(text, start, self.NEGATIVE_CONTEXT)


def after_negative_word(text: str, start: int, words: tuple[str, ...]) -> bool:
    """True when one of ``words`` stands shortly before ``start``, in the same clause."""
    window = text[max(0, start - NEGATIVE_WINDOW) : start]
    # Only the clause the match is in counts: a comma or full stop ends the context.
    for stop in "，。；,;！？\n":
        window = window.rsplit(stop, 1)[-1]
    return any(word in window for word in words)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One match of a finder, as a recognizer scores it."""

    start: int
    end: int
    score: float
    kind: str  # what the finder says it is (shown in the decision process)
    negatable: bool = True  # a negative context word before it drops it


class FinderRecognizer(EntityRecognizer):
    """A recognizer whose matches come from a finder of ``crypto.identifiers`` rather than own patterns.

    The identity facts have one home; a recognizer only turns what the home finds into scores. Context
    words lift low scores as for pattern recognizers; ``NEGATIVE_CONTEXT`` drops negatable matches.
    """

    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, supported_entity: str, context: list[str], name: str) -> None:
        self.name: str = name  # presidio sets it too; declared here for the type checker
        super().__init__(
            supported_entities=[supported_entity], name=name, supported_language=LANGUAGE, context=context
        )

    def load(self) -> None:
        """Nothing to load: the finders are compiled at import."""

    def candidates(self, text: str) -> Iterable[Candidate]:
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for candidate in self.candidates(text):
            if candidate.negatable and after_negative_word(text, candidate.start, self.NEGATIVE_CONTEXT):
                continue
            results.append(
                RecognizerResult(
                    entity_type=self.supported_entities[0],
                    start=candidate.start,
                    end=candidate.end,
                    score=candidate.score,
                    analysis_explanation=AnalysisExplanation(
                        recognizer=self.name, original_score=candidate.score, textual_explanation=candidate.kind
                    ),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results
