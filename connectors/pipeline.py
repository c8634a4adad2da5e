"""Rows in, batches out: map each row, send full batches, and report each finished chunk.

A chunk is every row consumed since the last checkpoint (stored, duplicate or rejected). The caller
persists its position after each chunk (a file journal, a SQL cursor), so a restart resumes after the
last acknowledged chunk and the hub's idempotency absorbs the at-most-one chunk sent twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from connectors.client import HubClient
from connectors.records import Record, RecordMapper, Rejection, SourceRow


@dataclass
class Totals:
    """The summary figures; `rows` counts every source row handled (sent or rejected)."""

    rows: int = 0
    sent: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    elapsed: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.elapsed if self.elapsed > 0 else 0.0

    def add(self, chunk: Chunk) -> None:
        self.rows += len(chunk.rows)
        self.sent += chunk.sent
        self.stored += chunk.stored
        self.duplicates += chunk.duplicates
        self.rejected += len(chunk.rejections)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "rows": self.rows,
            "sent": self.sent,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "elapsed_s": round(self.elapsed, 3),
            "rows_per_s": round(self.rows_per_second, 1),
        }


@dataclass
class Chunk:
    rows: list[SourceRow] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    sent: int = 0
    stored: int = 0
    duplicates: int = 0


def run_pipeline(
    *,
    client: HubClient,
    mapper: RecordMapper,
    rows: Iterable[SourceRow],
    batch_size: int,
    on_chunk: Callable[[Chunk], None],
    on_progress: Callable[[int], None] = lambda n: None,
) -> Totals:
    """Push `rows`; `on_chunk` runs after each acknowledged batch (and once for trailing rejections)."""
    started = time.monotonic()
    totals = Totals()
    chunk = Chunk()
    batch: list[tuple[SourceRow, Record]] = []

    def finish_chunk() -> None:
        nonlocal chunk, batch
        if batch:
            _send(client, batch, chunk)
        on_chunk(chunk)
        totals.add(chunk)
        on_progress(len(chunk.rows))
        chunk, batch = Chunk(), []

    for row in rows:
        chunk.rows.append(row)
        mapped = mapper.map_row(row)
        if isinstance(mapped, Rejection):
            chunk.rejections.append(mapped)
        else:
            batch.append((row, mapped))
        if len(batch) >= batch_size:
            finish_chunk()
    if chunk.rows:
        finish_chunk()
    totals.elapsed = time.monotonic() - started
    return totals


def _send(client: HubClient, batch: list[tuple[SourceRow, Record]], chunk: Chunk) -> None:
    outcome = client.push_batch([record for _, record in batch])
    chunk.sent += len(batch)
    chunk.stored += outcome.stored
    chunk.duplicates += outcome.duplicates
    for position, problems in sorted(outcome.rejected.items()):
        row, record = batch[position]
        source_id = None if record.source_record_id.startswith("h-") else record.source_record_id
        chunk.rejections.append(Rejection(row.number, problems, source_id))
