"""Helpers shared by the redaction tests: run the real analyzer for one entity type."""

import pytest

from redaction import build_analyzer
from redaction.analyzer import SCORE_THRESHOLD
from redaction.lac_engine import LANGUAGE
from redaction.normalize import fold_width


def found_spans(text: str, entity: str) -> list[tuple[int, int]]:
    """Spans of ``entity`` the analyzer reports, on width-folded text as ``scan_text`` runs it."""
    results = build_analyzer().analyze(
        fold_width(text), language=LANGUAGE, entities=[entity], score_threshold=SCORE_THRESHOLD
    )
    return sorted((r.start, r.end) for r in results if r.entity_type == entity)


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.fixture(scope="session", autouse=True)
def _analyzer_loaded() -> None:
    build_analyzer()
