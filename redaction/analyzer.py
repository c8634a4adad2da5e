"""The analyzer (presidio ``AnalyzerEngine`` on LAC with the Chinese recognizers) and text scans."""

import threading
from collections.abc import Mapping, Sequence

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_anonymizer.entities import OperatorConfig

from redaction.context import ZhContextEnhancer
from redaction.errors import RedactionError
from redaction.lac_engine import LANGUAGE, LacNlpEngine
from redaction.models import Span, TextScan
from redaction.names import follower_at
from redaction.normalize import fold_width
from redaction.operators import apply_operators
from redaction.public_spans import inside_any, name_occurrences, overlaps_any, public_name_spans, public_spans
from redaction.recognizers import all_recognizers

# presidio adds 0.35 for a context word; patterns that need one start at 0.2-0.3.
SCORE_THRESHOLD = 0.5
MAX_TEXT_LENGTH = 100_000
# Longer than any single public span (a citation is at most about 100 characters).
MAX_PUBLIC_SPAN = 160

_analyzer_lock = threading.Lock()
_analyzer: AnalyzerEngine | None = None


def build_analyzer() -> AnalyzerEngine:
    """The process-wide analyzer: LAC NLP engine + one recognizer per policy entity (cached)."""
    global _analyzer
    if _analyzer is None:
        with _analyzer_lock:
            if _analyzer is None:
                registry = RecognizerRegistry(supported_languages=[LANGUAGE])
                for recognizer in all_recognizers():
                    registry.add_recognizer(recognizer)
                _analyzer = AnalyzerEngine(
                    registry=registry,
                    nlp_engine=LacNlpEngine(),
                    supported_languages=[LANGUAGE],
                    default_score_threshold=SCORE_THRESHOLD,
                    context_aware_enhancer=ZhContextEnhancer(),
                )
    return _analyzer


def scan_text(
    text: str,
    *,
    public_names: Sequence[str] = (),
    operators: Mapping[str, OperatorConfig] | None = None,
) -> TextScan:
    """Find the private spans of ``text`` (offsets into ``text``) and return it redacted.

    ``public_names`` (the party, the published legal representative) stay readable.
    """
    return scan_texts([text], public_names=[public_names], operators=operators)[0]


def scan_texts(
    texts: Sequence[str],
    *,
    public_names: Sequence[Sequence[str]] | None = None,
    operators: Mapping[str, OperatorConfig] | None = None,
) -> list[TextScan]:
    """``scan_text`` of many texts at once (``public_names[i]`` goes with ``texts[i]``).

    LAC runs over batches of the texts; a text that occurs more than once (an agency, a legal basis,
    a penalty kind repeated over a batch's records) is analysed once.
    """
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise RedactionError("texts must be a list of strings")
    if public_names is None:
        public_names = [()] * len(texts)
    if isinstance(public_names, str) or len(public_names) != len(texts):
        raise RedactionError("public_names must give one list of names per text")
    for text in texts:
        if not isinstance(text, str):
            raise RedactionError("text must be a string")
        if len(text) > MAX_TEXT_LENGTH:
            raise RedactionError(f"text longer than {MAX_TEXT_LENGTH} characters")
    names = [_clean_names(n) for n in public_names]
    folded = [fold_width(text) for text in texts]
    # The public names matter only where they occur in the text (with any middle dot, or none).
    keys = [
        (t, tuple(n for n in text_names if name_occurrences(f, n)))
        for t, f, text_names in zip(texts, folded, names, strict=True)
    ]
    unique = list(dict.fromkeys(keys))
    folded_of = dict(zip(texts, folded, strict=True))
    to_analyze = [key for key in unique if _needs_analysis(folded_of[key[0]])]
    found = dict(
        zip(to_analyze, _analyze([folded_of[t] for t, _ in to_analyze], [list(n) for _, n in to_analyze]), strict=True)
    )
    scans: dict[tuple[str, tuple[str, ...]], TextScan] = {}
    for key in unique:
        spans = found.get(key, [])
        chosen = [(s.start, s.end, s.entity_type, s.score) for s in spans]
        scans[key] = TextScan(spans=spans, redacted=apply_operators(key[0], chosen, operators))
    return [TextScan(spans=list(scans[key].spans), redacted=scans[key].redacted) for key in keys]


