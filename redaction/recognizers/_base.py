"""What the Chinese pattern recognizers share.

``\\b`` never matches beside Han characters, so every pattern delimits numbers with explicit
look-arounds (``NOT_AFTER_ALNUM`` / ``NOT_BEFORE_ALNUM``). Separators inside a number (space,
hyphen) are allowed by the patterns and checked by the validators on the bare digits.

Besides presidio's (positive) context words, a recognizer may list ``NEGATIVE_CONTEXT``: words
that, right before a match, say the number is something public (a batch number, a licence
number, a credit code); such a match is dropped.
"""

from typing import ClassVar

from presidio_analyzer import PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

LANGUAGE = "zh"

NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z])(?<![0-9A-Za-z][ \-])"
NOT_BEFORE_ALNUM = r"(?![0-9A-Za-z])(?![ \-][0-9A-Za-z])"

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
        window = text[max(0, start - NEGATIVE_WINDOW) : start]
        # Only the clause the match is in counts: a comma or full stop ends the context.
        for stop in "，。；,;！？\n":
            window = window.rsplit(stop, 1)[-1]
        return any(word in window for word in self.NEGATIVE_CONTEXT)
