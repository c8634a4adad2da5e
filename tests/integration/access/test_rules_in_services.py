"""The rules live in the services, so every interface (API, CLI, web, a script) gets them: roles,
audited reads of the trail, a department's first grant, one session per login."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session

from hub.audit import services as audit_services
from hub.audit.models import AuditEntry
from hub.audit.subject import subject_history
from hub.core.errors import PermissionDenied
from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.departments import grants
from hub.departments.errors import InvalidGrant
from hub.departments.models import Department
from hub.departments.services import add_department, list_departments, set_department_active
from hub.keyjobs import retokenise, rewrap, rotation, status
from hub.users import services as users
from hub.users.deps import SESSION_COOKIE
from keys.names import department_kek
from tests.factories import id_number
from tests.hub_fixtures import register

from .conftest import PASSWORD, add_person, snapshot

pytestmark = pytest.mark.integration

ADMIN = Principal(name="an.admin", role=Role.ADMIN)
SECURITY = Principal(name="a.security.officer", role=Role.SECURITY_OFFICER)
AUDITOR = Principal(name="an.auditor", role=Role.AUDITOR)
PUBLICITY = Principal(name="a.publicity.officer", role=Role.PUBLICITY_OFFICER)


def _audit_actions(runtime: Runtime, actor: str) -> list[str]:
    with Session(runtime.engine) as session:
        return list(session.execute(select(AuditEntry.action).where(AuditEntry.actor == actor)).scalars())


def test_key_services_refuse_everyone_but_security_officers(runtime: Runtime) -> None:
    kek = department_kek(register(runtime).code)
    before = snapshot(runtime.engine)
    version = runtime.transit.key_info(kek).latest_version
    for actor in (ADMIN, AUDITOR, PUBLICITY):
        calls = [
            lambda a=actor: rotation.rotate_key(engine=runtime.engine, transit=runtime.transit, actor=a, key_name=kek),
            lambda a=actor: rotation.retire_versions(
                engine=runtime.engine, transit=runtime.transit, actor=a, key_name=kek
            ),
            lambda a=actor: rotation.set_auto_rotate(
                engine=runtime.engine, transit=runtime.transit, actor=a, key_name=kek, period_seconds=7200
            ),
            lambda a=actor: rewrap.rewrap_deks(engine=runtime.engine, transit=runtime.transit, actor=a, key_name=kek),
            lambda a=actor: status.key_statuses(engine=runtime.engine, transit=runtime.transit, actor=a),
            lambda a=actor: retokenise.start_retokenise(
                engine=runtime.engine, transit=runtime.transit, actor=a, default_version=1
            ),
            lambda a=actor: retokenise.finish_retokenise(engine=runtime.engine, actor=a, default_version=1),
        ]
        for call in calls:
            with pytest.raises(PermissionDenied):
                call()
    assert runtime.transit.key_info(kek).latest_version == version
    assert snapshot(runtime.engine) == before
    assert rotation.rotate_key(engine=runtime.engine, transit=runtime.transit, actor=SECURITY, key_name=kek) == 2


def test_grant_and_department_services_refuse_everyone_but_admins(runtime: Runtime) -> None:
    code = register(runtime).code
    before = snapshot(runtime.engine)
    for actor in (SECURITY, AUDITOR, PUBLICITY):
        with pytest.raises(PermissionDenied):
            grants.add_grant(engine=runtime.engine, actor=actor, department=code, record_types=["admin_penalty"],
                             purposes=["职称评定"])
        with pytest.raises(PermissionDenied):
            grants.list_grants(engine=runtime.engine, actor=actor, department=code)
        with pytest.raises(PermissionDenied):
            grants.revoke_grant(engine=runtime.engine, actor=actor, grant_id=1)
        with pytest.raises(PermissionDenied):
            set_department_active(engine=runtime.engine, actor=actor, department=code, active=False)
        with pytest.raises(PermissionDenied):
            list_departments(engine=runtime.engine, actor=actor)
        with pytest.raises(PermissionDenied):
            users.list_users(engine=runtime.engine, actor=actor)
        with pytest.raises(PermissionDenied):
            users.lock_user(engine=runtime.engine, actor=actor, username="nobody")
    assert snapshot(runtime.engine) == before


def test_reading_the_trail_is_audited_by_the_service_and_refused_to_other_roles(runtime: Runtime) -> None:
    period = audit_services.review_period()
    for actor in (ADMIN, PUBLICITY):
        with pytest.raises(PermissionDenied):
            audit_services.verify_trail(engine=runtime.engine, transit=runtime.transit, reader=actor)
        with pytest.raises(PermissionDenied):
            audit_services.review_access(engine=runtime.engine, reader=actor, period=period)
        with pytest.raises(PermissionDenied):
            audit_services.export_review(engine=runtime.engine, reader=actor, period=period)
        with pytest.raises(PermissionDenied):
            subject_history(engine=runtime.engine, transit=runtime.transit, actor=actor, id_number=id_number())
        assert _audit_actions(runtime, actor.name) == []

    assert audit_services.verify_trail(engine=runtime.engine, transit=runtime.transit, reader=AUDITOR).ok
    audit_services.review_access(engine=runtime.engine, reader=AUDITOR, period=period)
    audit_services.export_review(engine=runtime.engine, reader=SECURITY, period=period)
    assert _audit_actions(runtime, AUDITOR.name) == ["audit.verify", "audit.review"]
    assert _audit_actions(runtime, SECURITY.name) == ["audit.export"]


def test_a_departments_first_grant_passes_the_grant_checks(runtime: Runtime) -> None:
    from crypto.signing import generate_signing_key

    _, public_key = generate_signing_key()
    before = snapshot(runtime.engine)
    for bad in ({"purposes": ["职称评定 2024"]}, {"record_types": []}, {"fields": ["not a field"]}):
        terms = {"record_types": ["admin_penalty"], "purposes": ["职称评定"], "fields": []} | bad
        with pytest.raises(InvalidGrant):
            add_department(runtime=runtime, actor=ADMIN, code="newdept", name="新部门", signing_public_key=public_key,
                           **terms)  # type: ignore[arg-type]
    assert snapshot(runtime.engine) == before
    with pytest.raises(PermissionDenied):
        add_department(runtime=runtime, actor=SECURITY, code="newdept", name="新部门", signing_public_key=public_key,
                       record_types=["admin_penalty"], purposes=["职称评定"])

    add_department(runtime=runtime, actor=ADMIN, code="newdept", name="新部门", signing_public_key=public_key,
                   record_types=["admin_penalty"], purposes=["职称评定"])
    with Session(runtime.engine) as session:
        assert session.get(Department, "newdept") is not None
    assert _audit_actions(runtime, ADMIN.name) == ["departments.add", "grants.add"]
    (grant,) = grants.list_grants(engine=runtime.engine, actor=ADMIN, department="newdept")
    assert (grant.record_types, grant.purposes) == (["admin_penalty"], ["职称评定"])


def test_an_api_login_ends_the_browsers_previous_session(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.AUDITOR)
    assert api.post("/v1/auth/login", json={"username": name, "password": PASSWORD}).status_code == 200
    first = api.cookies[SESSION_COOKIE]
    assert api.post("/v1/auth/login", json={"username": name, "password": PASSWORD}).status_code == 200
    second = api.cookies[SESSION_COOKIE]
    assert second != first
    assert api.get("/v1/auth/me").status_code == 200
    api.cookies.set(SESSION_COOKIE, first)
    assert api.get("/v1/auth/me").status_code == 401
