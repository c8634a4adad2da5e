"""Passwords, sessions and lockout through the API, with the real database."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from hub.audit.models import AuditEntry
from hub.core.principals import Role
from hub.core.runtime import Runtime
from hub.users import services as users
from hub.users.deps import SESSION_COOKIE
from hub.users.models import User, WebSession

from .conftest import BOOTSTRAP, PASSWORD, add_person, login

pytestmark = pytest.mark.integration


def test_login_sets_a_strict_http_only_cookie_and_stores_only_its_hash(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.AUDITOR)
    response = api.post("/v1/auth/login", json={"username": name, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json() == {"username": name, "role": "auditor"}
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header.replace("Strict", "strict")
    value = api.cookies[SESSION_COOKIE]
    with Session(runtime.engine) as session:
        stored = [s.id_hash for s in session.exec(select(WebSession)).scalars()]  # type: ignore[call-overload]
    assert stored == [hashlib.sha256(value.encode()).hexdigest()]
    assert value not in str(stored)
    assert api.get("/v1/auth/me").json()["username"] == name

    assert api.post("/v1/auth/logout").status_code == 204
    api.cookies.set(SESSION_COOKIE, value)
    assert api.get("/v1/auth/me").status_code == 401


def test_password_hash_is_argon2id_and_never_the_password(runtime: Runtime) -> None:
    name = add_person(runtime, Role.ADMIN)
    with Session(runtime.engine) as session:
        user = session.exec(select(User).where(User.username == name)).scalar_one()  # type: ignore[call-overload]
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_unknown_user_and_wrong_password_get_the_same_answer(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.AUDITOR)
    unknown = api.post("/v1/auth/login", json={"username": "nobody-here", "password": PASSWORD})
    wrong = api.post("/v1/auth/login", json={"username": name, "password": "wrong password 123"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json() == {
        "code": "auth.login_failed", "detail": "invalid user name or password", "message": "用户名或密码错误。"
    }
    assert "wrong password 123" not in wrong.text


def test_repeated_failures_lock_the_account_even_for_the_right_password(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.SECURITY_OFFICER)
    for _ in range(users.MAX_FAILED_LOGINS):
        assert api.post("/v1/auth/login", json={"username": name, "password": "not it at all!"}).status_code == 401
    locked = api.post("/v1/auth/login", json={"username": name, "password": PASSWORD})
    assert locked.status_code == 423

    users.unlock_user(engine=runtime.engine, actor=BOOTSTRAP, username=name)
    assert api.post("/v1/auth/login", json={"username": name, "password": PASSWORD}).status_code == 200
    with Session(runtime.engine) as session:
        denied = session.exec(
            select(func.count())
            .select_from(AuditEntry)
            .where(  # type: ignore[call-overload]
                AuditEntry.actor == name, AuditEntry.action == "auth.login", AuditEntry.outcome == "denied"
            )
        ).scalar_one()
    assert denied == users.MAX_FAILED_LOGINS + 1


def test_a_success_resets_the_failure_count(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.AUDITOR)
    for _ in range(users.MAX_FAILED_LOGINS - 1):
        api.post("/v1/auth/login", json={"username": name, "password": "not it at all!"})
    login(api, name)
    for _ in range(users.MAX_FAILED_LOGINS - 1):
        api.post("/v1/auth/login", json={"username": name, "password": "not it at all!"})
    login(api, name)


def test_locking_a_user_ends_their_session_at_once(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.AUDITOR)
    client = login(api, name)
    assert client.get("/v1/auth/me").status_code == 200
    users.lock_user(engine=runtime.engine, actor=BOOTSTRAP, username=name)
    assert client.get("/v1/auth/me").status_code == 401
    assert api.post("/v1/auth/login", json={"username": name, "password": PASSWORD}).status_code == 423


def test_no_session_no_access(api: TestClient) -> None:
    assert api.get("/v1/auth/me").status_code == 401
    api.cookies.set(SESSION_COOKIE, "made-up-session-value")
    assert api.get("/v1/users").status_code == 401
