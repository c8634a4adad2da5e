"""What the operator sees: rich progress bars on stderr and the end-of-run summary."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from connectors.pipeline import Totals


class Reporter:
    def __init__(self, *, console: Console | None = None, show_progress: bool = True) -> None:
        self.console = console or Console(stderr=True)
        self.show_progress = show_progress

    def note(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False)

    @contextmanager
    def progress(self, label: str, total: int | None) -> Iterator[Callable[[int], None]]:
        """A bar for one file or pull; yields the `advance(rows)` callback."""
        if not self.show_progress:
            yield lambda rows: None
            return
        columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
        columns += [TimeElapsedColumn(), TimeRemainingColumn()] if total else [TimeElapsedColumn()]
        with Progress(*columns, console=self.console, transient=False) as bar:
            task = bar.add_task(label, total=total)
            yield lambda rows: bar.advance(task, rows)

    def summary(self, title: str, totals: Totals) -> None:
        table = Table(title=title, show_header=False)
        for name, value in (
            ("sent", totals.sent),
            ("stored", totals.stored),
            ("rejected", totals.rejected),
            ("duplicates", totals.duplicates),
            ("elapsed", f"{totals.elapsed:.1f} s"),
            ("rows/s", f"{totals.rows_per_second:.0f}"),
        ):
            table.add_row(name, str(value))
        self.console.print(table)


def summary_json(totals: Totals, **extra: object) -> str:
    return json.dumps({**totals.as_dict(), **extra}, ensure_ascii=False)
