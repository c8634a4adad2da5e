"""`hub audit`: verify the trail, the access review, its CSV export, a checkpoint now."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hub.audit import services
from hub.core.cli_support import open_runtime, or_exit
from hub.users.cli import UserOption, sign_in

audit_app = typer.Typer(help="The audit trail: verify, access review, CSV export, checkpoint.", no_args_is_help=True)

console = Console()


Bound = Annotated[
    str | None,
    typer.Option(metavar="WHEN", help="YYYY-MM-DD (a day in China) or an ISO date-time (UTC unless it says)"),
]


def _period(since: str | None, until: str | None) -> services.Period:
    return or_exit(lambda: services.review_period(since, until))


@audit_app.command("verify")
def audit_verify(user: UserOption) -> None:
    """Check the hash chain and the signed checkpoints; name the first bad entry."""
    with open_runtime() as runtime:
        reader = sign_in(runtime, user)
        report = or_exit(lambda: services.verify_trail(engine=runtime.engine, transit=runtime.transit, reader=reader))
    console.print(report.describe())
    if not report.ok:
        raise typer.Exit(code=1)


@audit_app.command("checkpoint")
def audit_checkpoint(user: UserOption) -> None:
    """Sign the chain's head now (the API does it every N entries or minutes)."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        checkpoint = or_exit(
            lambda: services.checkpoint_now(engine=runtime.engine, transit=runtime.transit, actor=actor)
        )
    console.print(f"checkpoint at entry {checkpoint.seq}" if checkpoint else "head already signed")


@audit_app.command("review")
def audit_review(user: UserOption, since: Bound = None, until: Bound = None) -> None:
    """Per user/department: accesses, subjects, purposes, denials; then the anomalies (default: 30 days)."""
    with open_runtime() as runtime:
        reader = sign_in(runtime, user)
        period = _period(since, until)
        review = or_exit(lambda: services.review_access(engine=runtime.engine, reader=reader, period=period))
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
    since: Bound = None,
    until: Bound = None,
) -> None:
    """The access review as CSV (one row per actor and day; default: 30 days)."""
    with open_runtime() as runtime:
        reader = sign_in(runtime, user)
        period = _period(since, until)
        text = or_exit(lambda: services.export_review(engine=runtime.engine, reader=reader, period=period))
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote {out}")
