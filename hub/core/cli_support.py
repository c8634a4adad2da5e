"""What every `hub` sub-command shares: a HubError becomes a clear message and exit code 1; the
runtime is started and stopped around a command; list and date options are parsed alike everywhere.

Commands that take no `--user` (registering departments) act as `LOCAL_ADMIN`: whoever runs them
already holds the database and the key service credentials."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console

from hub.core.errors import HubError
from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime, start_runtime
from hub.core.settings import get_settings

T = TypeVar("T")
console = Console()
LOCAL_ADMIN = Principal(name="admin", role=Role.ADMIN)


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


def split_commas(values: list[str] | None) -> list[str]:
    """`--purposes 职称评定,表彰评优` and `--purposes 职称评定 --purposes 表彰评优` mean the same."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def list_option(help: str, *, required: bool = True) -> Any:
    """A list option: comma-separated, repeated, or both."""
    extra: dict[str, Any] = {} if required else {"default_factory": list}
    return typer.Option(callback=split_commas, help=f"{help} (comma-separated or repeated)", **extra)


def date_option(help: str) -> Any:
    """An optional date option, YYYY-MM-DD."""
    return typer.Option(parser=dt.date.fromisoformat, metavar="YYYY-MM-DD", help=help)
