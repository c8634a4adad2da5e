"""The login lockout holds under concurrency: at most MAX_FAILED_LOGINS password checks per lockout
window, however many guesses arrive at once. Real threads against a real server, on both databases.

Each attempt reserves its check in the database (one conditional UPDATE) before the password hash is
computed; a check-then-count design let 40 parallel guesses through 10 checks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import nacl.pwhash
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from hub.audit.models import AuditEntry
from hub.core.principals import Role
from hub.core.runtime import Runtime
from hub.users import services as users
from tests.hub_fixtures import HubServer

from .conftest import PASSWORD, add_person

pytestmark = pytest.mark.integration
PARALLEL = 40
WRONG = "not the password, a guess"
# The production hash takes about 0.3 s; the tests hash at libsodium's minimum cost, so each check is
# stretched to keep the race window of the real thing open.
CHECK_SECONDS = 0.3


@pytest.fixture
def server(runtime: Runtime) -> Iterator[HubServer]:
    hub = HubServer(runtime)
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Counts every argon2id verification the hub makes (and makes each take CHECK_SECONDS)."""
    count = 0
    lock = threading.Lock()
    real_verify = nacl.pwhash.verify

    def counting_verify(password_hash: bytes, password: bytes) -> bool:
        nonlocal count
        with lock:
            count += 1
        time.sleep(CHECK_SECONDS)
        return bool(real_verify(password_hash, password))

    monkeypatch.setattr(nacl.pwhash, "verify", counting_verify)
    return lambda: count


def _storm(server: HubServer, username: str, passwords: list[str]) -> list[int]:
    """All passwords at once, one thread and connection each; the HTTP statuses, in order."""
    start = threading.Barrier(len(passwords))

    def attempt(password: str) -> int:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            start.wait()
            return client.post("/v1/auth/login", json={"username": username, "password": password}).status_code

    with ThreadPoolExecutor(max_workers=len(passwords)) as pool:
        return list(pool.map(attempt, passwords))


def _login_entries(runtime: Runtime, username: str) -> int:
    with Session(runtime.engine) as session:
        return session.execute(
            select(func.count()).select_from(AuditEntry).where(
                AuditEntry.actor == username, AuditEntry.action == "auth.login"  # type: ignore[arg-type]
            )
        ).scalar_one()


def test_forty_parallel_wrong_passwords_get_five_checks_and_a_lock(
    runtime: Runtime, server: HubServer, password_checks: Callable[[], int]
) -> None:
    name = add_person(runtime, Role.SECURITY_OFFICER)
    statuses = _storm(server, name, [WRONG] * PARALLEL)
    assert 200 not in statuses
    assert password_checks() == users.MAX_FAILED_LOGINS
    assert _login_entries(runtime, name) == PARALLEL  # every attempt is in the audit trail

    # Locked now: the right password is not even checked.
    with httpx.Client(base_url=server.url) as client:
        answer = client.post("/v1/auth/login", json={"username": name, "password": PASSWORD})
    assert answer.status_code != 200
    assert password_checks() == users.MAX_FAILED_LOGINS


def test_the_right_password_among_parallel_guesses_gets_no_extra_check(
    runtime: Runtime, server: HubServer, password_checks: Callable[[], int]
) -> None:
    name = add_person(runtime, Role.SECURITY_OFFICER)
    guesses = [WRONG] * (PARALLEL - 1)
    guesses.insert(PARALLEL // 2, PASSWORD)
    statuses = _storm(server, name, guesses)
    assert password_checks() <= users.MAX_FAILED_LOGINS
    assert statuses.count(200) <= 1
    if statuses[PARALLEL // 2] != 200:
        # The right password came too late: it was refused without a check, like every guess after the fifth.
        with httpx.Client(base_url=server.url) as client:
            client.post("/v1/auth/login", json={"username": name, "password": PASSWORD})
        assert password_checks() <= users.MAX_FAILED_LOGINS
