"""`hub audit`: verify the trail, the access review, its CSV export, a checkpoint now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hub.audit.checkpoints import write_checkpoint
from hub.audit.export import review_csv
from hub.audit.reads import note_audit_read
from hub.audit.review import access_review
from hub.audit.verify import verify_chain
from hub.core.cli_support import open_runtime
from hub.core.principals import Role
from hub.users.cli import UserOption, act_as

audit_app = typer.Typer(help="The audit trail: verify, access review, CSV export, checkpoint.", no_args_is_help=True)

console = Console()


# -- audit --------------------------------------------------------------------------------------------


def _period(since: str | None, until: str | None) -> tuple[dt.datetime, dt.datetime]:
    end = dt.datetime.fromisoformat(until).replace(tzinfo=dt.UTC) if until else dt.datetime.now(dt.UTC)
    start = dt.datetime.fromisoformat(since).replace(tzinfo=dt.UTC) if since else end - dt.timedelta(days=30)
    return start, end


@audit_app.command("verify")
def audit_verify(user: UserOption) -> None:
    """Check the hash chain and the signed checkpoints; name the first bad entry."""
    with open_runtime() as runtime:
        reader = act_as(runtime, user, Role.SECURITY_OFFICER, Role.AUDITOR)
        report = verify_chain(engine=runtime.engine, transit=runtime.transit)
        note_audit_read(engine=runtime.engine, reader=reader, action="audit.verify", detail=report.describe())
    console.print(report.describe())
    if not report.ok:
        raise typer.Exit(code=1)


@audit_app.command("checkpoint")
def audit_checkpoint(user: UserOption) -> None:
    """Sign the chain's head now (the API does it every N entries or minutes)."""
    with open_runtime() as runtime:
        act_as(runtime, user, Role.SECURITY_OFFICER)
        checkpoint = write_checkpoint(engine=runtime.engine, transit=runtime.transit)
    console.print(f"checkpoint at entry {checkpoint.seq}" if checkpoint else "head already signed")


@audit_app.command("review")
def audit_review(
    user: UserOption,
    since: Annotated[str | None, typer.Option(help="UTC start, YYYY-MM-DD[THH:MM] (default: 30 days ago)")] = None,
    until: Annotated[str | None, typer.Option(help="UTC end (default: now)")] = None,
) -> None:
    """Per user/department: accesses, subjects, purposes, denials; then the anomalies."""
    with open_runtime() as runtime:
        reader = act_as(runtime, user, Role.SECURITY_OFFICER, Role.AUDITOR)
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
    with open_runtime() as runtime:
        reader = act_as(runtime, user, Role.SECURITY_OFFICER, Role.AUDITOR)
        start, end = _period(since, until)
        note_audit_read(engine=runtime.engine, reader=reader, action="audit.export", detail=f"{start} .. {end}")
        text = review_csv(access_review(engine=runtime.engine, since=start, until=end))
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote {out}")
