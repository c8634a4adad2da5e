"""`hub keys`: transit keys' status, rotation, rewrap, retire, schedule and re-tokenise (security officers)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from hub.core.cli_support import open_runtime, or_exit
from hub.keyjobs import retokenise, rewrap, rotation, status
from hub.users.cli import UserOption, sign_in

keys_app = typer.Typer(
    help="Transit keys: status, rotate, rewrap, retire, schedule, re-tokenise.", no_args_is_help=True
)

console = Console()


class RetokeniseStep(StrEnum):
    START = "start"
    RUN = "run"
    FINISH = "finish"


# -- keys ---------------------------------------------------------------------------------------------


def _status_table(rows: list[status.KeyStatus]) -> Table:
    table = Table(
        "key", "type", "latest", "min decrypt", "auto-rotate", "last rotation", "DEKs per version", "token versions"
    )
    for s in rows:
        period = f"{s.auto_rotate_period_seconds // 3600} h" if s.auto_rotate_period_seconds else "off"
        deks = ", ".join(f"v{v}: {n}" for v, n in sorted(s.deks_by_version.items()))
        tokens = ", ".join(f"{k} v{v}" for k, v in s.token_versions.items())
        table.add_row(
            s.name,
            s.type,
            str(s.latest_version),
            str(s.min_decryption_version),
            period,
            f"{s.last_rotated:%Y-%m-%d %H:%M}",
            deks,
            tokens,
        )
    return table


@keys_app.command("list")
def keys_list(user: UserOption) -> None:
    """Every transit key: versions, schedule, and how many DEKs each version still wraps."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        rows = or_exit(
            lambda: status.key_statuses(
                engine=runtime.engine,
                transit=runtime.transit,
                actor=actor,
                token_key_default=runtime.settings.token_key_version,
            )
        )
    console.print(_status_table(rows))


@keys_app.command("status")
def keys_status(key: str, user: UserOption) -> None:
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        row = or_exit(
            lambda: status.key_status(
                engine=runtime.engine,
                transit=runtime.transit,
                actor=actor,
                key_name=key,
                token_key_default=runtime.settings.token_key_version,
            )
        )
    console.print(_status_table([row]))
    console.print(f"DEKs needing rewrap: {row.deks_needing_rewrap}")


@keys_app.command("rotate")
def keys_rotate(key: str, user: UserOption) -> None:
    """Add a key version (then `hub keys rewrap KEY`, then `hub keys retire KEY`)."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        version = or_exit(
            lambda: rotation.rotate_key(engine=runtime.engine, transit=runtime.transit, actor=actor, key_name=key)
        )
    console.print(f"{key} is now at version {version}")


@keys_app.command("rewrap")
def keys_rewrap(
    key: str,
    user: UserOption,
    workers: Annotated[int, typer.Option(help="parallel workers (threads)")] = 1,
) -> None:
    """Rewrap every DEK of KEY under its latest version (resumable; safe beside ingest and other workers)."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        pending = or_exit(
            lambda: status.key_status(engine=runtime.engine, transit=runtime.transit, actor=actor, key_name=key)
        ).deks_needing_rewrap
        columns = (TextColumn("rewrap"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("rewrap", total=pending)
            result = or_exit(
                lambda: rewrap.rewrap_deks(
                    engine=runtime.engine,
                    transit=runtime.transit,
                    actor=actor,
                    key_name=key,
                    workers=workers,
                    on_progress=lambda n: progress.advance(task, n),
                )
            )
    console.print(f"rewrapped {result.rewrapped} DEKs to version {result.target_version}; {result.remaining} left")


@keys_app.command("retire")
def keys_retire(
    key: str,
    user: UserOption,
    below: Annotated[int | None, typer.Option(help="new min_decryption_version (default: latest)")] = None,
) -> None:
    """Raise min_decryption_version; refused while any DEK still needs an older version."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        version = or_exit(
            lambda: rotation.retire_versions(
                engine=runtime.engine, transit=runtime.transit, actor=actor, key_name=key, below=below
            )
        )
    console.print(f"{key}: versions below {version} retired")


@keys_app.command("auto-rotate")
def keys_auto_rotate(
    key: str,
    user: UserOption,
    hours: Annotated[int, typer.Option(help="rotation period in hours; 0 switches it off")],
) -> None:
    """Let OpenBao rotate KEY on a schedule (then rewrap runs as usual)."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        or_exit(
            lambda: rotation.set_auto_rotate(
                engine=runtime.engine, transit=runtime.transit, actor=actor, key_name=key, period_seconds=hours * 3600
            )
        )
    console.print(f"{key}: automatic rotation {'every ' + str(hours) + ' h' if hours else 'off'}")


@keys_app.command("retokenise")
def keys_retokenise(
    step: Annotated[RetokeniseStep, typer.Argument(help="start, run or finish")],
    user: UserOption,
    to_version: Annotated[int | None, typer.Option(help="target token key version (default: latest)")] = None,
) -> None:
    """Move subject tokens to a new token key version; lookups keep working throughout."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        default = runtime.settings.token_key_version
        if step is RetokeniseStep.START:
            state = or_exit(
                lambda: retokenise.start_retokenise(
                    engine=runtime.engine,
                    transit=runtime.transit,
                    actor=actor,
                    default_version=default,
                    to_version=to_version,
                )
            )
            console.print(f"re-tokenising from version {state.pinned} to {state.target}; now run `... run`")
        elif step is RetokeniseStep.RUN:
            with Progress(console=console) as progress:
                task = progress.add_task("re-tokenise", total=None)
                done = or_exit(
                    lambda: retokenise.retokenise_records(
                        engine=runtime.engine,
                        protector=runtime.protector,
                        transit=runtime.transit,
                        actor=actor,
                        default_version=default,
                        on_progress=lambda n: progress.advance(task, n),
                    )
                )
            console.print(f"re-tokenised {done} records")
        else:
            state = or_exit(
                lambda: retokenise.finish_retokenise(engine=runtime.engine, actor=actor, default_version=default)
            )
            console.print(f"token key version {state.pinned} pinned")
