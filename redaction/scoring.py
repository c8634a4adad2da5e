"""Corpus scoring, exactly as ../shared/corpus/README.md defines it.

- entity recall per type: a gold span is found when every one of its characters is covered by
  some predicted span (of any type);
- character leak rate: gold characters left uncovered / all gold characters;
- character precision: predicted characters inside gold spans / predicted characters outside
  neutral spans;
- keep damage: share of keep spans with any character covered.

Added here, because the issue's goal is about it: party-name damage, the share of passages (among
those where a public name occurs) in which an occurrence of a public name has a character covered.

Counts are summed over passages; characters are counted once even when predictions overlap.

Whole records (``LabelledRecord``, the held-out ``records.jsonl``) are scored on the record check's
outcome: a field the check withholds counts as covered whole, other fields by their masked findings.
Planted items surviving (gold spans not wholly covered) must be zero.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from redaction.models import RecordCheck
from redaction.standard import NEVER_PUBLISHED, PARTY_NAME


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
    passages_naming_party: int = 0
    passages_party_damaged: int = 0

    def add(self, passage: LabelledPassage, predicted: Iterable[tuple[int, int]]) -> None:
        covered = _chars(predicted)
        occurrences = [span for name in passage.public_names for span in _occurrences(passage.text, name)]
        if occurrences:
            self.passages_naming_party += 1
            if any(covered & set(range(start, end)) for start, end in occurrences):
                self.passages_party_damaged += 1
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

    def party_damage(self) -> float:
        return self.passages_party_damaged / self.passages_naming_party if self.passages_naming_party else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "recall": self.recall(),
            "leak_rate": self.leak_rate(),
            "char_precision": self.precision(),
            "keep_damage": self.keep_damage(),
            "party_name_damage": self.party_damage(),
        }


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    spans = []
    if name:
        index = text.find(name)
        while index != -1:
            spans.append((index, index + len(name)))
            index = text.find(name, index + 1)
    return spans


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


class RecordGoldSpan(BaseModel):
    field: str
    start: int
    end: int
    entity_type: str


class RecordSpan(BaseModel):
    field: str
    start: int
    end: int


class RecordKeepSpan(BaseModel):
    field: str
    start: int
    end: int
    what: str = ""


class LabelledRecord(BaseModel):
    """One line of a labelled record set: a whole 双公示 record with what must go and what must stay."""

    id: str
    record_type: str
    record: dict[str, object]
    gold: list[RecordGoldSpan] = []
    neutral: list[RecordSpan] = []
    keep: list[RecordKeepSpan] = []


@dataclass
class RecordScore:
    """Running totals over checked records; ``add`` one record and its check at a time.

    Each field is scored like a passage (same recall, leak, precision and keep damage); the fields
    that are never published are dropped by rule, not found, so they count as neutral.
    """

    fields: Score = field(default_factory=Score)
    records: int = 0
    party_damaged: int = 0

    def add(self, labelled: LabelledRecord, check: RecordCheck) -> None:
        self.records += 1
        values = {name: "" if value is None else str(value) for name, value in labelled.record.items()}
        covered = _covered_by_check(values, check)
        for name in {*values, *(g.field for g in labelled.gold)}:
            text = values.get(name, "")
            neutral = (
                [PlainSpan(start=0, end=len(text))]
                if name in NEVER_PUBLISHED
                else [PlainSpan(start=n.start, end=n.end) for n in labelled.neutral if n.field == name]
            )
            passage = LabelledPassage(
                id=f"{labelled.id}/{name}",
                text=text,
                gold=[GoldSpan(start=g.start, end=g.end, entity_type=g.entity_type) for g in labelled.gold
                      if g.field == name],
                neutral=neutral,
                keep=[KeepSpan(start=k.start, end=k.end, what=k.what) for k in labelled.keep if k.field == name],
            )
            self.fields.add(passage, [(i, i + 1) for i in covered.get(name, set())])
        party = values.get(PARTY_NAME, "").strip()
        if any(covered.get(name, set()) & set(range(a, b)) for name, value in values.items()
               for a, b in _occurrences(value, party)):
            self.party_damaged += 1

    def summary(self) -> dict[str, object]:
        fields = self.fields
        return {
            "recall": fields.recall(),
            "planted_surviving": sum(fields.total.values()) - sum(fields.found.values()),
            "leak_rate": fields.leak_rate(),
            "char_precision": fields.precision(),
            "keep_damage": fields.keep_damage(),
            "party_name_damage": self.party_damaged / self.records if self.records else 0.0,
        }


def _covered_by_check(values: Mapping[str, str], check: RecordCheck) -> dict[str, set[int]]:
    """Per field, the characters that do not reach the listing as written: a withheld field whole,
    otherwise the spans of its masked findings (the check's offsets are into the stripped value)."""
    covered: dict[str, set[int]] = {}
    for name, value in values.items():
        if name not in check.redacted_record:
            covered[name] = set(range(len(value)))
        else:
            lead = len(value) - len(value.lstrip())
            covered[name] = _chars(
                (lead + f.start, lead + f.end) for f in check.findings if f.field == name and f.action == "masked"
            )
    return covered
