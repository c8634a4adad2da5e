"""Signed checkpoints of the audit chain.

Every CHECKPOINT_EVERY entries, or CHECKPOINT_MINUTES after the last checkpoint if anything was added,
the chain's head (seq, hash) is signed with the hub's Ed25519 key inside OpenBao. Whoever can write the
database can recompute a whole hash chain after editing it, but cannot forge these signatures: a
rewritten chain no longer matches the signed heads (hub.audit.verify).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from hub.audit.models import AuditCheckpoint, AuditHead
from hub.core.clock import utcnow
from hub.core.db import transaction
from keys.names import HUB_SIGNING_KEY
from keys.transit import Transit

CHECKPOINT_EVERY = 1000
CHECKPOINT_MINUTES = 10


def checkpoint_message(*, seq: int, entry_hash: str) -> bytes:
    return f"credit-hub audit checkpoint v1\nseq={seq}\nentry_hash={entry_hash}\n".encode()


def last_checkpoint(session: Session) -> AuditCheckpoint | None:
    return session.exec(select(AuditCheckpoint).order_by(col(AuditCheckpoint.seq).desc()).limit(1)).first()


def checkpoint_due(session: Session, *, every: int = CHECKPOINT_EVERY, minutes: float = CHECKPOINT_MINUTES) -> bool:
    head = session.get(AuditHead, 1)
    if head is None or head.seq == 0:
        return False
    last = last_checkpoint(session)
    if last is None:
        return True
    if head.seq <= last.seq:
        return False
    at = last.at if last.at.tzinfo else last.at.replace(tzinfo=dt.UTC)
    return head.seq - last.seq >= every or utcnow() - at >= dt.timedelta(minutes=minutes)


def write_checkpoint(*, engine: Engine, transit: Transit) -> AuditCheckpoint | None:
    """Sign the current head (unless it is signed already). Safe to call from several workers."""
    with transaction(engine) as session:
        # Locking the head serialises checkpoints with appends: the signed hash is the committed head.
        head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
        if head.seq == 0 or session.get(AuditCheckpoint, head.seq) is not None:
            return None
        signature = transit.sign(HUB_SIGNING_KEY, checkpoint_message(seq=head.seq, entry_hash=head.entry_hash))
        checkpoint = AuditCheckpoint(seq=head.seq, entry_hash=head.entry_hash, signature=signature)
        session.add(checkpoint)
        return checkpoint


def checkpoint_if_due(
    *, engine: Engine, transit: Transit, every: int = CHECKPOINT_EVERY, minutes: float = CHECKPOINT_MINUTES
) -> AuditCheckpoint | None:
    with Session(engine) as session:
        due = checkpoint_due(session, every=every, minutes=minutes)
    return write_checkpoint(engine=engine, transit=transit) if due else None
