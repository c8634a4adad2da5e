"""CLI for security staff and admins: `hub users`, `hub grants`, `hub keys`, `hub audit`.

Every command acts as a named person: `--user NAME` (or HUB_USER), password from HUB_PASSWORD (for
scripts) or prompted. The role rules are those of the API. The one exception is the very first admin:
while no user exists, `hub users add NAME --role admin` works without `--user` (whoever runs it
already holds the database and the key service credentials).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlmodel import Session, select

from hub.access import grant_admin, users
from hub.access.tables import User
from hub.auditing.checkpoints import write_checkpoint
from hub.auditing.export import review_csv
from hub.auditing.reads import note_audit_read
from hub.auditing.review import access_review
from hub.auditing.verify import verify_chain
from hub.cli_support import or_exit
from hub.errors import PermissionDenied
from hub.keyjobs import retokenise, rewrap, rotation, status
from hub.principals import Principal, Role
from hub.runtime import Runtime, start_runtime
from hub.settings import get_settings

users_app = typer.Typer(help="People who log in: add, list, lock, unlock.", no_args_is_help=True)
grants_app = typer.Typer(
    help="Departments' grants: list, add, revoke; switch a department off/on.", no_args_is_help=True
)
keys_app = typer.Typer(
    help="Transit keys: status, rotate, rewrap, retire, schedule, re-tokenise.", no_args_is_help=True
)
audit_app = typer.Typer(help="The audit trail: verify, access review, CSV export, checkpoint.", no_args_is_help=True)

console = Console()

UserOption = Annotated[str, typer.Option("--user", envvar="HUB_USER", help="your user name")]


@contextmanager
def _runtime() -> Iterator[Runtime]:
    runtime = or_exit(lambda: start_runtime(get_settings()))
    try:
        yield runtime
    finally:
        runtime.close()


def _act_as(runtime: Runtime, username: str, *roles: Role) -> Principal:
    password = os.environ.get("HUB_PASSWORD") or typer.prompt(f"password for {username}", hide_input=True)
    principal = or_exit(lambda: users.authenticate(runtime.engine, username=username, password=password))
    if principal.role not in roles:
        or_exit(lambda: _refuse())
    return principal


def _refuse() -> None:
    raise PermissionDenied("not permitted for your role")


# -- users --------------------------------------------------------------------------------------------


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="login name, e.g. li.na")],
    role: Annotated[Role, typer.Option(help="publicity_officer, security_officer, auditor or admin")],
    user: Annotated[str | None, typer.Option("--user", envvar="HUB_USER", help="your user name (an admin)")] = None,
) -> None:
    """Add a user; the new user's password is prompted (or HUB_NEW_PASSWORD)."""
    with _runtime() as runtime:
        with Session(runtime.engine) as session:
            first = session.exec(select(User).limit(1)).first() is None
        if first and role == Role.ADMIN and user is None:
            actor = Principal(name="bootstrap", role=Role.ADMIN)
        elif user is None:
            console.print("[red]error:[/red] --user is required (an admin)")
            raise typer.Exit(code=1)
        else:
            actor = _act_as(runtime, user, Role.ADMIN)
        password = os.environ.get("HUB_NEW_PASSWORD") or typer.prompt(
            f"new password for {username}", hide_input=True, confirmation_prompt=True
        )
        view = or_exit(
            lambda: users.add_user(engine=runtime.engine, actor=actor, username=username, role=role, password=password)
        )
    console.print(f"added {view.username} ({view.role.value})")


@users_app.command("list")
def users_list(user: UserOption) -> None:
    with _runtime() as runtime:
        _act_as(runtime, user, Role.ADMIN)
        rows = users.list_users(engine=runtime.engine)
    table = Table("user", "role", "locked", "failed logins", "last login")
    for row in rows:
        table.add_row(
            row.username,
            row.role.value,
            "yes" if row.locked else "no",
            str(row.failed_logins),
            str(row.last_login_at or ""),
        )
    console.print(table)


@users_app.command("lock")
def users_lock(username: str, user: UserOption) -> None:
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.ADMIN)
        or_exit(lambda: users.lock_user(engine=runtime.engine, actor=actor, username=username))
    console.print(f"locked {username}; their sessions have ended")


@users_app.command("unlock")
def users_unlock(username: str, user: UserOption) -> None:
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.ADMIN)
        or_exit(lambda: users.unlock_user(engine=runtime.engine, actor=actor, username=username))
    console.print(f"unlocked {username}")


