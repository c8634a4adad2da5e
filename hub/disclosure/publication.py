"""Publishing a confirmed batch to the public listing, and taking entries off it again.

Only the approved redacted version is stored in clear (`published_entry.fields`), and the fields that
policy §1 never publishes are dropped whatever the check said. As a last guard, publishing refuses a
record whose public version still holds a 公民身份号码 in any field. A withdrawn entry leaves the listing
at once: its clear copy is erased; the sealed item stays, with the reason it was withdrawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from crypto.identifiers import find_id_numbers
from crypto.identifiers import today as today_in_china
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import NotFound
from hub.core.principals import Principal, Role, require_role
from hub.core.protection import FieldProtector
from hub.disclosure.batches import BatchSummary, summarize
from hub.disclosure.display import display_period
from hub.disclosure.errors import DisclosureError
from hub.disclosure.models import DisclosureBatch, DisclosureFinding, DisclosureItem, PublishedEntry
from hub.disclosure.officer_text import officer_text
from hub.disclosure.rendering import Mark, published_fields
from hub.disclosure.sealing import open_original, open_redacted
from hub.disclosure.states import (
    BatchAction,
    BatchState,
    EntryAction,
    EntryState,
    WithdrawalReason,
    record_transition,
)
from redaction import standard

# The actor of automatic withdrawals (scheduled job and `hub publication expire`).
DISPLAY_PERIOD_JOB = Principal(name="display-period-job", role=Role.ADMIN)
EXPIRE_CHUNK = 500


def contains_id_number(fields: Mapping[str, str]) -> bool:
    """True when any field of a record's public version (name or value) holds a 公民身份号码.

    The same finder as the privacy check, so every way of writing a number counts (separators, full
    width, glued to letters). A valid number, or a legacy 15-digit one with a real birth date, is refused
    in any context; one with a wrong check character is left to the check, where context decides.
    """
    return any(
        match.accepted for name, value in fields.items() for text in (name, value) for match in find_id_numbers(text)
    )


def publish_batch(
    *, engine: Engine, protector: FieldProtector, officer: Principal, batch_id: str, today: dt.date | None = None
) -> BatchSummary:
    """Put every record of a confirmed batch that is not withheld on the listing, in one transaction."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    today = today or today_in_china()
    protector.ensure_available()
    with transaction(engine) as session:
        batch = session.exec(select(DisclosureBatch).where(DisclosureBatch.id == batch_id).with_for_update()).first()
        if batch is None:
            raise NotFound("disclosure.batch_not_found")
        if batch.state != BatchState.CONFIRMED:
            # The state machine says the same; checked first so nothing below runs for nothing.
            record_transition(session, kind="batch", object_id=batch.id, current=batch.state,
                              action=BatchAction.PUBLISH, actor=officer)
        items = session.exec(
            select(DisclosureItem).where(DisclosureItem.batch_id == batch_id).order_by(col(DisclosureItem.position))
        ).all()
        marks = _marks_by_item(session, [i.id for i in items])
        published = expired = withheld = 0
        for item in items:
            if item.publish_decision == "withhold":
                withheld += 1
                continue
            item_marks = marks.get(item.id, [])
            redacted = open_redacted(session, protector, item)
            needs_original = any(m.origin == "manual" or m.status == "rejected" for m in item_marks)
            original = (
                open_original(session, protector, item, actor=officer, why="publication: officers' changes")
                if needs_original else {}
            )
            fields = published_fields(original=original, redacted=redacted, marks=item_marks)
            # Only what the standard publishes for this kind, every field of it seen by the guard below.
            allowed = standard.published_field_names(item.record_type)
            fields = {name: value for name, value in fields.items() if name in allowed}
            if contains_id_number(fields):
                raise DisclosureError("disclosure.id_number_in_text", position=item.position + 1)
            entry = _entry(batch.id, item, fields)
            session.add(entry)
            published += 1
            if display_period(item.record_type, fields).expired_on(today):
                _withdraw(session, entry, reason=WithdrawalReason.DISPLAY_PERIOD_ENDED, actor=DISPLAY_PERIOD_JOB,
                          note="display period over at publication", token=item.subject_token)
                expired += 1
        batch.state = record_transition(
            session, kind="batch", object_id=batch.id, current=batch.state, action=BatchAction.PUBLISH,
            actor=officer, reason=f"{published} published ({expired} already past their display period), "
            f"{withheld} withheld",
        )
        batch.updated_at = utcnow()
        session.add(batch)
        session.flush()
        return summarize(session, batch)


def _marks_by_item(session: Session, item_ids: list[str]) -> dict[str, list[Mark]]:
    marks: dict[str, list[Mark]] = {}
    for f in session.exec(select(DisclosureFinding).where(col(DisclosureFinding.item_id).in_(item_ids))).all():
        marks.setdefault(f.item_id, []).append(
            Mark(field=f.field, start=f.start, end=f.end, entity_type=f.entity_type, score=f.score,
                 action=f.action, origin=f.origin, status=f.status)
        )
    return marks


