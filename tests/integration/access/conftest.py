"""Fixtures for the access tests: people with sessions, departments, and a snapshot of the database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.users import passwords
from hub.users import services as users
from hub.users.deps import SESSION_COOKIE

PASSWORD = "correct horse battery staple"
BOOTSTRAP = Principal(name="bootstrap", role=Role.ADMIN)
PEOPLE = (Role.ADMIN, Role.SECURITY_OFFICER, Role.AUDITOR, Role.PUBLICITY_OFFICER)
# Tables whose rows a refused request must leave exactly as they were. The audit trail is not among
# them: a refusal is itself an audit entry.
BUSINESS_TABLES = ("record", "data_key", "department", '"grant"', "hub_user", "token_key_state")


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at libsodium's minimum cost: the tests check behaviour, not the cost (see
    tests/unit/access/test_passwords.py for the production parameters)."""
    monkeypatch.setattr(
        passwords,
        "cost",
        passwords.HashCost(passwords.nacl.pwhash.argon2id.OPSLIMIT_MIN, passwords.nacl.pwhash.argon2id.MEMLIMIT_MIN),
    )
    monkeypatch.setattr(passwords, "_DUMMY_HASH", None)


@dataclass
class Person:
    username: str
    role: Role
    client: TestClient


def add_person(runtime: Runtime, role: Role, username: str | None = None) -> str:
    username = username or f"{role.value.split('_')[0]}.{uuid.uuid4().hex[:6]}"
    users.add_user(engine=runtime.engine, actor=BOOTSTRAP, username=username, role=role, password=PASSWORD)
    return username


def login(api: TestClient, username: str, password: str = PASSWORD, *, raise_errors: bool = True) -> TestClient:
    """A separate client (own cookie jar) logged in as `username`."""
    client = TestClient(api.app, raise_server_exceptions=raise_errors)
    response = client.post("/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    assert SESSION_COOKIE in client.cookies
    return client


@pytest.fixture
def people(runtime: Runtime, api: TestClient) -> Iterator[dict[Role, Person]]:
    """One logged-in person per human role."""
    crowd = {}
    for role in PEOPLE:
        name = add_person(runtime, role)
        crowd[role] = Person(name, role, login(api, name))
    yield crowd
    for person in crowd.values():
        person.client.close()


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {
            table: sorted(tuple(map(repr, row)) for row in conn.execute(text(f"SELECT * FROM {table}")))
            for table in BUSINESS_TABLES
        }
