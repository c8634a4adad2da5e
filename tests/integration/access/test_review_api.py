"""Access review over the API (JSON and CSV), sessions that time out, and the checkpoint thread."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from hub.api.app import create_app
from hub.audit import checkpoints
from hub.audit import tasks as background
from hub.core.principals import Role
from hub.core.runtime import Runtime
from hub.users import services as users
from hub.users import sessions
from tests.factories import id_number, penalty_record
from tests.hub_fixtures import SignedClient, register

from .conftest import BOOTSTRAP, PASSWORD, Person, add_person, login

pytestmark = pytest.mark.integration


def test_review_shows_lookups_purposes_denials_and_anomalies(
    runtime: Runtime, api: TestClient, people: dict[Role, Person]
) -> None:
    keys = register(runtime, purposes=["职称评定"])
    dept = SignedClient(api, keys)
    person = id_number()
    dept.post("/v1/records:batch", {"records": [penalty_record(1, person_id=person)]})
    for _ in range(2):
        assert dept.post("/v1/subjects:lookup", {"id_number": person, "purpose": "职称评定"}).status_code == 200
    for _ in range(3):  # a purpose the department was never granted: each is flagged, and the burst too
        assert dept.post("/v1/subjects:lookup", {"id_number": person, "purpose": "干部选拔任职"}).status_code == 403

    officer = people[Role.SECURITY_OFFICER].client
    body = officer.get("/v1/audit/review").json()
    summary = next(a for a in body["actors"] if a["actor"] == keys.code)
    assert (summary["accesses"], summary["distinct_subjects"], summary["denied"]) == (2, 1, 3)
    assert summary["purposes"] == {"职称评定": 2}
    flagged = {(a["actor"], a["kind"]) for a in body["anomalies"]}
    assert {(keys.code, "purpose_mismatch"), (keys.code, "repeated_denials")} <= flagged
    assert person not in str(body)

    exported = officer.get("/v1/audit/review.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = [r for r in csv.DictReader(io.StringIO(exported.text)) if r["actor"] == keys.code]
    assert len(rows) == 1 and rows[0]["accesses"] == "2" and rows[0]["denied"] == "3"
    assert "purpose_mismatch" in rows[0]["anomalies"] and "repeated_denials" in rows[0]["anomalies"]

    with runtime.engine.connect() as conn:
        reads = conn.execute(
            text("SELECT action FROM audit_entry WHERE action LIKE 'audit.%' ORDER BY seq")
        ).scalars().all()
    assert reads == ["audit.review", "audit.export"]  # reading the trail is on the trail


def test_review_period_is_checked(people: dict[Role, Person]) -> None:
    response = people[Role.AUDITOR].client.get(
        "/v1/audit/review", params={"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"}
    )
    assert response.status_code == 422


def test_an_idle_session_expires(runtime: Runtime, api: TestClient) -> None:
    client = login(api, add_person(runtime, Role.AUDITOR))
    assert client.get("/v1/auth/me").status_code == 200
    stale = dt.datetime.now(dt.UTC) - sessions.IDLE - dt.timedelta(seconds=1)
    with runtime.engine.begin() as conn:
        conn.execute(text("UPDATE web_session SET last_seen_at = :t"), {"t": stale})
    assert client.get("/v1/auth/me").status_code == 401


def test_a_new_password_ends_old_sessions(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.AUDITOR)
    client = login(api, name)
    users.set_password(engine=runtime.engine, actor=BOOTSTRAP, username=name, password="another long password")
    assert client.get("/v1/auth/me").status_code == 401
    assert api.post("/v1/auth/login", json={"username": name, "password": PASSWORD}).status_code == 401
    login(api, name, "another long password")


def test_the_running_app_writes_checkpoints(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(checkpoints, "CHECKPOINT_EVERY", 1)
    with TestClient(create_app(runtime)) as api:
        SignedClient(api, register(runtime)).post("/v1/records:batch", {"records": [penalty_record(1)]})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with runtime.engine.connect() as conn:
                if conn.execute(text("SELECT count(*) FROM audit_checkpoint")).scalar_one():
                    break
            time.sleep(0.05)
        else:
            pytest.fail("no checkpoint written by the running app")
