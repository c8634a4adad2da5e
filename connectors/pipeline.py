"""Rows in, batches out: map each row, send full batches, and report each finished chunk.

A chunk is every row consumed since the last checkpoint (stored, duplicate or rejected). The caller
persists its position after each chunk (a file journal, a SQL cursor), so a restart resumes after the
last acknowledged chunk and the hub's idempotency absorbs the at-most-one chunk sent twice.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from connectors.client import BatchOutcome, HubClient
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
    max_in_flight: int = 1,
) -> Totals:
    """Push `rows`; `on_chunk` runs after each acknowledged batch (and for trailing rejections).

    Up to `max_in_flight` batches are at the hub while the next one is read and mapped. Chunks are
    acknowledged strictly in source order, so a checkpoint never covers a row whose batch is unanswered;
    a crash re-sends at most `max_in_flight` batches, which the hub reports as duplicates.
    """
    if max_in_flight < 1:
        raise ValueError("max_in_flight must be at least 1")
    started = time.monotonic()
    totals = Totals()
    pending: deque[tuple[Chunk, list[tuple[SourceRow, Record]], Future[BatchOutcome] | None]] = deque()

    def settle_oldest() -> None:
        chunk, batch, future = pending.popleft()
        if future is not None:
            _apply(future.result(), batch, chunk)
        on_chunk(chunk)
        totals.add(chunk)
        on_progress(len(chunk.rows))

    with ThreadPoolExecutor(max_workers=max_in_flight, thread_name_prefix="hub-send") as pool:

        def close(chunk: Chunk, batch: list[tuple[SourceRow, Record]]) -> None:
            while len(pending) >= max_in_flight:
                settle_oldest()
            future = pool.submit(client.push_batch, [record for _, record in batch]) if batch else None
            pending.append((chunk, batch, future))

        chunk, batch = Chunk(), []
        try:
            for row in rows:
                chunk.rows.append(row)
                mapped = mapper.map_row(row)
                if isinstance(mapped, Rejection):
                    chunk.rejections.append(mapped)
                else:
                    batch.append((row, mapped))
                if len(batch) >= batch_size:
                    close(chunk, batch)
                    chunk, batch = Chunk(), []
            if chunk.rows:
                close(chunk, batch)
            while pending:
                settle_oldest()
        except BaseException:
            for _, _, future in pending:
                if future is not None:
                    future.cancel()
            raise
    totals.elapsed = time.monotonic() - started
    return totals


def _apply(outcome: BatchOutcome, batch: list[tuple[SourceRow, Record]], chunk: Chunk) -> None:
    chunk.sent += len(batch)
    chunk.stored += outcome.stored
    chunk.duplicates += outcome.duplicates
    for position, problems in sorted(outcome.rejected.items()):
        row, record = batch[position]
        source_id = None if record.source_record_id.startswith("h-") else record.source_record_id
        chunk.rejections.append(Rejection(row.number, problems, source_id))
