"""BOLA and separation of duties: for every route that takes an object id or a subject, every role
and department that may not use it is refused (401/403/404) and the database is unchanged."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from hub.audit.routes import router as audit_router
from hub.core.principals import Role
from hub.core.runtime import Runtime
from hub.departments.models import Grant
from hub.departments.routes import router as departments_router
from hub.keyjobs.routes import router as keys_router
from hub.users.routes import router as users_router
from keys.names import department_kek
from tests.factories import id_number, penalty_record
from tests.hub_fixtures import SignedClient, register

from .conftest import Person, snapshot

pytestmark = pytest.mark.integration

ANYONE = frozenset(Role)


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: object | None
    allowed: frozenset[Role]


@pytest.fixture
def world(runtime: Runtime, api: TestClient, people: dict[Role, Person]) -> dict[str, object]:
    """Two departments with records of one person, and a third whose grant lacks the purpose."""
    owner_keys = register(runtime)
    owner = SignedClient(api, owner_keys)
    person = id_number()
    stored = owner.post("/v1/records:batch", {"records": [penalty_record(1, person_id=person)]})
    assert stored.status_code == 200, stored.text
    other = SignedClient(api, register(runtime))
    no_purpose = SignedClient(api, register(runtime, purposes=["表彰评优"]))
    other_types = SignedClient(api, register(runtime, record_types=["tax_credit_rating"]))
    with Session(runtime.engine) as session:
        grant_id = session.exec(select(Grant.id).where(Grant.department_code == owner_keys.code)).one()
    return {
        "owner": owner,
        "other": other,
        "no_purpose": no_purpose,
        "other_types": other_types,
        "person": person,
        "record_id": stored.json()["records"][0]["id"],
        "code": owner_keys.code,
        "grant_id": grant_id,
        "kek": department_kek(owner_keys.code),
        "victim": people[Role.AUDITOR].username,
    }


def _people_calls(w: dict[str, object]) -> list[Call]:
    admin, officer = frozenset({Role.ADMIN}), frozenset({Role.SECURITY_OFFICER})
    readers = frozenset({Role.SECURITY_OFFICER, Role.AUDITOR})
    return [
        Call("POST", f"/v1/users/{w['victim']}/lock", None, admin),
        Call("POST", f"/v1/users/{w['victim']}/unlock", None, admin),
        Call("GET", f"/v1/departments/{w['code']}/grants", None, admin),
        Call(
            "POST",
            f"/v1/departments/{w['code']}/grants",
            {"record_types": ["admin_penalty"], "purposes": ["职称评定"]},
            admin,
        ),
        Call("POST", f"/v1/grants/{w['grant_id']}/revoke", None, admin),
        Call("POST", f"/v1/departments/{w['code']}/deactivate", None, admin),
        Call("POST", f"/v1/departments/{w['code']}/activate", None, admin),
        Call("GET", f"/v1/keys/{w['kek']}", None, officer),
        Call("POST", f"/v1/keys/{w['kek']}/rotate", None, officer),
        Call("POST", f"/v1/keys/{w['kek']}/rewrap", None, officer),
        Call("POST", f"/v1/keys/{w['kek']}/retire", {}, officer),
        Call("PUT", f"/v1/keys/{w['kek']}/auto-rotate", {"period_seconds": 7200}, officer),
        Call("POST", "/v1/audit/subject-history", {"id_number": w["person"]}, readers),
    ]


def test_the_matrix_covers_every_object_and_subject_route() -> None:
    """A new route with an id or a subject must be added to the matrix below."""
    placeholders = {"victim": "{username}", "code": "{code}", "grant_id": "{grant_id}", "kek": "{name}", "person": ""}
    covered = {(c.method, c.path) for c in _people_calls(placeholders)}
    needing = {
        (method, route.path)
        for router in (users_router, departments_router, keys_router, audit_router)
        for route in router.routes
        if isinstance(route, APIRoute) and ("{" in route.path or "subject" in route.path)
        for method in route.methods
    }
    assert needing <= covered, needing - covered


def test_people_routes_refuse_every_other_role_and_every_department(
    runtime: Runtime, api: TestClient, people: dict[Role, Person], world: dict[str, object]
) -> None:
    departments = [world["owner"], world["other"]]
    for call in _people_calls(world):
        for role, person in people.items():
            if role in call.allowed:
                continue
            before = snapshot(runtime.engine)
            response = person.client.request(call.method, call.path, json=call.body)
            assert response.status_code == 403, (role, call, response.text)
            assert snapshot(runtime.engine) == before, (role, call)
        for dept in departments:
            before = snapshot(runtime.engine)
            response = dept.request(call.method, call.path, call.body)  # type: ignore[attr-defined]
            assert response.status_code == 401, (call, response.text)
            assert snapshot(runtime.engine) == before, call
        before = snapshot(runtime.engine)
        anonymous = TestClient(api.app).request(call.method, call.path, json=call.body)
        assert anonymous.status_code == 401
        assert snapshot(runtime.engine) == before


def test_record_routes_refuse_people_and_other_departments(
    runtime: Runtime, api: TestClient, people: dict[Role, Person], world: dict[str, object]
) -> None:
    record_path = f"/v1/records/{world['record_id']}"
    lookup = {"id_number": world["person"], "purpose": "职称评定"}
    owner, other, no_purpose = world["owner"], world["other"], world["no_purpose"]
    assert owner.get(record_path).status_code == 200  # type: ignore[attr-defined]
    before = snapshot(runtime.engine)

    # Nobody logged in by password reaches record data: not the security officer, not the admin.
    for person in people.values():
        assert person.client.get(record_path).status_code == 401
        assert person.client.post("/v1/subjects:lookup", json=lookup).status_code == 401
    # Another department cannot read the owner's record by id, whatever its grant.
    for dept in (other, no_purpose):
        response = dept.get(record_path)  # type: ignore[attr-defined]
        assert response.status_code == 404
        assert str(world["person"]) not in response.text
    # A department without the purpose cannot look the person up.
    assert no_purpose.post("/v1/subjects:lookup", lookup).status_code == 403  # type: ignore[attr-defined]
    # One whose grant covers other record types learns nothing of this record.
    found = world["other_types"].post("/v1/subjects:lookup", lookup)  # type: ignore[attr-defined]
    assert found.status_code == 200 and found.json()["records"] == []
    assert snapshot(runtime.engine) == before


def test_revoking_a_grant_or_switching_a_department_off_applies_to_the_next_request(
    runtime: Runtime, api: TestClient, people: dict[Role, Person], world: dict[str, object]
) -> None:
    owner = world["owner"]
    lookup = {"id_number": world["person"], "purpose": "职称评定"}
    admin = people[Role.ADMIN].client
    assert owner.post("/v1/subjects:lookup", lookup).status_code == 200  # type: ignore[attr-defined]

    assert admin.post(f"/v1/grants/{world['grant_id']}/revoke").status_code == 200
    assert owner.post("/v1/subjects:lookup", lookup).status_code == 403  # type: ignore[attr-defined]

    assert (
        admin.post(
            f"/v1/departments/{world['code']}/grants",
            json={"record_types": ["admin_penalty"], "purposes": ["职称评定"]},
        ).status_code
        == 201
    )
    assert owner.post("/v1/subjects:lookup", lookup).status_code == 200  # type: ignore[attr-defined]

    assert admin.post(f"/v1/departments/{world['code']}/deactivate").status_code == 204
    assert owner.get(f"/v1/records/{world['record_id']}").status_code == 401  # type: ignore[attr-defined]
    assert admin.post(f"/v1/departments/{world['code']}/activate").status_code == 204
    assert owner.get(f"/v1/records/{world['record_id']}").status_code == 200  # type: ignore[attr-defined]


def test_each_role_can_do_its_own_work(api: TestClient, people: dict[Role, Person], world: dict[str, object]) -> None:
    admin = people[Role.ADMIN].client
    officer = people[Role.SECURITY_OFFICER].client
    auditor = people[Role.AUDITOR].client
    assert admin.get("/v1/users").status_code == 200
    assert admin.get(f"/v1/departments/{world['code']}/grants").status_code == 200
    assert officer.get("/v1/keys").status_code == 200
    assert officer.post(f"/v1/keys/{world['kek']}/rotate").json()["latest_version"] == 2
    rewrap = officer.post(f"/v1/keys/{world['kek']}/rewrap")
    assert rewrap.status_code == 202 and rewrap.json()["pending"] == 1
    assert officer.get(f"/v1/keys/{world['kek']}").json()["deks_needing_rewrap"] == 0
    assert officer.post(f"/v1/keys/{world['kek']}/retire", json={}).json()["min_decryption_version"] == 2
    for reader in (officer, auditor):
        assert reader.get("/v1/audit/verify").json()["ok"] is True
        assert reader.get("/v1/audit/review").status_code == 200
    owner = world["owner"]
    lookup = {"id_number": world["person"], "purpose": "职称评定"}
    assert owner.post("/v1/subjects:lookup", lookup).status_code == 200  # type: ignore[attr-defined]
    history = auditor.post("/v1/audit/subject-history", json={"id_number": world["person"]})
    assert history.status_code == 200
    assert [(e["actor"], e["action"], e["purpose"]) for e in history.json()] == [
        (world["code"], "subjects.lookup", "职称评定")
    ]
    assert str(world["person"]) not in history.text


def test_refusals_are_audited(runtime: Runtime, people: dict[Role, Person]) -> None:
    people[Role.PUBLICITY_OFFICER].client.get("/v1/keys")
    from sqlalchemy import text

    with runtime.engine.connect() as conn:
        row = conn.execute(
            text("SELECT actor, object, outcome FROM audit_entry WHERE action = 'access.denied' ORDER BY seq DESC")
        ).first()
    assert row is not None
    assert tuple(row) == (people[Role.PUBLICITY_OFFICER].username, "GET /v1/keys", "denied")
