"""The audit trail: an append-only hash chain, written in the same transaction as what it records.

Entries name the subject by token only. Appending locks the single `audit_head` row, so concurrent
writers queue up instead of forking the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import Session, select

from hub.audit.models import AuditEntry, AuditHead
from hub.core.clock import utcnow

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    actor: str
    role: str
    action: str
    outcome: str = "ok"
    object: str | None = None
    subject_token: str | None = None
    purpose: str | None = None
    detail: str | None = None


def entry_hash(*, seq: int, at: dt.datetime, event: AuditEvent, prev_hash: str) -> str:
    canonical = json.dumps(
        [
            seq,
            at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            event.actor,
            event.role,
            event.action,
            event.object,
            event.subject_token,
            event.purpose,
            event.outcome,
            event.detail,
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    """Recompute an entry's hash from its stored columns (for verification)."""
    event = AuditEvent(
        actor=entry.actor,
        role=entry.role,
        action=entry.action,
        outcome=entry.outcome,
        object=entry.object,
        subject_token=entry.subject_token,
        purpose=entry.purpose,
        detail=entry.detail,
    )
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=dt.UTC)
    return entry_hash(seq=entry.seq, at=at, event=event, prev_hash=entry.prev_hash)


def append(session: Session, event: AuditEvent) -> AuditEntry:
    """Append one entry; it commits or rolls back with the caller's transaction."""
    (entry,) = append_many(session, [event])
    return entry


def append_many(session: Session, events: Sequence[AuditEvent]) -> list[AuditEntry]:
    """Append `events` in order, locking the head once: a batch that opens thousands of records
    writes thousands of entries, and a round trip per entry would dominate its time."""
    if not events:
        return []
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    entries: list[AuditEntry] = []
    seq, previous = head.seq, head.entry_hash
    for event in events:
        seq += 1
        at = utcnow()
        digest = entry_hash(seq=seq, at=at, event=event, prev_hash=previous)
        entries.append(
            AuditEntry(
                seq=seq,
                at=at,
                actor=event.actor,
                role=event.role,
                action=event.action,
                object=event.object,
                subject_token=event.subject_token,
                purpose=event.purpose,
                outcome=event.outcome,
                detail=event.detail,
                prev_hash=previous,
                entry_hash=digest,
            )
        )
        previous = digest
    if len(entries) == 1:
        session.add(entries[0])
    else:
        session.execute(insert(AuditEntry), [e.model_dump() for e in entries])
    head.seq, head.entry_hash = seq, previous
    session.add(head)
    session.flush()
    return entries
