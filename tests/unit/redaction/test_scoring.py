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


def test_party_name_damage_counts_passages_where_an_occurrence_of_a_public_name_is_touched() -> None:
    text = "当事人赵晨处以罚款，赵晨已缴纳。"
    score = Score()
    party = LabelledPassage(id="a", text=text, public_names=["赵晨"])
    score.add(party, [(text.index("处"), text.index("处") + 1)])  # next to the name, not on it
    score.add(party, [(text.rindex("赵晨") + 1, text.rindex("赵晨") + 2)])  # the second occurrence's last character
    score.add(LabelledPassage(id="b", text=text, public_names=["王五"]), [(0, 3)])  # the name does not occur
    assert (score.passages_naming_party, score.passages_party_damaged) == (2, 1)
    assert score.party_damage() == pytest.approx(0.5)


def test_record_score_counts_withheld_fields_as_covered_and_surviving_items() -> None:
    from redaction.models import Finding, RecordCheck
    from redaction.scoring import LabelledRecord, RecordScore

    labelled = LabelledRecord.model_validate(
        {
            "id": "r",
            "record_type": "admin_penalty",
            "record": {"行政相对人名称": "赵晨", "备注": " 电话13812345678，赵晨", "微信": "zc88", "违法事实": "孙丽"},
            "gold": [
                {"field": "备注", "start": 3, "end": 14, "entity_type": "PHONE_NUMBER"},
                {"field": "微信", "start": 0, "end": 4, "entity_type": "OTHER"},
                {"field": "违法事实", "start": 0, "end": 2, "entity_type": "PERSON"},
            ],
            "keep": [{"field": "行政相对人名称", "start": 0, "end": 2, "what": "party"}],
        }
    )

    def masked(field: str, start: int, end: int) -> Finding:
        return Finding(field=field, start=start, end=end, entity_type="X", score=1, recognizer="t", action="masked")

    # 备注 is stripped by the check: its finding's offsets are one less than the label's.
    check = RecordCheck(
        findings=[masked("备注", 2, 13), masked("备注", 14, 16)],
        redacted_record={"行政相对人名称": "赵晨", "备注": "…", "违法事实": "孙丽"},
        needs_officer_decision=False,
        decision_reasons=[],
    )
    score = RecordScore()
    score.add(labelled, check)
    summary = score.summary()
    assert summary["planted_surviving"] == 1  # the name in 违法事实
    assert summary["recall"] == {"OTHER": 1.0, "PERSON": 0.0, "PHONE_NUMBER": 1.0}
    assert summary["party_name_damage"] == 1.0  # 赵晨 in 备注 was masked
    assert summary["keep_damage"] == 0.0
    assert summary["char_precision"] == pytest.approx(15 / 17)
