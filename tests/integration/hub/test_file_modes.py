"""Nothing the hub keeps on disk is readable by other local users, whatever the umask it runs under.

Data folders are 0700 and files 0600: the SQLite database (password hashes, session hashes, the audit
trail) with its -wal/-shm files, the managed OpenBao's folder, configuration and log, and exports.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hub.api.app import create_app
from hub.core.errors import ConfigurationError
from hub.core.runtime import start_runtime
from hub.core.settings import Settings
from hub.disclosure import export
from tests.factories import penalty_record
from tests.hub_fixtures import SignedClient, register
from tests.integration.disclosure.helpers import OFFICER_A, approve_confirm_publish, checked_batch, penalty, store
from tests.openbao_fixture import free_port_pair

pytestmark = pytest.mark.integration


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _open_to_others(root: Path) -> list[str]:
    """Every folder and file under root (root included) that a group or other user can use at all."""
    found = [f"{root} {_mode(root):o}"] if _mode(root) & 0o077 else []
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            if not path.is_symlink() and _mode(path) & 0o077:
                found.append(f"{path.relative_to(root)} {_mode(path):o}")
    return found


def test_the_embedded_defaults_keep_everything_private(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "srv" / "var"  # neither folder exists yet
    runtime = start_runtime(Settings(data_dir=data, managed_openbao_port=free_port_pair()))
    try:
        keys = register(runtime)
        with TestClient(create_app(runtime)) as api:
            answer = SignedClient(api, keys).post("/v1/records:batch", {"records": [penalty_record(1)]})
            assert answer.status_code == 200, answer.text
        assert _mode(data) == 0o700
        assert _mode(data.parent) == 0o700  # created by the hub for its data: private too
        assert _mode(data / "hub.db") == 0o600
        assert _mode(data / "hub.db-wal") == 0o600 and _mode(data / "hub.db-shm") == 0o600
        assert _mode(data / "openbao") == 0o700
        assert _mode(data / "openbao" / "openbao.log") == 0o600
        assert _open_to_others(data) == []
    finally:
        runtime.close()


def test_an_existing_data_folder_left_open_is_tightened_on_start(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    (data / "hub.db").touch()
    (data / "hub.db").chmod(0o644)
    runtime = start_runtime(Settings(data_dir=data, managed_openbao_port=free_port_pair()))
    try:
        assert _mode(data) == 0o700 and _mode(data / "hub.db") == 0o600
        assert _open_to_others(data) == []
    finally:
        runtime.close()


def test_a_shared_folder_that_is_not_the_hubs_is_refused_not_changed(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: changing its mode would break everyone else
    with pytest.raises(ConfigurationError, match="HUB_DATA_DIR"):
        start_runtime(Settings(data_dir=shared, managed_openbao_port=free_port_pair()))
    assert _mode(shared) == 0o1777


def test_a_sqlite_file_elsewhere_is_private_and_its_folder_left_alone(
    tmp_path: Path, umask: int, openbao: object
) -> None:
    from tests.hub_fixtures import make_runtime

    elsewhere = tmp_path / "db"
    elsewhere.mkdir()
    elsewhere.chmod(0o755)
    runtime = make_runtime(openbao, f"sqlite:///{elsewhere / 'hub.db'}", tmp_path / "data")  # type: ignore[arg-type]
    try:
        register(runtime)
        assert _mode(elsewhere / "hub.db") == 0o600
        assert _mode(elsewhere / "hub.db-wal") == 0o600 and _mode(elsewhere / "hub.db-shm") == 0o600
        assert _mode(elsewhere) == 0o755  # not the hub's folder: only its own files are changed
    finally:
        runtime.close()


def test_exports_are_private(runtime: object, tmp_path: Path, umask: int) -> None:
    from hub.core.runtime import Runtime

    assert isinstance(runtime, Runtime)
    department = store(runtime, [penalty(i) for i in range(2)])
    summary = checked_batch(runtime, department)
    approve_confirm_publish(runtime, summary.id)
    out = tmp_path / "exports" / "batch"
    export.export_batch(engine=runtime.engine, transit=runtime.transit, officer=OFFICER_A,
                        batch_id=summary.id, directory=out)
    assert _mode(out) == 0o700
    assert sorted(p.name for p in out.iterdir()) and _open_to_others(out) == []
