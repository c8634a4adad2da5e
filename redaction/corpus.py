"""Where the labelled sets are, for the benchmark and the regression test.

The development corpus: ``REDACTION_CORPUS`` wins; then the team's shared copy (../shared/corpus
from the repository); then the copy kept with the tests, so a clean clone in CI still has it.

The held-out sets (``bench/data/heldout``, written from the policy alone; the engine is never tuned
on them): whichever of ``passages-a.jsonl``, ``passages-b.jsonl`` and ``records.jsonl`` exist.
"""

import os
from pathlib import Path

from redaction.errors import RedactionError
from redaction.scoring import LabelledPassage, LabelledRecord

_REPOSITORY = Path(__file__).resolve().parent.parent
_CANDIDATES = (
    _REPOSITORY.parent / "shared" / "corpus" / "redaction-dev.jsonl",
    _REPOSITORY / "tests" / "unit" / "redaction" / "data" / "redaction-dev.jsonl",
)
HELDOUT_DIRECTORY = _REPOSITORY / "bench" / "data" / "heldout"
HELDOUT_PASSAGE_SETS = ("passages-a", "passages-b")
HELDOUT_RECORDS = "records"


def corpus_path() -> Path:
    override = os.environ.get("REDACTION_CORPUS")
    if override:
        return Path(override)
    for candidate in _CANDIDATES:
        if candidate.is_file():
            return candidate
    raise RedactionError("the redaction corpus was not found; set REDACTION_CORPUS")


def load_corpus(path: Path | None = None) -> list[LabelledPassage]:
    source = path or corpus_path()
    lines = source.read_text(encoding="utf-8").splitlines()
    return [LabelledPassage.model_validate_json(line) for line in lines if line.strip()]


def heldout_passage_sets(directory: Path = HELDOUT_DIRECTORY) -> dict[str, Path]:
    """The held-out passage sets that exist, by name (``heldout-a`` …)."""
    found = {}
    for name in HELDOUT_PASSAGE_SETS:
        path = directory / f"{name}.jsonl"
        if path.is_file():
            found[f"heldout-{name.rsplit('-', 1)[-1]}"] = path
    return found


def heldout_records_path(directory: Path = HELDOUT_DIRECTORY) -> Path | None:
    path = directory / f"{HELDOUT_RECORDS}.jsonl"
    return path if path.is_file() else None


def load_records(path: Path) -> list[LabelledRecord]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [LabelledRecord.model_validate_json(line) for line in lines if line.strip()]
