"""What every `hub` sub-command shares: a HubError becomes a clear message and exit code 1; the
runtime is started and stopped around a command; comma-separated options become lists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from rich.console import Console

from hub.core.errors import HubError
from hub.core.runtime import Runtime, start_runtime
from hub.core.settings import get_settings

T = TypeVar("T")
console = Console()


def or_exit(fn: Callable[[], T]) -> T:
    """Run `fn`; on a HubError print its message (never a value: HubErrors name fields) and exit 1."""
    try:
        return fn()
    except HubError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=1) from None


@contextmanager
def open_runtime() -> Iterator[Runtime]:
    """The hub's runtime for one command (database, key service), closed afterwards."""
    runtime = or_exit(lambda: start_runtime(get_settings()))
    try:
        yield runtime
    finally:
        runtime.close()


def comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
