"""Corpus scoring, exactly as ../shared/corpus/README.md defines it.

- entity recall per type: a gold span is found when every one of its characters is covered by
  some predicted span (of any type);
- character leak rate: gold characters left uncovered / all gold characters;
- character precision: predicted characters inside gold spans / predicted characters outside
  neutral spans;
- keep damage: share of keep spans with any character covered.

Counts are summed over passages; characters are counted once even when predictions overlap.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel


class GoldSpan(BaseModel):
    start: int
    end: int
    entity_type: str


class PlainSpan(BaseModel):
    start: int
    end: int


class KeepSpan(BaseModel):
    start: int
    end: int
    what: str = ""


class LabelledPassage(BaseModel):
    """One line of the corpus."""

    id: str
    text: str
    public_names: list[str] = []
    gold: list[GoldSpan] = []
    neutral: list[PlainSpan] = []
    keep: list[KeepSpan] = []


@dataclass
class Score:
    """Running totals; ``add`` one passage at a time, read the rates at the end."""

    found: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    gold_chars: int = 0
    leaked_chars: int = 0
    predicted_outside_neutral: int = 0
    predicted_in_gold: int = 0
    keep_spans: int = 0
    damaged_keep_spans: int = 0

    def add(self, passage: LabelledPassage, predicted: Iterable[tuple[int, int]]) -> None:
        covered = _chars(predicted)
        gold_chars = _chars((g.start, g.end) for g in passage.gold)
        neutral_chars = _chars((n.start, n.end) for n in passage.neutral)
        for gold in passage.gold:
            span = set(range(gold.start, gold.end))
            self.total[gold.entity_type] = self.total.get(gold.entity_type, 0) + 1
            if span <= covered:
                self.found[gold.entity_type] = self.found.get(gold.entity_type, 0) + 1
        self.gold_chars += len(gold_chars)
        self.leaked_chars += len(gold_chars - covered)
        self.predicted_outside_neutral += len(covered - neutral_chars)
        self.predicted_in_gold += len(covered & gold_chars)
        for keep in passage.keep:
            self.keep_spans += 1
            if covered & set(range(keep.start, keep.end)):
                self.damaged_keep_spans += 1

    def recall(self) -> dict[str, float]:
        return {entity: self.found.get(entity, 0) / count for entity, count in sorted(self.total.items())}

    def leak_rate(self) -> float:
        return self.leaked_chars / self.gold_chars if self.gold_chars else 0.0

    def precision(self) -> float:
        return self.predicted_in_gold / self.predicted_outside_neutral if self.predicted_outside_neutral else 1.0

    def keep_damage(self) -> float:
        return self.damaged_keep_spans / self.keep_spans if self.keep_spans else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "recall": self.recall(),
            "leak_rate": self.leak_rate(),
            "char_precision": self.precision(),
            "keep_damage": self.keep_damage(),
        }


def _chars(spans: Iterable[tuple[int, int]]) -> set[int]:
    chars: set[int] = set()
    for start, end in spans:
        chars.update(range(start, end))
    return chars


def score_passages(passages: Sequence[LabelledPassage], predictions: Sequence[Iterable[tuple[int, int]]]) -> Score:
    score = Score()
    for passage, predicted in zip(passages, predictions, strict=True):
        score.add(passage, predicted)
    return score