# -- grants -------------------------------------------------------------------------------------------


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@grants_app.command("list")
def grants_list(department: str, user: UserOption) -> None:
    with _runtime() as runtime:
        _act_as(runtime, user, Role.ADMIN)
        grants = or_exit(lambda: grant_admin.list_grants(engine=runtime.engine, department=department))
    table = Table("id", "record types", "purposes", "fields", "valid", "revoked")
    for g in grants:
        table.add_row(
            str(g.id),
            ", ".join(g.record_types),
            ", ".join(g.purposes),
            ", ".join(g.fields) or "(all)",
            f"{g.valid_from} .. {g.valid_until or ''}",
            str(g.revoked_at or ""),
        )
    console.print(table)


@grants_app.command("add")
def grants_add(
    department: str,
    user: UserOption,
    record_types: Annotated[str, typer.Option(help="comma-separated record types")],
    purposes: Annotated[str, typer.Option(help="comma-separated purposes, e.g. 职称评定,表彰评优")],
    fields: Annotated[str, typer.Option(help="comma-separated readable fields (default: all)")] = "",
    valid_until: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
) -> None:
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.ADMIN)
        grant = or_exit(
            lambda: grant_admin.add_grant(
                engine=runtime.engine,
                actor=actor,
                department=department,
                record_types=_csv(record_types),
                purposes=_csv(purposes),
                fields=_csv(fields),
                valid_until=dt.date.fromisoformat(valid_until) if valid_until else None,
            )
        )
    console.print(f"grant {grant.id} added to {department}")


@grants_app.command("revoke")
def grants_revoke(grant_id: int, user: UserOption) -> None:
    """Revoke a grant; the department's next request no longer has it."""
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.ADMIN)
        or_exit(lambda: grant_admin.revoke_grant(engine=runtime.engine, actor=actor, grant_id=grant_id))
    console.print(f"grant {grant_id} revoked")


@grants_app.command("deactivate")
def grants_deactivate(department: str, user: UserOption) -> None:
    """Switch off a department's signing key: its next request fails."""
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.ADMIN)
        or_exit(
            lambda: grant_admin.set_department_active(
                engine=runtime.engine, actor=actor, department=department, active=False
            )
        )
    console.print(f"{department} deactivated")


@grants_app.command("activate")
def grants_activate(department: str, user: UserOption) -> None:
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.ADMIN)
        or_exit(
            lambda: grant_admin.set_department_active(
                engine=runtime.engine, actor=actor, department=department, active=True
            )
        )
    console.print(f"{department} activated")


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
    with _runtime() as runtime:
        _act_as(runtime, user, Role.SECURITY_OFFICER)
        rows = or_exit(
            lambda: status.key_statuses(
                engine=runtime.engine, transit=runtime.transit, token_key_default=runtime.settings.token_key_version
            )
        )
    console.print(_status_table(rows))


@keys_app.command("status")
def keys_status(key: str, user: UserOption) -> None:
    with _runtime() as runtime:
        _act_as(runtime, user, Role.SECURITY_OFFICER)
        row = or_exit(
            lambda: status.key_status(
                engine=runtime.engine,
                transit=runtime.transit,
                key_name=key,
                token_key_default=runtime.settings.token_key_version,
            )
        )
    console.print(_status_table([row]))
    console.print(f"DEKs needing rewrap: {row.deks_needing_rewrap}")


@keys_app.command("rotate")
def keys_rotate(key: str, user: UserOption) -> None:
    """Add a key version (then `hub keys rewrap KEY`, then `hub keys retire KEY`)."""
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.SECURITY_OFFICER)
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
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.SECURITY_OFFICER)
        pending = or_exit(
            lambda: status.key_status(engine=runtime.engine, transit=runtime.transit, key_name=key)
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
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.SECURITY_OFFICER)
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
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.SECURITY_OFFICER)
        or_exit(
            lambda: rotation.set_auto_rotate(
                engine=runtime.engine, transit=runtime.transit, actor=actor, key_name=key, period_seconds=hours * 3600
            )
        )
    console.print(f"{key}: automatic rotation {'every ' + str(hours) + ' h' if hours else 'off'}")


