"""Regression guard: the engine meets the issue's targets on the dev corpus.

The corpus is a sample of templates; the per-recognizer tests cover the other forms of policy §2/§5.
"""

import pytest

from redaction import scan_text
from redaction.corpus import load_corpus
from redaction.scoring import Score

TARGET_RECALL = 0.995
TARGET_PRECISION = 0.97
TARGET_KEEP_DAMAGE = 0.005


@pytest.fixture(scope="module")
def corpus_score() -> Score:
    score = Score()
    for passage in load_corpus():
        scan = scan_text(passage.text, public_names=passage.public_names)
        score.add(passage, [(s.start, s.end) for s in scan.spans])
    return score


def test_corpus_is_complete(corpus_score: Score) -> None:
    assert sum(corpus_score.total.values()) > 900
    assert set(corpus_score.total) >= {"PERSON", "PHONE_NUMBER", "CN_RESIDENT_ID", "ADDRESS", "BANK_CARD"}


def test_recall_per_type(corpus_score: Score) -> None:
    assert {e: r for e, r in corpus_score.recall().items() if r < TARGET_RECALL} == {}


def test_precision_and_keep_damage(corpus_score: Score) -> None:
    assert corpus_score.precision() >= TARGET_PRECISION
    assert corpus_score.keep_damage() <= TARGET_KEEP_DAMAGE
