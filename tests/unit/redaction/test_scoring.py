import pytest

from redaction.scoring import GoldSpan, KeepSpan, LabelledPassage, PlainSpan, Score

TEXT = "0123456789abcdefghij"


def passage(**fields: object) -> LabelledPassage:
    return LabelledPassage.model_validate({"id": "t", "text": TEXT, **fields})


def test_recall_needs_every_character_covered_by_any_type() -> None:
    gold = [GoldSpan(start=0, end=4, entity_type="PERSON"), GoldSpan(start=10, end=14, entity_type="PHONE_NUMBER")]
    score = Score()
    # The first gold span is covered by two adjacent predictions; the second lacks one character.
    score.add(passage(gold=gold), [(0, 2), (2, 4), (10, 13)])
    assert score.recall() == {"PERSON": 1.0, "PHONE_NUMBER": 0.0}
    assert score.leak_rate() == pytest.approx(1 / 8)


def test_precision_ignores_neutral_characters_and_counts_overlaps_once() -> None:
    score = Score()
    score.add(
        passage(gold=[GoldSpan(start=4, end=8, entity_type="ADDRESS")], neutral=[PlainSpan(start=0, end=4)]),
        [(0, 8), (6, 10)],  # 4 neutral + 4 gold + 2 outside; 6..8 predicted twice
    )
    assert score.precision() == pytest.approx(4 / 6)


def test_keep_damage_counts_spans_with_any_character_covered() -> None:
    score = Score()
    keep = [KeepSpan(start=0, end=3, what="party"), KeepSpan(start=5, end=9, what="law")]
    score.add(passage(keep=keep), [(8, 9)])
    assert score.keep_damage() == pytest.approx(0.5)


def test_sums_over_passages() -> None:
    score = Score()
    score.add(passage(gold=[GoldSpan(start=0, end=2, entity_type="PERSON")]), [(0, 2)])
    score.add(passage(gold=[GoldSpan(start=0, end=2, entity_type="PERSON")]), [])
    assert score.recall() == {"PERSON": 0.5}
    assert score.leak_rate() == pytest.approx(0.5)
    assert score.precision() == 1.0


def test_empty_prediction_has_perfect_precision_and_no_damage() -> None:
    score = Score()
    score.add(passage(keep=[KeepSpan(start=0, end=3)]), [])
    assert score.precision() == 1.0
    assert score.keep_damage() == 0.0
