"""Who stops the managed OpenBao when several users share it (real server; one manager per "process").

Each ManagedOpenBao below has its own lease, exactly as separate processes would (flock locks belong
to open files, not to processes). tests/integration/hub/test_managed_openbao_processes.py runs the
same rule with real `hub` processes.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from keys.managed import ManagedOpenBao
from keys.names import SUBJECT_TOKEN_KEY
from keys.transit import Transit
from tests.hub_process import bao_pids, wait_until_no_bao
from tests.openbao_fixture import free_port_pair

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """One data dir (initialised once) reused by the tests; each test ends with no server running."""
    var = tmp_path_factory.mktemp("shared")
    port = free_port_pair()
    yield var, port
    for pid in bao_pids(var):  # only if a test failed half-way
        os.kill(pid, signal.SIGKILL)


@pytest.fixture
def managers(shared_dir: tuple[Path, int]) -> Iterator[list[ManagedOpenBao]]:
    var, port = shared_dir
    made = [ManagedOpenBao(data_dir=var / "openbao", port=port) for _ in range(3)]
    yield made
    for manager in made:
        manager.stop()


def _works(manager: ManagedOpenBao) -> None:
    Transit(addr=manager.addr, credentials=manager.credentials()).hmac(SUBJECT_TOKEN_KEY, [b"x"])


def test_a_command_leaving_never_stops_the_hubs_server(managers: list[ManagedOpenBao],
                                                       shared_dir: tuple[Path, int]) -> None:
    hub, command, _ = managers
    hub.start(take_over=True)
    (server,) = bao_pids(shared_dir[0])
    command.start()
    command.release()
    assert bao_pids(shared_dir[0]) == [server]
    _works(hub)
    hub.release()
    assert wait_until_no_bao(shared_dir[0]) == []


def test_a_hub_takes_over_a_server_a_command_started(managers: list[ManagedOpenBao],
                                                    shared_dir: tuple[Path, int]) -> None:
    command, hub, _ = managers
    command.start()
    (server,) = bao_pids(shared_dir[0])
    hub.start(take_over=True)
    assert bao_pids(shared_dir[0]) == [server]  # adopted, not replaced
    command.release()  # the command spawned it, but the hub owns it now
    assert bao_pids(shared_dir[0]) == [server]
    _works(hub)
    hub.release()
    assert wait_until_no_bao(shared_dir[0]) == []


def test_a_hub_leaving_while_commands_work_hands_the_server_to_the_last_of_them(
    managers: list[ManagedOpenBao], shared_dir: tuple[Path, int]
) -> None:
    hub, first, second = managers
    hub.start(take_over=True)
    first.start()
    second.start()
    hub.release()
    _works(first)
    first.release()
    _works(second)
    second.release()
    assert wait_until_no_bao(shared_dir[0]) == []


def test_a_server_started_by_a_command_lives_until_its_last_user_leaves(
    managers: list[ManagedOpenBao], shared_dir: tuple[Path, int]
) -> None:
    starter, joiner, _ = managers
    starter.start()
    joiner.start()
    starter.release()
    _works(joiner)
    joiner.release()
    assert wait_until_no_bao(shared_dir[0]) == []


def test_a_leftover_on_another_port_is_replaced(managers: list[ManagedOpenBao],
                                                shared_dir: tuple[Path, int]) -> None:
    old, _, _ = managers
    old.start()
    (leftover,) = bao_pids(shared_dir[0])
    moved = ManagedOpenBao(data_dir=shared_dir[0] / "openbao", port=free_port_pair())
    try:
        moved.start()
        (server,) = bao_pids(shared_dir[0])
        assert server != leftover
        _works(moved)
    finally:
        moved.stop()
    assert wait_until_no_bao(shared_dir[0]) == []
