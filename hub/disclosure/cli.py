"""`hub review …` and `hub publication …`: the publicity officers' workflow from a terminal.

Officers sign in with their hub account: `--officer NAME` (or HUB_OFFICER) and the password, asked
for (or HUB_OFFICER_PASSWORD). `hub publication verify` needs no hub: it checks an export offline.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from hub.core.cli_support import date_option, open_runtime, or_exit
from hub.core.errors import HubError
from hub.core.principals import Principal
from hub.core.runtime import Runtime
from hub.disclosure.batches import BatchSummary
from hub.disclosure.remedies import ObjectionDecision, RepairDecision
from hub.disclosure.review import FindingDecision
from redaction.standard import RecordKind

review_app = typer.Typer(help="双公示 review: batches, findings, four-eyes approval.", no_args_is_help=True)
publication_app = typer.Typer(
    help="双公示 publication: publish, export and verify, display periods, objections, credit repair.",
    no_args_is_help=True,
)
objection_app = typer.Typer(help="Objections (异议): hide an entry until decided.", no_args_is_help=True)
repair_app = typer.Typer(help="Credit repair (信用修复) after the minimum display period.", no_args_is_help=True)
publication_app.add_typer(objection_app, name="objection")
publication_app.add_typer(repair_app, name="repair")

console = Console()

OfficerName = Annotated[str, typer.Option("--officer", envvar="HUB_OFFICER", help="your hub user name")]
Password = Annotated[
    str,
    typer.Option("--password", envvar="HUB_OFFICER_PASSWORD", prompt=True, hide_input=True,
                 help="your password (asked for when not set)"),
]
RecordType = Annotated[RecordKind, typer.Option("--type", help="the 双公示 record type")]
Reason = Annotated[str, typer.Option("--reason", help="why (stored with the decision)")]


@contextmanager
def _signed_in(officer: str, password: str) -> Iterator[tuple[Runtime, Principal]]:
    from hub.users.services import authenticate

    with open_runtime() as runtime:
        principal = or_exit(lambda: authenticate(runtime.engine, username=officer, password=password))
        yield runtime, principal


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _print_batch(summary: BatchSummary) -> None:
    console.print(
        f"batch {summary.id}: {summary.state}; {summary.items} {summary.record_type} of {summary.department}; "
        f"{summary.findings} findings, {summary.needs_decision} need an officer's decision"
        + (f"; approved by {summary.approved_by}" if summary.approved_by else "")
        + (f"; confirmed by {summary.confirmed_by}" if summary.confirmed_by else "")
    )


# -- hub review ---------------------------------------------------------------------------------------


@review_app.command("create")
def review_create(
    officer: OfficerName,
    password: Password,
    department: Annotated[str, typer.Option(help="department code")],
    record_type: RecordType,
    date_from: Annotated[dt.date, typer.Option("--from", parser=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                                               help="first decision date")],
    date_to: Annotated[dt.date, typer.Option("--to", parser=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                                             help="last decision date")],
) -> None:
    """A batch of a department's stored records decided in a date range; runs the privacy check."""
    from hub.disclosure.batches import create_batch_from_records

    with _signed_in(officer, password) as (rt, who), _progress("checking") as progress:
        summary = or_exit(lambda: create_batch_from_records(
            engine=rt.engine, protector=rt.protector, officer=who, department=department, record_type=record_type,
            date_from=date_from, date_to=date_to, progress=progress,
        ))
    _print_batch(summary)


@review_app.command("upload")
def review_upload(
    officer: OfficerName,
    password: Password,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="national-standard .csv or .xlsx")],
    department: Annotated[str, typer.Option(help="the department the records come from")],
    record_type: RecordType,
) -> None:
    """A batch from an uploaded national-standard file; runs the privacy check."""
    from hub.core.errors import BatchRejected
    from hub.disclosure.batches import create_batch_from_upload

    with _signed_in(officer, password) as (rt, who), _progress("checking") as progress:
        try:
            summary = create_batch_from_upload(
                engine=rt.engine, protector=rt.protector, officer=who, department=department,
                record_type=record_type, filename=file.name, content=file, progress=progress,
            )
        except BatchRejected as exc:
            for error in exc.errors[:50]:
                console.print(f"[red]row {error.index}[/red] {error.field}: {error.reason}")
            console.print(f"[red]error:[/red] {exc}; nothing was stored")
            raise typer.Exit(code=1) from None
        except HubError as exc:
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(code=1) from None
    _print_batch(summary)


