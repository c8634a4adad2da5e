"""Per-file progress journal: how far a file got, so a killed connector resumes without loss.

Two files per source file, both holding positions, counts and reasons, never a cell value:
- `<file>.journal.json`, replaced atomically after each acknowledged chunk: rows done, totals, and how
  many bytes of the rejections log belong to acknowledged chunks;
- `<file>.rejections.jsonl`, appended per chunk (so a file with many bad rows costs linear, not
  quadratic, writes). On resume it is cut back to the length the journal vouches for.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from connectors.atomic import PRIVATE_FILE_MODE, make_private_folder, write_json_atomically
from connectors.errors import ConnectorError
from connectors.pipeline import Chunk, Totals
from connectors.records import Problem, Rejection

JOURNAL_VERSION = 2


def file_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _rejection_line(item: Rejection) -> str:
    problems = [[p.field, p.reason, p.code, p.message_zh] for p in item.problems]
    data = {"row": item.row, "problems": problems, "id": item.source_record_id}
    return json.dumps(data, ensure_ascii=False) + "\n"


def _rejection_from(line: str) -> Rejection:
    data = json.loads(line)
    # Journals written before problems had codes hold [field, reason] pairs.
    problems = tuple(Problem(*(str(part) for part in problem[:4])) for problem in data["problems"])
    return Rejection(int(data["row"]), problems, data["id"])


@dataclass
class FileJournal:
    path: Path
    fingerprint: str
    rows_done: int = 0
    totals: Totals = field(default_factory=Totals)
    rejections_bytes: int = 0

    @property
    def rejections_path(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(".journal.json") + ".rejections.jsonl")

    @classmethod
    def open(cls, path: Path, *, fingerprint: str) -> FileJournal:
        """The saved journal if it belongs to this very file content, else a fresh one."""
        journal = cls(path, fingerprint)
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == JOURNAL_VERSION and data.get("fingerprint") == fingerprint:
                    journal.rows_done = int(data["rows_done"])
                    journal.totals = Totals(**data["totals"])
                    journal.rejections_bytes = int(data["rejections_bytes"])
            except (OSError, ValueError, KeyError, TypeError):
                raise ConnectorError(f"journal {path} is damaged; remove it to start the file over") from None
        log = journal.rejections_path
        if log.exists() and log.stat().st_size != journal.rejections_bytes:
            # Lines past the vouched length come from a chunk the hub never acknowledged to us.
            with log.open("r+b") as handle:
                handle.truncate(journal.rejections_bytes)
        return journal

    def record(self, chunk: Chunk) -> None:
        if chunk.rejections:
            make_private_folder(self.path.parent)
            descriptor = os.open(self.rejections_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
            with os.fdopen(descriptor, "ab") as handle:
                handle.write("".join(_rejection_line(item) for item in chunk.rejections).encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
                self.rejections_bytes = handle.tell()
        self.rows_done += len(chunk.rows)
        self.totals.add(chunk)
        self.save()

    def rejections(self) -> list[Rejection]:
        if self.rejections_bytes == 0:
            return []
        with self.rejections_path.open("rb") as handle:
            text = handle.read(self.rejections_bytes).decode("utf-8")
        return [_rejection_from(line) for line in text.splitlines() if line]

    def save(self) -> None:
        write_json_atomically(
            self.path,
            {
                "version": JOURNAL_VERSION,
                "fingerprint": self.fingerprint,
                "rows_done": self.rows_done,
                "totals": asdict(self.totals),
                "rejections_bytes": self.rejections_bytes,
            },
        )

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        self.rejections_path.unlink(missing_ok=True)
