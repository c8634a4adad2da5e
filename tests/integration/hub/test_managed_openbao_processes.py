"""The managed OpenBao with real processes: `hub serve`, admin commands beside it, signals, kill -9.

Every hub and command here is a separate process on the embedded defaults (SQLite + managed
OpenBao in a temporary data dir), as a newcomer runs them: `make run` in one terminal, the README's
commands in another.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from crypto.signing import generate_signing_key
from tests.factories import penalty_record
from tests.hub_fixtures import DepartmentKeys, SignedClient
from tests.hub_process import HubProcess, bao_pids, embedded_env, run_hub, wait_until_no_bao

pytestmark = pytest.mark.integration

ADMIN_PASSWORD = "admin-pass-1234"
SECURITY_PASSWORD = "security-pass-1234"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def env(data_dir: Path) -> dict[str, str]:
    return embedded_env(data_dir)


HubStarter = Callable[[], HubProcess]


@pytest.fixture
def hubs(tmp_path: Path, env: dict[str, str], data_dir: Path) -> Iterator[HubStarter]:
    """Start hub processes with `hubs()`; whatever is left is stopped, and no bao may outlive the test."""
    started: list[HubProcess] = []

    def start() -> HubProcess:
        hub = HubProcess(env, log=tmp_path / f"hub-{len(started)}.log").start()
        started.append(hub)
        return hub

    yield start
    for hub in started:
        hub.stop()
    for pid in bao_pids(data_dir):  # a failed test must not leave a server running
        os.kill(pid, signal.SIGKILL)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args}: {result.stdout}{result.stderr}"
    return result.stdout


def _register_people_and_department(env: dict[str, str], cwd: Path) -> DepartmentKeys:
    _ok(run_hub({**env, "HUB_NEW_PASSWORD": ADMIN_PASSWORD}, "users", "add", "admin", "--role", "admin", cwd=cwd))
    _ok(run_hub({**env, "HUB_PASSWORD": ADMIN_PASSWORD, "HUB_NEW_PASSWORD": SECURITY_PASSWORD},
                "users", "add", "sec", "--role", "security_officer", "--user", "admin", cwd=cwd))
    private, public = generate_signing_key()
    _ok(run_hub(env, "departments", "add", "scjg", "--name", "资阳市市场监督管理局", "--public-key", public,
                "--record-types", "admin_penalty", "--purposes", "职称评定", cwd=cwd))
    return DepartmentKeys("scjg", private, public)


def _ingest_and_read_back(hub: HubProcess, keys: DepartmentKeys, index: int) -> str:
    with httpx.Client(base_url=hub.url, timeout=30, trust_env=False) as http:
        client = SignedClient(http, keys)
        sent = penalty_record(index)
        response = client.post("/v1/records:batch", {"records": [sent]})
        assert response.status_code == 200, response.text
        record_id = str(response.json()["records"][0]["id"])
        read = client.get(f"/v1/records/{record_id}")
        assert read.status_code == 200
        assert read.json()["fields"] == sent["fields"]
    return record_id


def test_admin_commands_use_the_serving_hubs_openbao_and_never_stop_it(
    hubs: HubStarter, env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    hub = hubs()
    (server,) = bao_pids(data_dir)

    keys = _register_people_and_department(env, tmp_path)
    assert hub.health() == 200
    assert "scjg" in _ok(run_hub(env, "departments", "list", cwd=tmp_path))
    assert hub.health() == 200
    listing = _ok(run_hub({**env, "HUB_PASSWORD": SECURITY_PASSWORD}, "keys", "list", "--user", "sec", cwd=tmp_path))
    assert "dept-scjg" in listing
    assert hub.health() == 200
    assert bao_pids(data_dir) == [server]  # the very same server, never restarted

    # The key the command created in the hub's OpenBao is the one the hub now uses for ingest.
    _ingest_and_read_back(hub, keys, 1)

    hub.send(signal.SIGTERM)
    hub.wait()
    assert wait_until_no_bao(data_dir) == []

    # With the hub stopped, the commands start a server of their own, and stop it when done.
    assert "scjg" in _ok(run_hub(env, "departments", "list", cwd=tmp_path))
    assert wait_until_no_bao(data_dir) == []
    listing = _ok(run_hub({**env, "HUB_PASSWORD": SECURITY_PASSWORD}, "keys", "list", "--user", "sec", cwd=tmp_path))
    assert "dept-scjg" in listing
    assert wait_until_no_bao(data_dir) == []


def test_a_second_hub_on_the_same_data_dir_is_refused_and_the_first_keeps_serving(
    hubs: HubStarter, env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    first = hubs()
    second = run_hub(env, "serve", "--port", "0", cwd=tmp_path, timeout=90)
    assert second.returncode == 1
    assert f"another hub process (pid {first.pid})" in " ".join(second.stdout.split())
    assert first.health() == 200
    assert len(bao_pids(data_dir)) == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=["TERM", "INT", "HUP"])
def test_a_signalled_hub_stops_its_openbao(hubs: HubStarter, data_dir: Path, signum: int) -> None:
    hub = hubs()
    assert len(bao_pids(data_dir)) == 1

    hub.send(signum)
    status = hub.wait()

    assert wait_until_no_bao(data_dir) == [], hub.log_tail()
    # The shells' convention for "ended by signal n"; a hang-up is handled as a SIGTERM.
    assert status == 128 + (signal.SIGTERM if signum == signal.SIGHUP else signum), hub.log_tail()


def test_a_hub_killed_with_sigkill_reuses_its_orphan_on_the_next_start(
    hubs: HubStarter, env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    hub = hubs()
    keys = _register_people_and_department(env, tmp_path)
    record_id = _ingest_and_read_back(hub, keys, 2)
    (server,) = bao_pids(data_dir)

    hub.send(signal.SIGKILL)
    hub.wait()
    assert bao_pids(data_dir) == [server]  # the orphan: nobody could stop it

    restarted = hubs()
    assert bao_pids(data_dir) == [server]  # adopted, not a second server
    with httpx.Client(base_url=restarted.url, timeout=30, trust_env=False) as http:
        read = SignedClient(http, keys).get(f"/v1/records/{record_id}")
    assert read.status_code == 200
    _ingest_and_read_back(restarted, keys, 3)

    restarted.send(signal.SIGTERM)
    restarted.wait()
    assert wait_until_no_bao(data_dir) == []


def test_the_orphan_of_a_killed_hub_is_cleaned_up_by_the_next_command(
    hubs: HubStarter, env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    hub = hubs()
    hub.send(signal.SIGKILL)
    hub.wait()
    assert len(bao_pids(data_dir)) == 1

    assert "code" in _ok(run_hub(env, "departments", "list", cwd=tmp_path))
    assert wait_until_no_bao(data_dir) == []
