"""One file through the connector, resumable: journal in, journal out, errors file at the end."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from connectors.client import HubClient
from connectors.journal import FileJournal, file_fingerprint
from connectors.mapping import Mapping
from connectors.pipeline import Totals, run_pipeline
from connectors.records import RecordMapper, Rejection
from connectors.rejected import write_errors_csv
from connectors.sources import open_file_source
from connectors.ui import Reporter

STATE_DIR = ".connector-state"


@dataclass(frozen=True)
class FileResult:
    totals: Totals
    errors_file: Path | None
    journal: FileJournal
    rejections: list[Rejection]


def errors_file_for(path: Path, rejected_dir: Path) -> Path:
    return rejected_dir / f"{path.name}.errors.csv"


def process_file(
    *,
    path: Path,
    mapping: Mapping,
    client: HubClient,
    mapper: RecordMapper,
    batch_size: int,
    max_in_flight: int = 1,
    state_dir: Path,
    rejected_dir: Path,
    reporter: Reporter,
) -> FileResult:
    """Push one file. Safe to call again after a crash: it resumes after the last acknowledged chunk.

    The caller removes the journal once the file is moved away (see FileResult.journal)."""
    journal = FileJournal.open(state_dir / f"{path.name}.journal.json", fingerprint=file_fingerprint(path))
    earlier_errors = errors_file_for(path, rejected_dir)
    if journal.rows_done == 0 and earlier_errors.exists():
        # A new file under an old name (monthly exports): keep the earlier errors file beside the new one.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        earlier_errors.rename(earlier_errors.with_name(f"{path.name}.errors.before-{stamp}.csv"))
    source = open_file_source(path, spec=mapping.source, columns=mapping.columns())
    if journal.rows_done:
        reporter.note(f"{path.name}: resuming after row {journal.rows_done} of the data")
    total = source.total
    with reporter.progress(path.name, total) as advance:
        advance(journal.rows_done)
        run = run_pipeline(
            client=client,
            mapper=mapper,
            rows=itertools.islice(source.rows(), journal.rows_done, None),
            batch_size=batch_size,
            max_in_flight=max_in_flight,
            on_chunk=journal.record,
            on_progress=advance,
        )
    journal.totals.elapsed += run.elapsed
    journal.save()
    errors_file = None
    rejections = journal.rejections()
    if rejections:
        errors_file = errors_file_for(path, rejected_dir)
        write_errors_csv(errors_file, rejections)
    return FileResult(journal.totals, errors_file, journal, rejections)