def _entry(batch_id: str, item: DisclosureItem, fields: Mapping[str, str]) -> PublishedEntry:
    period = display_period(item.record_type, fields)
    return PublishedEntry(
        batch_id=batch_id,
        item_id=item.id,
        record_type=item.record_type,
        party_name=fields.get("行政相对人名称", "")[:200],
        decision_number=fields.get(standard.DECISION_NUMBER_FIELD[item.record_type], "")[:128],
        agency=fields.get(standard.AGENCY_FIELD[item.record_type], "")[:200],
        decision_date=dt.date.fromisoformat(fields[standard.DECISION_DATE_FIELD[item.record_type]]),
        repair_after=period.repair_after,
        display_until=period.display_until,
        fields=dict(fields),
    )


def _withdraw(
    session: Session, entry: PublishedEntry, *, reason: WithdrawalReason, actor: Principal, note: str | None,
    token: str | None = None,
) -> None:
    entry.status = record_transition(
        session, kind="entry", object_id=entry.id, current=entry.status, action=EntryAction.WITHDRAW, actor=actor,
        reason=f"{reason.value}: {note}" if note else reason.value, subject_token=token,
    )
    entry.withdrawn_reason = reason.value
    entry.withdrawn_at = utcnow()
    entry.fields = None
    entry.party_name = ""
    session.add(entry)


def withdraw(
    session: Session, entry: PublishedEntry, *, reason: WithdrawalReason, actor: Principal, note: str | None = None
) -> None:
    """Take one entry off the listing (in the caller's transaction); the batch follows when it empties."""
    item = session.get(DisclosureItem, entry.item_id)
    _withdraw(session, entry, reason=reason, actor=actor, note=note, token=item.subject_token if item else None)
    session.flush()
    remaining = session.exec(
        select(func.count()).select_from(PublishedEntry).where(
            PublishedEntry.batch_id == entry.batch_id, PublishedEntry.status != EntryState.WITHDRAWN.value
        )
    ).one()
    batch = session.get(DisclosureBatch, entry.batch_id)
    if remaining == 0 and batch is not None and batch.state == BatchState.PUBLISHED:
        batch.state = record_transition(session, kind="batch", object_id=batch.id, current=batch.state,
                                        action=BatchAction.WITHDRAW, actor=actor, reason="every record withdrawn")
        session.add(batch)


def withdraw_entry(*, engine: Engine, officer: Principal, entry_id: str, reason: str) -> None:
    """An officer's decision to take one record off the listing."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    note = officer_text((reason or "").strip()[:400], name="reason", required=True, limit=400)
    with transaction(engine) as session:
        entry = _entry_for_update(session, entry_id)
        withdraw(session, entry, reason=WithdrawalReason.OFFICER_DECISION, actor=officer, note=note)


def withdraw_batch(*, engine: Engine, officer: Principal, batch_id: str, reason: str) -> BatchSummary:
    """Take every record of a published batch off the listing."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    note = officer_text((reason or "").strip()[:400], name="reason", required=True, limit=400)
    with transaction(engine) as session:
        batch = session.exec(select(DisclosureBatch).where(DisclosureBatch.id == batch_id).with_for_update()).first()
        if batch is None:
            raise NotFound("disclosure.batch_not_found")
        if batch.state != BatchState.PUBLISHED:
            record_transition(session, kind="batch", object_id=batch.id, current=batch.state,
                              action=BatchAction.WITHDRAW, actor=officer)
        entries = session.exec(
            select(PublishedEntry).where(
                PublishedEntry.batch_id == batch_id, PublishedEntry.status != EntryState.WITHDRAWN.value
            )
        ).all()
        for entry in entries:
            _withdraw(session, entry, reason=WithdrawalReason.OFFICER_DECISION, actor=officer, note=note)
        batch.state = record_transition(session, kind="batch", object_id=batch.id, current=batch.state,
                                        action=BatchAction.WITHDRAW, actor=officer, reason=note)
        batch.updated_at = utcnow()
        session.add(batch)
        session.flush()
        return summarize(session, batch)


def _entry_for_update(session: Session, entry_id: str) -> PublishedEntry:
    entry = session.exec(select(PublishedEntry).where(PublishedEntry.id == entry_id).with_for_update()).first()
    if entry is None:
        raise NotFound("disclosure.entry_not_found")
    return entry


def expire_publications(*, engine: Engine, today: dt.date | None = None) -> int:
    """Withdraw every entry whose display period has ended; returns how many. Safe to run concurrently."""
    today = today or today_in_china()
    withdrawn = 0
    while True:
        with transaction(engine) as session:
            due = session.exec(
                select(PublishedEntry)
                .where(
                    col(PublishedEntry.status).in_([EntryState.LISTED.value, EntryState.HIDDEN.value]),
                    col(PublishedEntry.display_until) < today,
                )
                .limit(EXPIRE_CHUNK)
                .with_for_update(skip_locked=True)
            ).all()
            for entry in due:
                withdraw(session, entry, reason=WithdrawalReason.DISPLAY_PERIOD_ENDED, actor=DISPLAY_PERIOD_JOB,
                         note=f"display period ended {entry.display_until.isoformat()}")
        withdrawn += len(due)
        if len(due) < EXPIRE_CHUNK:
            return withdrawn