@keys_app.command("retokenise")
def keys_retokenise(
    step: Annotated[str, typer.Argument(help="start | run | finish")],
    user: UserOption,
    to_version: Annotated[int | None, typer.Option(help="target token key version (default: latest)")] = None,
) -> None:
    """Move subject tokens to a new token key version; lookups keep working throughout."""
    with _runtime() as runtime:
        actor = _act_as(runtime, user, Role.SECURITY_OFFICER)
        default = runtime.settings.token_key_version
        if step == "start":
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
        elif step == "run":
            with Progress(console=console) as progress:
                task = progress.add_task("re-tokenise", total=None)
                done = or_exit(
                    lambda: retokenise.retokenise_records(
                        engine=runtime.engine,
                        protector=runtime.protector,
                        transit=runtime.transit,
                        default_version=default,
                        on_progress=lambda n: progress.advance(task, n),
                    )
                )
            console.print(f"re-tokenised {done} records")
        elif step == "finish":
            state = or_exit(
                lambda: retokenise.finish_retokenise(engine=runtime.engine, actor=actor, default_version=default)
            )
            console.print(f"token key version {state.pinned} pinned")
        else:
            console.print("[red]error:[/red] step: start, run or finish")
            raise typer.Exit(code=2)


# -- audit --------------------------------------------------------------------------------------------


def _period(since: str | None, until: str | None) -> tuple[dt.datetime, dt.datetime]:
    end = dt.datetime.fromisoformat(until).replace(tzinfo=dt.UTC) if until else dt.datetime.now(dt.UTC)
    start = dt.datetime.fromisoformat(since).replace(tzinfo=dt.UTC) if since else end - dt.timedelta(days=30)
    return start, end


@audit_app.command("verify")
def audit_verify(user: UserOption) -> None:
    """Check the hash chain and the signed checkpoints; name the first bad entry."""
    with _runtime() as runtime:
        reader = _act_as(runtime, user, Role.SECURITY_OFFICER, Role.AUDITOR)
        report = verify_chain(engine=runtime.engine, transit=runtime.transit)
        note_audit_read(engine=runtime.engine, reader=reader, action="audit.verify", detail=report.describe())
    console.print(report.describe())
    if not report.ok:
        raise typer.Exit(code=1)


@audit_app.command("checkpoint")
def audit_checkpoint(user: UserOption) -> None:
    """Sign the chain's head now (the API does it every N entries or minutes)."""
    with _runtime() as runtime:
        _act_as(runtime, user, Role.SECURITY_OFFICER)
        checkpoint = write_checkpoint(engine=runtime.engine, transit=runtime.transit)
    console.print(f"checkpoint at entry {checkpoint.seq}" if checkpoint else "head already signed")


@audit_app.command("review")
def audit_review(
    user: UserOption,
    since: Annotated[str | None, typer.Option(help="UTC start, YYYY-MM-DD[THH:MM] (default: 30 days ago)")] = None,
    until: Annotated[str | None, typer.Option(help="UTC end (default: now)")] = None,
) -> None:
    """Per user/department: accesses, subjects, purposes, denials; then the anomalies."""
    with _runtime() as runtime:
        reader = _act_as(runtime, user, Role.SECURITY_OFFICER, Role.AUDITOR)
        start, end = _period(since, until)
        note_audit_read(engine=runtime.engine, reader=reader, action="audit.review", detail=f"{start} .. {end}")
        review = access_review(engine=runtime.engine, since=start, until=end)
    table = Table("actor", "role", "accesses", "subjects", "purposes", "denied")
    for a in review.actors:
        table.add_row(
            a.actor,
            a.role,
            str(a.accesses),
            str(a.distinct_subjects),
            ", ".join(f"{p} {n}" for p, n in a.purposes.most_common()),
            str(a.denied),
        )
    console.print(table)
    flagged = Table("when (UTC)", "actor", "anomaly", "count", "detail")
    for anomaly in review.anomalies:
        flagged.add_row(f"{anomaly.at:%Y-%m-%d %H:%M}", anomaly.actor, anomaly.kind, str(anomaly.count), anomaly.detail)
    console.print(flagged if review.anomalies else "no anomalies")


@audit_app.command("export")
def audit_export(
    user: UserOption,
    out: Annotated[Path, typer.Option(help="CSV file to write")],
    since: Annotated[str | None, typer.Option(help="UTC start (default: 30 days ago)")] = None,
    until: Annotated[str | None, typer.Option(help="UTC end (default: now)")] = None,
) -> None:
    """The access review as CSV (one row per actor and day)."""
    with _runtime() as runtime:
        reader = _act_as(runtime, user, Role.SECURITY_OFFICER, Role.AUDITOR)
        start, end = _period(since, until)
        note_audit_read(engine=runtime.engine, reader=reader, action="audit.export", detail=f"{start} .. {end}")
        text = review_csv(access_review(engine=runtime.engine, since=start, until=end))
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote {out}")
