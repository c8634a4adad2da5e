"""Where the labelled development corpus is, for the benchmark and the regression test.

``REDACTION_CORPUS`` wins; then the team's shared copy (../shared/corpus from the repository);
then the copy kept with the tests, so a clean clone in CI still has it.
"""

import os
from pathlib import Path

from redaction.errors import RedactionError
from redaction.scoring import LabelledPassage

_REPOSITORY = Path(__file__).resolve().parent.parent
_CANDIDATES = (
    _REPOSITORY.parent / "shared" / "corpus" / "redaction-dev.jsonl",
    _REPOSITORY / "tests" / "unit" / "redaction" / "data" / "redaction-dev.jsonl",
)


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
