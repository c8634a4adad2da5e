"""Where private person names are lost: PERSON recall stage by stage.

Stages, each on the same passages:
- ``model``: LAC's PER words alone;
- ``candidates``: the name recognizer's candidates (LAC's names, role words, list joiners, middle-dot
  names) before it filters them;
- ``recognizer``: what the name recognizer reports after its filters (shop names, streets, public
  spans);
- ``engine``: the spans of the whole scan (the party's names taken out, overlaps merged).

A gold name counts as ``overlap`` when any of its characters is covered and as ``found`` when every
character is (the corpus README's recall). ``party_damage`` is the share of passages where the
party's own name (a ``keep`` span of kind ``party``) lost a character.

Corpora: the dev corpus, the tuning corpus (tests/unit/redaction/data/tuning.jsonl) and every
``*.jsonl`` under bench/data/heldout/. Held-out sets are reported only as totals: this script never
prints a passage or a per-passage result of them, and they are not to be tuned on.

    .venv/bin/python bench/names.py [--no-heldout] [--corpus FILE ...]

The last line printed is one JSON object with all figures.
"""

import sys
from pathlib import Path

# This file sits beside bench/redaction.py, named like the package it measures: keep bench/ off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
from collections.abc import Iterable, Sequence  # noqa: E402

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from redaction import build_analyzer, scan_text  # noqa: E402
from redaction.corpus import corpus_path, load_corpus  # noqa: E402
from redaction.lac_engine import LANGUAGE  # noqa: E402
from redaction.normalize import fold_width  # noqa: E402
from redaction.recognizers.person import CnPersonRecognizer  # noqa: E402
from redaction.scoring import LabelledPassage  # noqa: E402

REPOSITORY = Path(__file__).resolve().parent.parent
TUNING = REPOSITORY / "tests" / "unit" / "redaction" / "data" / "tuning.jsonl"
HELDOUT = REPOSITORY / "bench" / "data" / "heldout"
STAGES = ("model", "candidates", "recognizer", "engine")

Spans = list[tuple[int, int]]


def stage_spans(passage: LabelledPassage, recognizer: CnPersonRecognizer) -> dict[str, Spans]:
    """The PERSON spans of each stage for one passage."""
    analyzer = build_analyzer()
    text = fold_width(passage.text)
    artifacts = analyzer.nlp_engine.process_text(text, LANGUAGE)
    model = [
        (start, start + len(word))
        for word, start, tag in zip(artifacts.lemmas, artifacts.tokens_indices, artifacts.lac_tags, strict=True)  # type: ignore[attr-defined]
        if tag == "PER"
    ]
    candidates = [(c.start, c.end) for c in recognizer.candidates(text, artifacts)]
    found = [(r.start, r.end) for r in recognizer.analyze(text, ["PERSON"], artifacts)]
    scan = scan_text(passage.text, public_names=passage.public_names)
    engine = [(s.start, s.end) for s in scan.spans]
    return {"model": model, "candidates": candidates, "recognizer": found, "engine": engine}


def _chars(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


class StageScore:
    def __init__(self) -> None:
        self.names = 0
        self.overlap = dict.fromkeys(STAGES, 0)
        self.found = dict.fromkeys(STAGES, 0)
        self.passages = 0
        self.party_damaged = 0

    def add(self, passage: LabelledPassage, spans: dict[str, Spans]) -> None:
        self.passages += 1
        covered = {stage: _chars(spans[stage]) for stage in STAGES}
        for gold in passage.gold:
            if gold.entity_type != "PERSON":
                continue
            self.names += 1
            chars = set(range(gold.start, gold.end))
            for stage in STAGES:
                self.overlap[stage] += bool(chars & covered[stage])
                self.found[stage] += chars <= covered[stage]
        engine = covered["engine"]
        if any(k.what == "party" and engine & set(range(k.start, k.end)) for k in passage.keep):
            self.party_damaged += 1

    def summary(self) -> dict[str, object]:
        names = self.names or 1
        return {
            "person_names": self.names,
            "overlap": {stage: self.overlap[stage] / names for stage in STAGES},
            "found": {stage: self.found[stage] / names for stage in STAGES},
            "party_damage": self.party_damaged / (self.passages or 1),
        }


def measure(passages: Sequence[LabelledPassage]) -> dict[str, object]:
    recognizer = CnPersonRecognizer()
    score = StageScore()
    for passage in passages:
        score.add(passage, stage_spans(passage, recognizer))
    return score.summary()


def corpora(extra: Sequence[Path], *, heldout: bool = True) -> dict[str, Path]:
    found = {"dev": corpus_path(), "tuning": TUNING}
    for path in sorted(HELDOUT.glob("passages*.jsonl")) if heldout and HELDOUT.is_dir() else []:
        found[f"heldout:{path.stem}"] = path
    for path in extra:
        found[path.stem] = path
    return {name: path for name, path in found.items() if path.is_file()}


def show(console: Console, results: dict[str, dict[str, object]]) -> None:
    table = Table(title="PERSON recall by stage (overlap / every character)")
    table.add_column("corpus")
    table.add_column("names", justify="right")
    for stage in STAGES:
        table.add_column(stage, justify="right")
    table.add_column("party damage", justify="right")
    for name, result in results.items():
        overlap: dict[str, float] = result["overlap"]  # type: ignore[assignment]
        found: dict[str, float] = result["found"]  # type: ignore[assignment]
        table.add_row(
            name,
            str(result["person_names"]),
            *(f"{overlap[s]:.4f} / {found[s]:.4f}" for s in STAGES),
            f"{result['party_damage']:.4f}",
        )
    console.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="another labelled JSONL")
    parser.add_argument("--no-heldout", action="store_true", help="dev and tuning only (while tuning)")
    args = parser.parse_args(argv)
    build_analyzer()
    chosen = corpora(args.corpus, heldout=not args.no_heldout)
    results = {name: measure(load_corpus(path)) for name, path in chosen.items()}
    show(Console(stderr=True), results)
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