@review_app.command("check")
def review_check(officer: OfficerName, password: Password, batch: str) -> None:
    """Run the check again on a draft batch (after an interrupted check)."""
    from hub.disclosure.batches import run_check

    with _signed_in(officer, password) as (rt, who), _progress("checking") as progress:
        summary = or_exit(lambda: run_check(engine=rt.engine, protector=rt.protector, officer=who, batch_id=batch,
                                             progress=progress))
    _print_batch(summary)


@review_app.command("list")
def review_list(
    officer: OfficerName, password: Password, state: Annotated[str | None, typer.Option()] = None
) -> None:
    """Batches, newest first."""
    from hub.disclosure.batches import list_batches

    with _signed_in(officer, password) as (rt, _who):
        rows = list_batches(engine=rt.engine, state=state)
    table = Table("batch", "type", "department", "state", "records", "findings", "to decide", "approved", "confirmed")
    for b in rows:
        table.add_row(b.id, b.record_type, b.department, b.state, str(b.items), str(b.findings),
                      str(b.needs_decision), b.approved_by or "", b.confirmed_by or "")
    console.print(table)


@review_app.command("show")
def review_show(
    officer: OfficerName,
    password: Password,
    batch: str,
    original: Annotated[bool, typer.Option(help="also show the masked text (an audited read)")] = False,
    offset: Annotated[int, typer.Option(help="skip this many records")] = 0,
    limit: Annotated[int, typer.Option(help="show at most this many records")] = 50,
) -> None:
    """Records' redacted drafts and findings, a page at a time."""
    from hub.disclosure.review import review_batch

    with _signed_in(officer, password) as (rt, who):
        result = or_exit(lambda: review_batch(engine=rt.engine, protector=rt.protector, officer=who,
                                               batch_id=batch, with_original=original, offset=offset, limit=limit))
    _print_batch(result.batch)
    for item in result.items:
        reasons = ", ".join(item.decision_reasons)
        flag = f" [yellow]needs decision: {reasons}[/yellow]" if item.needs_officer_decision else ""
        decided = f" decided: {item.publish_decision} by {item.decided_by}" if item.publish_decision else ""
        console.print(f"\n[bold]record {item.position + 1}[/bold] item {item.id}{flag}{decided}")
        for name in ("违法事实", "处罚内容", "许可内容", "备注"):
            if name in item.redacted:
                console.print(f"  {name}: {item.redacted[name]}")
        table = Table("finding", "field", "span", "entity", "action", "status", "reason", "text")
        for f in item.findings:
            table.add_row(str(f.id), f.field, f"{f.start}-{f.end}", f.entity_type, f.action,
                          f.status + (" (manual)" if f.origin == "manual" else ""), f.reason or "", f.text or "")
        console.print(table)


@review_app.command("finding")
def review_finding(
    officer: OfficerName,
    password: Password,
    finding: int,
    decision: Annotated[FindingDecision, typer.Argument()],
    reason: Annotated[str | None, typer.Option(help="required to reject")] = None,
) -> None:
    """Accept a finding, or reject it as a false positive (with a reason)."""
    from hub.disclosure.review import decide_finding

    with _signed_in(officer, password) as (rt, who):
        view = or_exit(lambda: decide_finding(engine=rt.engine, officer=who, finding_id=finding,
                                               decision=decision, reason=reason))
    console.print(f"finding {view.id}: {view.status}")


