"""What every `hub` sub-command shares: turning a HubError into a clear message and exit code 1."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console

from hub.errors import HubError

T = TypeVar("T")
console = Console()


def or_exit(fn: Callable[[], T]) -> T:
    """Run `fn`; on a HubError print its message (never a value: HubErrors name fields) and exit 1."""
    try:
        return fn()
    except HubError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=1) from None
