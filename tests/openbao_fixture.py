"""Shared pytest fixtures for a real OpenBao (the managed local server, never a fake).

- `openbao_server` (session): one ManagedOpenBao in a temporary directory on a free port pair,
  started once, stopped at the end of the session.
- `openbao` (function): the same server, made running and unsealed again before each test,
  so a test that kills or seals it cannot break the tests after it.
- `transit` (function): a `Transit` logged in with the hub's AppRole credentials.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from keys.managed import ManagedOpenBao
from keys.transit import Transit


def free_port_pair() -> int:
    """A port p such that p and p+1 are both free on 127.0.0.1 (API and cluster ports)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port >= 65535:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as neighbour:
            try:
                neighbour.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no free pair of consecutive ports on 127.0.0.1")


@pytest.fixture(scope="session")
def openbao_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagedOpenBao]:
    server = ManagedOpenBao(data_dir=tmp_path_factory.mktemp("openbao"), port=free_port_pair())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def openbao(openbao_server: ManagedOpenBao) -> ManagedOpenBao:
    openbao_server.ensure_up()
    return openbao_server


@pytest.fixture
def transit(openbao: ManagedOpenBao) -> Transit:
    return Transit(addr=openbao.addr, credentials=openbao.credentials())
