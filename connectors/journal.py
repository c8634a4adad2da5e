"""Per-file progress journal: how far a file got, so a killed connector resumes without loss.

Written atomically (temp file + rename) after each acknowledged chunk. It holds positions, counts and
rejection reasons, never a cell value.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from connectors.atomic import write_json_atomically
from connectors.errors import ConnectorError
from connectors.pipeline import Chunk, Totals
from connectors.records import Problem, Rejection

JOURNAL_VERSION = 1


def file_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class FileJournal:
    path: Path
    fingerprint: str
    rows_done: int = 0
    totals: Totals = field(default_factory=Totals)
    rejections: list[Rejection] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path, *, fingerprint: str) -> FileJournal:
        """The saved journal if it belongs to this very file content, else a fresh one."""
        if not path.exists():
            return cls(path, fingerprint)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != JOURNAL_VERSION or data.get("fingerprint") != fingerprint:
                return cls(path, fingerprint)
            return cls(
                path,
                fingerprint,
                rows_done=int(data["rows_done"]),
                totals=Totals(**data["totals"]),
                rejections=[
                    Rejection(
                        int(item["row"]),
                        tuple(Problem(str(f), str(r)) for f, r in item["problems"]),
                        item.get("source_record_id"),
                    )
                    for item in data["rejections"]
                ],
            )
        except (OSError, ValueError, KeyError, TypeError):
            raise ConnectorError(f"journal {path} is damaged; remove it to start the file over") from None

    def record(self, chunk: Chunk) -> None:
        self.rows_done += len(chunk.rows)
        self.totals.add(chunk)
        self.rejections.extend(chunk.rejections)
        self.save()

    def save(self) -> None:
        write_json_atomically(
            self.path,
            {
                "version": JOURNAL_VERSION,
                "fingerprint": self.fingerprint,
                "rows_done": self.rows_done,
                "totals": asdict(self.totals),
                "rejections": [
                    {
                        "row": item.row,
                        "problems": [[p.field, p.reason] for p in item.problems],
                        "source_record_id": item.source_record_id,
                    }
                    for item in self.rejections
                ],
            },
        )

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
