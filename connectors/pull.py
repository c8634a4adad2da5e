"""`pull`: send the rows added or changed since the last pull, then remember where it stopped."""

from __future__ import annotations

from datetime import UTC, datetime

from connectors.client import HubClient
from connectors.config import ConnectorConfig, PullSettings
from connectors.mapping import load_mapping
from connectors.pipeline import Chunk, Totals, run_pipeline
from connectors.records import Rejection
from connectors.rejected import write_errors_csv
from connectors.sources.sql import CursorState, SqlSource
from connectors.ui import Reporter
from connectors.watch import prepare_mapper


def pull_once(
    *, config: ConnectorConfig, settings: PullSettings, client: HubClient, reporter: Reporter
) -> tuple[Totals, str | None, list[Rejection]]:
    """One incremental pull; returns the totals, the errors file written (if any) and the rejected rows."""
    row_id_secret = config.row_id_secret()
    mapping = load_mapping(settings.mapping)
    mapper = prepare_mapper(mapping=mapping, catalog=client.catalog(), row_id_secret=row_id_secret)
    state = CursorState.load(settings.state_file)
    source = SqlSource(
        url=settings.database_url(),
        query=settings.query,
        cursor_column=settings.cursor_column,
        state=state,
        row_key_secret=row_id_secret,
    )
    rejections: list[Rejection] = []

    def checkpoint(chunk: Chunk) -> None:
        for row in chunk.rows:
            state.advance(source.cursor_of(row), source.row_key(dict(row.cells)))
        state.save()
        rejections.extend(chunk.rejections)

    try:
        with reporter.progress("pull", None) as advance:
            totals = run_pipeline(
                client=client,
                mapper=mapper,
                rows=source.rows(),
                batch_size=config.batch_size,
                max_in_flight=config.max_in_flight,
                on_chunk=checkpoint,
                on_progress=advance,
            )
    finally:
        source.dispose()
        if rejections:
            # Also written when the pull stops half way: these rows are past the saved cursor.
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            errors_file = settings.rejected_folder / f"pull-{stamp}.errors.csv"
            write_errors_csv(errors_file, rejections)
    return totals, str(errors_file) if rejections else None, rejections
