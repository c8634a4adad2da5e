"""`verify_chain` names the first bad entry for each kind of tampering (SQLite file, no key service)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.audit.verify import verify_chain
from hub.core.db import make_engine, migrate, transaction

ENTRIES = 8


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'audit.db'}")
    migrate(engine)
    for i in range(ENTRIES):
        with transaction(engine) as session:
            trail.append(
                session,
                AuditEvent(
                    actor=f"dept{i % 3}",
                    role="department",
                    action="subjects.lookup",
                    subject_token=f"vault:v1:token{i}",
                    purpose="职称评定",
                ),
            )
    yield engine
    engine.dispose()


def _run(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _bad(engine: Engine) -> tuple[int | None, str]:
    report = verify_chain(engine=engine, transit=None)
    assert not report.ok
    return report.first_bad_seq, report.reason or ""


def test_an_untouched_chain_verifies(engine: Engine) -> None:
    report = verify_chain(engine=engine, transit=None)
    assert (report.ok, report.entries) == (True, ENTRIES)
    assert "intact" in report.describe()


def test_a_changed_entry_is_named(engine: Engine) -> None:
    _run(engine, "UPDATE audit_entry SET purpose = '表彰评优' WHERE seq = 5")
    assert _bad(engine) == (5, "content changed after it was written")


def test_a_deleted_entry_is_named(engine: Engine) -> None:
    _run(engine, "DELETE FROM audit_entry WHERE seq = 4")
    seq, reason = _bad(engine)
    assert seq == 4 and "missing" in reason


def test_a_deleted_entry_with_renumbering_is_named(engine: Engine) -> None:
    _run(engine, "DELETE FROM audit_entry WHERE seq = 4", "UPDATE audit_entry SET seq = seq - 1 WHERE seq > 4")
    seq, reason = _bad(engine)
    assert seq == 4 and "does not follow" in reason


def test_an_inserted_entry_is_named(engine: Engine) -> None:
    """A forged entry with a correct hash of its own, slipped in after entry 3 (later ones renumbered)."""
    from sqlmodel import Session, select

    from hub.audit.models import AuditEntry
    from hub.audit.trail import entry_hash
    from hub.core.clock import utcnow

    with Session(engine) as session:
        third = session.exec(select(AuditEntry).where(AuditEntry.seq == 3)).one()
        prev = third.entry_hash
    event = AuditEvent(actor="dept9", role="department", action="subjects.lookup", purpose="职称评定")
    at = utcnow()
    forged = entry_hash(seq=4, at=at, event=event, prev_hash=prev)
    _run(
        engine,
        "UPDATE audit_entry SET seq = seq + 100 WHERE seq > 3",
        "UPDATE audit_entry SET seq = seq - 99 WHERE seq > 100",
    )
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_entry (seq, at, actor, role, action, purpose, outcome, prev_hash, entry_hash) "
                "VALUES (4, :at, 'dept9', 'department', 'subjects.lookup', '职称评定', 'ok', :prev, :hash)"
            ),
            {"at": at.replace(tzinfo=None), "prev": prev, "hash": forged},
        )
    seq, reason = _bad(engine)
    assert seq == 4 and "inserted" in reason


def test_reordered_entries_are_named(engine: Engine) -> None:
    _run(
        engine,
        "UPDATE audit_entry SET seq = 100 WHERE seq = 6",
        "UPDATE audit_entry SET seq = 6 WHERE seq = 7",
        "UPDATE audit_entry SET seq = 7 WHERE seq = 100",
    )
    seq, reason = _bad(engine)
    assert seq == 6 and "does not follow" in reason


def test_a_removed_tail_is_named(engine: Engine) -> None:
    _run(engine, f"DELETE FROM audit_entry WHERE seq >= {ENTRIES - 1}")
    seq, reason = _bad(engine)
    assert seq == ENTRIES - 1 and "missing" in reason
