"""Appending many audit entries at once (one per record opened for a batch of thousands).

Same chain, same hashes as `hub.audit.append` (it uses `hub.audit.entry_hash`), but the head row is
locked once and the entries are inserted in one statement instead of one round trip per entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert
from sqlmodel import Session, select

from hub.audit import AuditEvent, entry_hash
from hub.models import AuditEntry, AuditHead, utcnow


def append_events(session: Session, events: Sequence[AuditEvent]) -> None:
    """Append `events` in order; they commit or roll back with the caller's transaction."""
    if not events:
        return
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    seq, previous = head.seq, head.entry_hash
    rows = []
    for event in events:
        seq += 1
        at = utcnow()
        digest = entry_hash(seq=seq, at=at, event=event, prev_hash=previous)
        rows.append({
            "seq": seq, "at": at, "actor": event.actor, "role": event.role, "action": event.action,
            "object": event.object, "subject_token": event.subject_token, "purpose": event.purpose,
            "outcome": event.outcome, "detail": event.detail, "prev_hash": previous, "entry_hash": digest,
        })
        previous = digest
    session.execute(insert(AuditEntry), rows)
    head.seq, head.entry_hash = seq, previous
    session.add(head)
    session.flush()
