"""The audit trail fails closed, is checkpointed with the hub's Ed25519 key, and verification names the
first bad entry even when the whole chain was recomputed after an edit."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from hub.audit.checkpoints import checkpoint_if_due, checkpoint_message, write_checkpoint
from hub.audit.verify import verify_chain
from hub.core.principals import Role
from hub.core.runtime import Runtime
from hub.keyjobs.status import key_status
from keys.names import HUB_SIGNING_KEY, department_kek
from tests.factories import id_number, penalty_record
from tests.hub_fixtures import SignedClient, register

from .conftest import Person, add_person, login, snapshot

pytestmark = pytest.mark.integration


def _break_audit_writes(engine: Engine) -> None:
    """A real failure of the audit store: the database refuses every new audit entry."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "CREATE TRIGGER audit_down BEFORE INSERT ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit down'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$ "
                "LANGUAGE plpgsql"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER audit_down BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_down()"
            )


def _entries(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM audit_entry")).scalar_one())


def test_when_the_audit_entry_cannot_be_written_the_request_fails_and_nothing_is_written(
    runtime: Runtime, api: TestClient
) -> None:
    keys = register(runtime)
    # Clients that see the 500 answer instead of the server's exception.
    dept = SignedClient(TestClient(api.app, raise_server_exceptions=False), keys)
    admin = login(api, add_person(runtime, Role.ADMIN), raise_errors=False)
    officer = login(api, add_person(runtime, Role.SECURITY_OFFICER), raise_errors=False)
    person = id_number()
    first = dept.post("/v1/records:batch", {"records": [penalty_record(1, person_id=person)]})
    record_id = first.json()["records"][0]["id"]
    kek = department_kek(keys.code)
    version_before = runtime.transit.key_info(kek).latest_version
    _break_audit_writes(runtime.engine)
    before, entries_before = snapshot(runtime.engine), _entries(runtime.engine)

    stored = dept.post("/v1/records:batch", {"records": [penalty_record(2, person_id=person)]})
    read = dept.get(f"/v1/records/{record_id}")
    looked_up = dept.post("/v1/subjects:lookup", {"id_number": person, "purpose": "职称评定"})
    added = admin.post("/v1/users", json={"username": "new.person", "role": "auditor", "password": "a long password 1"})
    rotated = officer.post(f"/v1/keys/{kek}/rotate")

    for response in (stored, read, looked_up, added, rotated):
        assert response.status_code == 500, response.text
        assert person not in response.text
        assert "fields" not in response.json()
    assert snapshot(runtime.engine) == before
    assert _entries(runtime.engine) == entries_before
    # Fail closed before the key service is asked: the key was not rotated.
    assert runtime.transit.key_info(kek).latest_version == version_before


def test_checkpoints_are_signed_by_the_hub_key_and_verified(runtime: Runtime, api: TestClient) -> None:
    dept = SignedClient(api, register(runtime))
    for i in range(3):
        dept.post("/v1/records:batch", {"records": [penalty_record(i)]})
    checkpoint = write_checkpoint(engine=runtime.engine, transit=runtime.transit)
    assert checkpoint is not None
    assert runtime.transit.verify(
        HUB_SIGNING_KEY, checkpoint_message(seq=checkpoint.seq, entry_hash=checkpoint.entry_hash), checkpoint.signature
    )
    assert write_checkpoint(engine=runtime.engine, transit=runtime.transit) is None  # head signed already
    assert checkpoint_if_due(engine=runtime.engine, transit=runtime.transit, every=1000, minutes=10) is None
    dept.post("/v1/records:batch", {"records": [penalty_record(9)]})
    assert checkpoint_if_due(engine=runtime.engine, transit=runtime.transit, every=1, minutes=10) is not None

    report = verify_chain(engine=runtime.engine, transit=runtime.transit)
    assert report.ok and report.checkpoints == 2, report


def test_a_recomputed_chain_is_caught_by_the_signed_checkpoint(runtime: Runtime, api: TestClient) -> None:
    """An attacker with database access edits an entry and recomputes every hash after it."""
    from sqlmodel import Session, col, select

    from hub.audit.models import AuditEntry, AuditHead
    from hub.audit.trail import hash_of

    dept = SignedClient(api, register(runtime))
    for i in range(4):
        dept.post("/v1/records:batch", {"records": [penalty_record(i)]})
    checkpoint = write_checkpoint(engine=runtime.engine, transit=runtime.transit)
    assert checkpoint is not None
    with Session(runtime.engine) as session, session.begin():
        entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
        victim = entries[1]
        victim.object = "batch:0 stored,0 duplicate"
        prev = victim.prev_hash
        for entry in entries[1:]:
            entry.prev_hash = prev
            entry.entry_hash = hash_of(entry)
            prev = entry.entry_hash
            session.add(entry)
        head = session.get(AuditHead, 1)
        assert head is not None
        head.entry_hash = prev
        session.add(head)

    report = verify_chain(engine=runtime.engine, transit=runtime.transit)
    assert not report.ok
    assert report.first_bad_seq == checkpoint.seq
    assert "signed checkpoint" in (report.reason or "")


def test_a_forged_checkpoint_signature_is_rejected(runtime: Runtime, api: TestClient) -> None:
    dept = SignedClient(api, register(runtime))
    dept.post("/v1/records:batch", {"records": [penalty_record(1)]})
    checkpoint = write_checkpoint(engine=runtime.engine, transit=runtime.transit)
    assert checkpoint is not None
    other = runtime.transit.sign(HUB_SIGNING_KEY, b"something else")
    with runtime.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_checkpoint SET signature = :s WHERE seq = :q"), {"s": other, "q": checkpoint.seq}
        )
    report = verify_chain(engine=runtime.engine, transit=runtime.transit)
    assert (report.ok, report.first_bad_seq, report.reason) == (False, checkpoint.seq, "checkpoint signature invalid")


def test_verify_route_reports_a_changed_entry(runtime: Runtime, api: TestClient, people: dict[Role, Person]) -> None:
    dept = SignedClient(api, register(runtime))
    dept.post("/v1/records:batch", {"records": [penalty_record(1)]})
    with runtime.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET outcome = 'ok', actor = 'someone-else' WHERE seq = 2"))
    body = people[Role.AUDITOR].client.get("/v1/audit/verify").json()
    assert (body["ok"], body["first_bad_seq"]) == (False, 2)
    assert key_status is not None
