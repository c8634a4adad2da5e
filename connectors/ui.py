"""What the operator sees: rich progress bars on stderr and the end-of-run summary, in Chinese and English."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
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

from connectors.errors import ConnectorError
from connectors.pipeline import Totals
from connectors.records import Rejection

# Reasons listed in the summary; the errors file has every row.
MOST_REASONS = 10


class Reporter:
    def __init__(self, *, console: Console | None = None, show_progress: bool = True) -> None:
        self.console = console or Console(stderr=True)
        self.show_progress = show_progress

    def note(self, message: str) -> None:
        # Never wrapped: a path or address cut in two cannot be copied.
        self.console.print(message, markup=False, highlight=False, soft_wrap=True)

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

    def error(self, exc: ConnectorError, *, then: tuple[str, str] | None = None) -> None:
        """An error in English and in Chinese, with what to do next (`then`: English, Chinese)."""
        english, chinese = str(exc), exc.message_zh
        if then is not None:
            english, chinese = f"{english}; {then[0]}", f"{chinese}；{then[1]}"
        self.note(f"error [{exc.code}]: {english}")
        self.note(f"错误：{chinese}")

    def summary(self, title: str, totals: Totals) -> None:
        table = Table(title=title, show_header=False)
        for name, value in (
            ("已发送 sent", totals.sent),
            ("已入库 stored", totals.stored),
            ("拒收 rejected", totals.rejected),
            ("重复 duplicates", totals.duplicates),
            ("用时 elapsed", f"{totals.elapsed:.1f} s"),
            ("每秒行数 rows/s", f"{totals.rows_per_second:.0f}"),
        ):
            table.add_row(name, str(value))
        self.console.print(table)

    def rejections(self, rejections: Iterable[Rejection]) -> None:
        """How many rows were refused for each reason (field and code), most frequent first."""
        counts: Counter[tuple[str, str]] = Counter()
        texts: dict[tuple[str, str], tuple[str, str]] = {}
        for rejection in rejections:
            for problem in rejection.problems:
                key = (problem.field, problem.code)
                counts[key] += 1
                texts.setdefault(key, (problem.chinese, problem.reason))
        if not counts:
            return
        # Lines, not a table: a narrow terminal would cut the Chinese reason short.
        self.note("拒收原因 rejected rows by reason:")
        for (field_name, code), count in counts.most_common(MOST_REASONS):
            chinese, english = texts[(field_name, code)]
            self.note(f"  {count} 行 rows  {field_name}：{chinese}  ({english}; {code})")
        if len(counts) > MOST_REASONS:
            self.note(f"  另有 {len(counts) - MOST_REASONS} 种原因见错误文件 / more reasons in the errors file")


def summary_json(totals: Totals, **extra: object) -> str:
    return json.dumps({**totals.as_dict(), **extra}, ensure_ascii=False)
