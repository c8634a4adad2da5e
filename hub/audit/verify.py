"""`hub audit verify`: walk the chain and name the first entry that is not what was written.

- changed entry: its recomputed hash differs from the stored one;
- deleted entry: a gap in the sequence numbers, or the next entry's prev_hash no longer matches;
- inserted or reordered entries: prev_hash does not match the entry before, or the sequence breaks;
- removed tail: the chain ends before the head row says it should;
- a chain recomputed after editing: it no longer matches a signed checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from hub.audit.checkpoints import checkpoint_message
from hub.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from hub.audit.trail import GENESIS_HASH, hash_of
from keys.errors import KeyServiceError
from keys.names import HUB_SIGNING_KEY
from keys.transit import Transit

_PAGE = 5000


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int
    checkpoints: int
    first_bad_seq: int | None = None
    reason: str | None = None

    def describe(self) -> str:
        if self.ok:
            return f"audit trail intact: {self.entries} entries, {self.checkpoints} signed checkpoints verified"
        return f"audit trail broken at entry {self.first_bad_seq}: {self.reason}"


def verify_chain(*, engine: Engine, transit: Transit | None) -> VerifyReport:
    """Without `transit` the checkpoint signatures are not checked (their hashes still are)."""
    with Session(engine) as session:
        checkpoints = {c.seq: c for c in session.exec(select(AuditCheckpoint)).all()}
        head = session.get(AuditHead, 1)
        expected_seq, prev_hash, before_prev, count = 1, GENESIS_HASH, None, 0
        last_seq = 0
        while True:
            after = select(AuditEntry).where(col(AuditEntry.seq) > last_seq)
            page = session.exec(after.order_by(col(AuditEntry.seq)).limit(_PAGE)).all()
            if not page:
                break
            for entry in page:
                problem = _check(entry, expected_seq, prev_hash, checkpoints)
                if problem is not None and before_prev is not None and entry.prev_hash == before_prev:
                    # This entry follows the one two back: the one in between was slipped in.
                    problem = (entry.seq - 1, "inserted: the entry after it follows the entry before it")
                if problem is not None:
                    return VerifyReport(False, count, 0, *problem)
                before_prev, prev_hash = prev_hash, entry.entry_hash
                expected_seq, last_seq, count = entry.seq + 1, entry.seq, count + 1
            session.expunge_all()
    if head is not None and (head.seq != last_seq or head.entry_hash != prev_hash):
        return VerifyReport(False, count, 0, last_seq + 1, "missing from here on (the chain head differs)")
    beyond = [seq for seq in checkpoints if seq > last_seq]
    if beyond:
        return VerifyReport(False, count, 0, last_seq + 1, f"missing; a checkpoint signed entry {min(beyond)}")
    if transit is not None:
        for seq, checkpoint in sorted(checkpoints.items()):
            message = checkpoint_message(seq=seq, entry_hash=checkpoint.entry_hash)
            try:
                valid = transit.verify(HUB_SIGNING_KEY, message, checkpoint.signature)
            except KeyServiceError:
                return VerifyReport(False, count, 0, seq, "checkpoint signature could not be checked (key service)")
            if not valid:
                return VerifyReport(False, count, 0, seq, "checkpoint signature invalid")
    return VerifyReport(True, count, len(checkpoints))


def _check(
    entry: AuditEntry, expected_seq: int, prev_hash: str, checkpoints: dict[int, AuditCheckpoint]
) -> tuple[int, str] | None:
    if entry.seq != expected_seq:
        return expected_seq, f"entry missing (next stored entry is {entry.seq})"
    if entry.prev_hash != prev_hash:
        return entry.seq, "does not follow the entry before it (deleted, inserted or reordered)"
    if hash_of(entry) != entry.entry_hash:
        return entry.seq, "content changed after it was written"
    checkpoint = checkpoints.get(entry.seq)
    if checkpoint is not None and checkpoint.entry_hash != entry.entry_hash:
        return entry.seq, "differs from the signed checkpoint (chain rewritten)"
    return None