def _needs_analysis(text: str) -> bool:
    # Blank text, and text that is one public span as a whole (a decision number, a legal citation),
    # cannot hold a finding: the scan drops every finding inside a public span. Only short texts can be
    # one public span; asking for a long text's spans here would just compute them twice.
    if not text.strip():
        return False
    return len(text) > MAX_PUBLIC_SPAN or not inside_any(0, len(text), public_spans(text))


def _analyze(texts: list[str], names: list[list[str]]) -> list[list[Span]]:
    analyzer = build_analyzer()
    results = []
    for (text, artifacts), text_names in zip(
        analyzer.nlp_engine.process_batch(texts, language=LANGUAGE), names, strict=True
    ):
        raw = analyzer.analyze(text, language=LANGUAGE, score_threshold=SCORE_THRESHOLD, nlp_artifacts=artifacts)
        results.append(_resolve(text, raw, text_names))
    return results


def _clean_names(public_names: Sequence[str] | None) -> list[str]:
    if public_names is None:
        return []
    if isinstance(public_names, str) or not all(isinstance(n, str) for n in public_names):
        raise RedactionError("public_names must be a list of strings")
    # Compared with the width-folded text, so folded the same way.
    return [fold_width(name.strip()) for name in public_names if name.strip()]


def _without_public_names(text: str, results: list[RecognizerResult], names: list[str]) -> list[RecognizerResult]:
    """PERSON results with the party's names taken out: a public name is never masked, not even
    a character of it (赵晨|处以 stays 赵晨); what is left of a result that overlapped one is kept
    only if it still starts a name of its own (two characters or more, not a name follower)."""
    occurrences = public_name_spans(text, names)
    if not occurrences:
        return results
    kept = []
    for result in results:
        if result.entity_type != "PERSON" or not overlaps_any(result.start, result.end, occurrences):
            kept.append(result)
            continue
        start, end = result.start, result.end
        for a, b in occurrences:
            if a <= start < b:
                start = b
            if a < end <= b:
                end = a
        if end - start >= 2 and not overlaps_any(start, end, occurrences) and not follower_at(text, start):
            result.start, result.end = start, end
            kept.append(result)
    return kept


# Entities found by their own pattern and check (numbers, plates, e-mail): a name never runs into one.
_PATTERN_ENTITIES = frozenset(
    {"CN_RESIDENT_ID", "PHONE_NUMBER", "BANK_CARD", "EMAIL_ADDRESS", "LICENSE_PLATE", "PASSPORT"}
)


def _end_names_before_numbers(results: list[RecognizerResult]) -> None:
    """A name whose last characters are the start of a number or plate ends where that starts
    (王伟|川A00000 is 王伟 and a plate, not one name): the union of the spans stays the same, and the
    name keeps a mask of its own instead of swallowing the plate into 王某."""
    starts = sorted({r.start for r in results if r.entity_type in _PATTERN_ENTITIES})
    for result in results:
        if result.entity_type != "PERSON":
            continue
        for start in starts:
            if result.start + 2 <= start < result.end:
                result.end = start
                break


def _resolve(text: str, results: list[RecognizerResult], names: list[str]) -> list[Span]:
    """Drop public matches, then merge overlapping ones: the union, typed by the best score."""
    protected = public_spans(text)
    kept = [r for r in _without_public_names(text, results, names) if not inside_any(r.start, r.end, protected)]
    _end_names_before_numbers(kept)
    kept.sort(key=lambda r: (r.start, -r.end))
    merged: list[Span] = []
    for r in kept:
        recognizer = (
            str(r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "")) if r.recognition_metadata else ""
        )
        current = Span(start=r.start, end=r.end, entity_type=r.entity_type, score=r.score, recognizer=recognizer)
        if merged and r.start < merged[-1].end:
            last = merged[-1]
            best = current if (r.score, r.end - r.start) > (last.score, last.end - last.start) else last
            merged[-1] = best.model_copy(update={"start": last.start, "end": max(last.end, r.end)})
        else:
            merged.append(current)
    return merged
