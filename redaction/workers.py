"""The record check in worker processes.

The engine is CPU-bound Python, so one process uses one core however many threads call it. A batch's
records are therefore split over a small pool of worker processes, each with its own analyzer and LAC
model (loaded once, when the pool starts). The pool is started on first use and lives as long as the
process; its size is ``REDACTION_WORKERS`` (default: the cores this process may use, at most 2).

Few records, or custom operators (they may hold lambdas, which cannot be sent to another process),
are checked in this process.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from presidio_anonymizer.entities import OperatorConfig

from redaction.errors import InvalidRecordError, RedactionError
from redaction.models import RecordCheck, RecordKind
from redaction.records import check_records

MAX_DEFAULT_WORKERS = 2
# Below this many records per worker, sending them over costs more than it saves.
MIN_RECORDS_PER_WORKER = 16

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def worker_count() -> int:
    configured = os.environ.get("REDACTION_WORKERS", "").strip()
    if configured:
        try:
            count = int(configured)
        except ValueError:
            raise RedactionError("REDACTION_WORKERS must be a whole number") from None
        if count < 1:
            raise RedactionError("REDACTION_WORKERS must be at least 1")
        return count
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(MAX_DEFAULT_WORKERS, usable))


def check_records_in_workers(
    records: Sequence[Mapping[str, object]],
    *,
    record_kind: RecordKind | None = None,
    operators: Mapping[str, OperatorConfig] | None = None,
    workers: int | None = None,
) -> list[RecordCheck]:
    """``check_records``, the records split over the worker processes; same results, same order."""
    count = worker_count() if workers is None else workers
    if count <= 1 or operators is not None or len(records) < count * MIN_RECORDS_PER_WORKER:
        return check_records(records, record_kind=record_kind, operators=operators)
    pool = _worker_pool(count)
    size = -(-len(records) // count)
    slices = [(start, [dict(r) for r in records[start : start + size]]) for start in range(0, len(records), size)]
    futures = [(start, pool.submit(_check_slice, part, record_kind)) for start, part in slices]
    results: list[RecordCheck] = []
    for start, future in futures:
        try:
            results.extend(future.result())
        except InvalidRecordError as exc:
            position = None if exc.position is None else start + exc.position
            raise InvalidRecordError(str(exc), position=position) from None
        except BrokenProcessPool:
            shutdown_workers()
            raise RedactionError("a worker process of the record check stopped; the check may be run again") from None
    return results


def _check_slice(records: list[dict[str, object]], record_kind: RecordKind | None) -> list[RecordCheck]:
    return check_records(records, record_kind=record_kind)


def _load_engine() -> None:
    from redaction.analyzer import build_analyzer

    build_analyzer()


def _worker_pool(size: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size != size:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            # spawn, not fork: the parent may hold threads and an ONNX session that a fork would copy
            # in an unusable state.
            _pool = ProcessPoolExecutor(
                max_workers=size, mp_context=multiprocessing.get_context("spawn"), initializer=_load_engine
            )
            _pool_size = size
        return _pool


def shutdown_workers() -> None:
    """Stop the worker processes (they start again on next use)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None


atexit.register(shutdown_workers)
