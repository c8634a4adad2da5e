"""Shared pytest fixtures for a real OpenBao (the managed local server, never a fake).

- `openbao_server` (session): one ManagedOpenBao in a temporary directory on a free port pair,
  started once, stopped at the end of the session.
- `openbao` (function): the same server, made running and unsealed again before each test,
  so a test that kills or seals it cannot break the tests after it.
- `transit` (function): a `Transit` logged in with the hub's AppRole credentials.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from keys.managed import ManagedOpenBao, free_port_pair
from keys.transit import Transit

__all__ = ["free_port_pair", "openbao", "openbao_server", "transit"]


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
