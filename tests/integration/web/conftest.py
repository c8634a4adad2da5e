"""Fixtures for the web page tests: people who log in through the login FORM, with its CSRF token."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient

from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.users import passwords
from hub.users import services as users
from hub.users.deps import SESSION_COOKIE

PASSWORD = "correct horse battery staple"
BOOTSTRAP = Principal(name="bootstrap", role=Role.ADMIN)
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at libsodium's minimum cost: these tests check pages, not the hash cost."""
    monkeypatch.setattr(
        passwords,
        "cost",
        passwords.HashCost(passwords.nacl.pwhash.argon2id.OPSLIMIT_MIN, passwords.nacl.pwhash.argon2id.MEMLIMIT_MIN),
    )
    monkeypatch.setattr(passwords, "_DUMMY_HASH", None)


def add_person(runtime: Runtime, role: Role, username: str | None = None) -> str:
    username = username or f"{role.value.split('_')[0]}.{uuid.uuid4().hex[:6]}"
    users.add_user(engine=runtime.engine, actor=BOOTSTRAP, username=username, role=role, password=PASSWORD)
    return username


def csrf_token(page: httpx.Response) -> str:
    found = _TOKEN.search(page.text)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def web_login(api: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    """A browser of its own (cookie jar) that signed in through the login form."""
    browser = TestClient(api.app, follow_redirects=False)
    form = browser.get("/ui/login")
    answer = browser.post(
        "/ui/login", data={"username": username, "password": password, "csrf_token": csrf_token(form)}
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/ui/"
    assert SESSION_COOKIE in browser.cookies
    return browser
