"""The managed local OpenBao: persistence, crashes, sealing, file modes, clear start-up errors."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import pytest

from keys.errors import ManagedOpenBaoError, VaultUnavailable
from keys.managed import ManagedOpenBao
from keys.names import SUBJECT_TOKEN_KEY
from keys.transit import Transit

from .helpers import unique_dept_key

pytestmark = pytest.mark.integration


def test_secret_files_are_0600_and_data_dir_0700(openbao: ManagedOpenBao) -> None:
    for name in ("unseal.key", "bootstrap.token", "approle.json"):
        mode = stat.S_IMODE((openbao.data_dir / name).stat().st_mode)
        assert mode == 0o600, name
    assert stat.S_IMODE(openbao.data_dir.stat().st_mode) == 0o700
    assert (openbao.data_dir / "raft").is_dir()


def test_start_is_idempotent_and_keeps_credentials(openbao: ManagedOpenBao, transit: Transit) -> None:
    before = openbao.credentials()
    openbao.start()
    assert openbao.credentials() == before
    transit.health()


def test_restart_keeps_keys_and_data(openbao: ManagedOpenBao, transit: Transit) -> None:
    key = unique_dept_key()
    transit.ensure_key(key)
    material = transit.generate_data_key(key)
    tokens = transit.hmac(SUBJECT_TOKEN_KEY, [b"512002199003071234"])

    openbao.stop()
    with pytest.raises(VaultUnavailable):
        transit.health()
    openbao.start()

    assert transit.hmac(SUBJECT_TOKEN_KEY, [b"512002199003071234"]) == tokens
    assert transit.unwrap_data_keys(key, [material.wrapped]) == [material.plaintext]


def test_killed_server_is_unavailable_then_comes_back(openbao: ManagedOpenBao, transit: Transit) -> None:
    tokens = transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    openbao.kill()

    with pytest.raises(VaultUnavailable):
        transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    with pytest.raises(VaultUnavailable):
        transit.health()

    openbao.start()
    assert transit.hmac(SUBJECT_TOKEN_KEY, [b"a"]) == tokens


def test_sealed_server_is_unavailable_until_unsealed(openbao: ManagedOpenBao, transit: Transit) -> None:
    tokens = transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    openbao.seal()

    with pytest.raises(VaultUnavailable):
        transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    with pytest.raises(VaultUnavailable):
        transit.health()

    openbao.unseal()
    transit.health()
    assert transit.hmac(SUBJECT_TOKEN_KEY, [b"a"]) == tokens


def test_fixture_revives_a_server_a_previous_test_left_dead(openbao_server: ManagedOpenBao) -> None:
    openbao_server.kill()
    openbao_server.ensure_up()
    Transit(addr=openbao_server.addr, credentials=openbao_server.credentials()).health()


def test_start_adopts_server_left_by_a_crashed_run(openbao: ManagedOpenBao) -> None:
    # A second manager on the same directory stands for a hub restarted after a crash: the old
    # server is still running, its pid file names it, and the port is "taken" by it.
    successor = ManagedOpenBao(data_dir=openbao.data_dir, port=int(openbao.addr.rsplit(":", 1)[1]))
    successor.start(timeout=10)
    Transit(addr=successor.addr, credentials=successor.credentials()).health()
    assert successor.credentials() == openbao.credentials()


def test_port_taken_by_another_program_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = int(squatter.getsockname()[1])
        server = ManagedOpenBao(data_dir=tmp_path / "bao", port=port)
        with pytest.raises(ManagedOpenBaoError, match=f"port {port}.*already taken"):
            server.start(timeout=5)


def test_refuses_to_reinitialise_over_existing_unseal_key(tmp_path: Path) -> None:
    from tests.openbao_fixture import free_port_pair

    data_dir = tmp_path / "bao"
    data_dir.mkdir(mode=0o700)
    (data_dir / "unseal.key").write_text("old")
    server = ManagedOpenBao(data_dir=data_dir, port=free_port_pair())
    try:
        with pytest.raises(ManagedOpenBaoError, match="refusing to re-initialise"):
            server.start(timeout=20)
    finally:
        server.stop()
    assert (data_dir / "unseal.key").read_text() == "old"


def test_server_of_a_crashed_hub_process_is_adopted_and_stopped(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.openbao_fixture import free_port_pair

    data_dir, port = tmp_path / "bao", free_port_pair()
    # A "hub" that starts OpenBao and dies without running its exit handlers.
    crashed_hub = (
        "import os, pathlib; from keys.managed import ManagedOpenBao; "
        f"ManagedOpenBao(data_dir=pathlib.Path({str(data_dir)!r}), port={port}).start(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", crashed_hub], check=True, timeout=60)
    leftover_pid = int((data_dir / "openbao.pid").read_text())
    os.kill(leftover_pid, 0)  # still running without its parent

    server = ManagedOpenBao(data_dir=data_dir, port=port)
    server.start(timeout=20)
    Transit(addr=server.addr, credentials=server.credentials()).health()
    server.stop()

    assert not _alive(leftover_pid)


def _alive(pid: int) -> bool:
    """Running and not a zombie (a reparented child may wait a moment for init to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