@review_app.command("span")
def review_span(
    officer: OfficerName,
    password: Password,
    item: str,
    field: Annotated[str, typer.Option(help="the field, e.g. 违法事实")],
    start: Annotated[int, typer.Option(help="first character (0-based)")],
    end: Annotated[int, typer.Option(help="one past the last character")],
    entity: Annotated[str, typer.Option(help="PERSON, PHONE_NUMBER, ADDRESS, … or OTHER")] = "OTHER",
    reason: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Mask a span the check missed."""
    from hub.disclosure.review import add_manual_span

    with _signed_in(officer, password) as (rt, who):
        view = or_exit(lambda: add_manual_span(engine=rt.engine, protector=rt.protector, officer=who, item_id=item,
                                                field_name=field, start=start, end=end, entity_type=entity,
                                                reason=reason))
    console.print(f"finding {view.id} added")


@review_app.command("record")
def review_record(
    officer: OfficerName,
    password: Password,
    item: str,
    decision: Annotated[Literal["publish-redacted", "withhold"], typer.Argument()],
    reason: Reason,
) -> None:
    """Decide a record: publish its redacted version, or withhold it (art. 5)."""
    from hub.disclosure.review import decide_item

    choice = decision.replace("-", "_")
    with _signed_in(officer, password) as (rt, who):
        or_exit(lambda: decide_item(engine=rt.engine, officer=who, item_id=item, decision=choice,  # type: ignore[arg-type]
                                     reason=reason))
    console.print(f"item {item}: {choice}")


@review_app.command("approve")
def review_approve(
    officer: OfficerName, password: Password, batch: str, reason: Annotated[str | None, typer.Option()] = None
) -> None:
    """First sign-off."""
    from hub.disclosure.review import approve_batch

    with _signed_in(officer, password) as (rt, who):
        _print_batch(or_exit(lambda: approve_batch(engine=rt.engine, officer=who, batch_id=batch, reason=reason)))


@review_app.command("confirm")
def review_confirm(
    officer: OfficerName, password: Password, batch: str, reason: Annotated[str | None, typer.Option()] = None
) -> None:
    """Second sign-off, by another officer than the approver."""
    from hub.disclosure.review import confirm_batch

    with _signed_in(officer, password) as (rt, who):
        _print_batch(or_exit(lambda: confirm_batch(engine=rt.engine, officer=who, batch_id=batch, reason=reason)))


@review_app.command("reject")
def review_reject(officer: OfficerName, password: Password, batch: str, reason: Reason) -> None:
    """Refuse the batch (at any review step)."""
    from hub.disclosure.review import reject_batch

    with _signed_in(officer, password) as (rt, who):
        _print_batch(or_exit(lambda: reject_batch(engine=rt.engine, officer=who, batch_id=batch, reason=reason)))


# -- hub publication ----------------------------------------------------------------------------------


@publication_app.command("publish")
def publication_publish(officer: OfficerName, password: Password, batch: str) -> None:
    """Put a confirmed batch on the public listing."""
    from hub.disclosure.publication import publish_batch

    with _signed_in(officer, password) as (rt, who):
        _print_batch(or_exit(lambda: publish_batch(engine=rt.engine, protector=rt.protector, officer=who,
                                                    batch_id=batch)))


@publication_app.command("export")
def publication_export(
    officer: OfficerName,
    password: Password,
    batch: str,
    directory: Annotated[Path, typer.Argument(file_okay=False, help="an empty or new directory")],
) -> None:
    """Write the batch as national-standard CSV + JSON with a manifest signed by the publication key."""
    from hub.disclosure.export import export_batch

    with _signed_in(officer, password) as (rt, who):
        result = or_exit(lambda: export_batch(engine=rt.engine, transit=rt.transit, officer=who, batch_id=batch,
                                               directory=directory))
    console.print(f"exported {result.records} records to {result.directory} "
                  f"(manifest signed with hub-signing v{result.key_version})")


@publication_app.command("verify")
def publication_verify(
    directory: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    public_key: Annotated[
        Path | None,
        typer.Option(help="the publication key file you obtained from the hub (`hub publication public-key`)"),
    ] = None,
    fingerprint: Annotated[
        list[str] | None,
        typer.Option(help="SHA-256 fingerprint of the publication key you trust (repeatable); the export's "
                          "own key file is then used only for a key with this fingerprint"),
    ] = None,
) -> None:
    """Verify an export offline: the manifest's signature with a key you trust, and every file's SHA-256.

    Exit 1 on any change, 2 without a trusted key: the key file inside the export proves nothing about
    who signed it."""
    from hub.disclosure.manifest import pinned_export_keys, read_key_file, verify_directory

    if public_key is None and not fingerprint:
        console.print("[red]error:[/red] refusing to verify without a trusted key: pass --public-key FILE "
                      "(from `hub publication public-key`) or --fingerprint SHA256 of the hub's publication key",
                      soft_wrap=True)
        raise typer.Exit(code=2)
    if public_key is not None:
        keys = or_exit(lambda: read_key_file(public_key))
        source = f"the key file {public_key.name}"
    else:
        keys = or_exit(lambda: pinned_export_keys(directory, fingerprints=fingerprint or []))
        source = "the export's key file, matching the pinned fingerprint"
    result = verify_directory(directory, public_keys=keys)
    if result.ok:
        console.print(f"OK: signature (key version {result.key_version}) and {result.files} files verified "
                      f"with {source}")
        return
    console.print("[red]FAILED[/red]")
    for problem in result.problems:
        console.print(f"  {problem}")
    raise typer.Exit(code=1)


@publication_app.command("public-key")
def publication_public_key(
    out: Annotated[Path | None, typer.Option(help="write the key file here (default: print it)")] = None,
) -> None:
    """The publication public keys (hub-signing, every version): give them to whoever verifies exports."""
    from hub.disclosure.export import publication_key_file

    with open_runtime() as runtime:
        text = or_exit(lambda: publication_key_file(runtime.transit))
    if out is None:
        console.print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"written to {out}")
        for version, fingerprint in sorted(json.loads(text)["sha256_fingerprints"].items()):
            console.print(f"fingerprint of version {version} (for `verify --fingerprint`): {fingerprint}",
                          soft_wrap=True)


@publication_app.command("expire")
def publication_expire(
    today: Annotated[dt.date | None, date_option("as if it were this day (default: today)")] = None,
) -> None:
    """Withdraw every entry whose display period has ended (what the scheduled job does)."""
    from hub.disclosure.publication import expire_publications

    with open_runtime() as runtime:
        count = or_exit(lambda: expire_publications(engine=runtime.engine, today=today))
    console.print(f"{count} entries withdrawn (display period ended)")


@publication_app.command("withdraw")
def publication_withdraw(officer: OfficerName, password: Password, entry: str, reason: Reason) -> None:
    """Take one entry off the listing (officer decision)."""
    from hub.disclosure.publication import withdraw_entry

    with _signed_in(officer, password) as (rt, who):
        or_exit(lambda: withdraw_entry(engine=rt.engine, officer=who, entry_id=entry, reason=reason))
    console.print(f"entry {entry} withdrawn")


@publication_app.command("withdraw-batch")
def publication_withdraw_batch(officer: OfficerName, password: Password, batch: str, reason: Reason) -> None:
    """Take every entry of a published batch off the listing."""
    from hub.disclosure.publication import withdraw_batch

    with _signed_in(officer, password) as (rt, who):
        _print_batch(or_exit(lambda: withdraw_batch(engine=rt.engine, officer=who, batch_id=batch, reason=reason)))


@publication_app.command("list")
def publication_list(
    party: Annotated[str | None, typer.Option(help="party name contains")] = None,
    decision_number: Annotated[str | None, typer.Option(help="decision number contains")] = None,
    agency: Annotated[str | None, typer.Option(help="agency contains")] = None,
    limit: int = 20,
) -> None:
    """What the public listing shows."""
    from hub.disclosure.listing import ListingQuery, search_listing

    with open_runtime() as runtime:
        page = or_exit(lambda: search_listing(engine=runtime.engine, query=ListingQuery(
            party_name=party, decision_number=decision_number, agency=agency, limit=limit)))
    table = Table("entry", "party", "decision", "agency", "date", "shown until")
    for r in page.records:
        table.add_row(r.id, r.party_name, r.decision_number, r.agency, str(r.decision_date), str(r.display_until))
    console.print(table)
    console.print(f"{page.total} listed")


@objection_app.command("file")
def objection_file(
    officer: OfficerName, password: Password, entry: str,
    ground: Annotated[str, typer.Option(help="the objection's ground")],
) -> None:
    """Record an objection: the entry is hidden until decided."""
    from hub.disclosure.remedies import file_objection

    with _signed_in(officer, password) as (rt, who):
        view = or_exit(lambda: file_objection(engine=rt.engine, officer=who, entry_id=entry, ground=ground))
    console.print(f"objection {view.id} recorded; entry hidden")


@objection_app.command("decide")
def objection_decide(
    officer: OfficerName, password: Password, objection: str,
    decision: Annotated[ObjectionDecision, typer.Argument()], reason: Reason,
) -> None:
    """Uphold (entry withdrawn) or dismiss (entry listed again) an objection."""
    from hub.disclosure.remedies import decide_objection

    with _signed_in(officer, password) as (rt, who):
        view = or_exit(lambda: decide_objection(engine=rt.engine, officer=who, objection_id=objection,
                                                 uphold=decision == "uphold", reason=reason))
    console.print(f"objection {view.id}: {view.state}")


@repair_app.command("apply")
def repair_apply(
    officer: OfficerName, password: Password, entry: str,
    ground: Annotated[str, typer.Option(help="what the party has done to correct it")],
) -> None:
    """Record a credit-repair application (only after the minimum display period)."""
    from hub.disclosure.remedies import apply_credit_repair

    with _signed_in(officer, password) as (rt, who):
        view = or_exit(lambda: apply_credit_repair(engine=rt.engine, officer=who, entry_id=entry, ground=ground))
    console.print(f"credit-repair application {view.id} recorded")


@repair_app.command("decide")
def repair_decide(
    officer: OfficerName, password: Password, application: str,
    decision: Annotated[RepairDecision, typer.Argument()], reason: Reason,
) -> None:
    """Approve (entry withdrawn) or reject a credit-repair application."""
    from hub.disclosure.remedies import decide_credit_repair

    with _signed_in(officer, password) as (rt, who):
        view = or_exit(lambda: decide_credit_repair(engine=rt.engine, officer=who, repair_id=application,
                                                     approve=decision == "approve", reason=reason))
    console.print(f"credit-repair application {view.id}: {view.state}")
