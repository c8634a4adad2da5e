"""`hub review …` and `hub publication …` against a real hub database and OpenBao, officers signed in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.core.settings import get_settings
from hub.users.services import add_user
from keys.managed import ManagedOpenBao
from tests.integration.disclosure.helpers import TODAY, penalty, store

pytestmark = pytest.mark.integration
PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def cli_env(
    runtime: Runtime, openbao: ManagedOpenBao, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    credentials = openbao.credentials()
    env = {
        "HUB_DATA_DIR": str(tmp_path / "cli"),
        "HUB_DATABASE_URL": runtime.engine.url.render_as_string(hide_password=False),
        "HUB_VAULT_ADDR": openbao.addr,
        "HUB_VAULT_ROLE_ID": credentials.role_id,
        "HUB_VAULT_SECRET_ID": credentials.secret_id,
        "HUB_OFFICER_PASSWORD": PASSWORD,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    admin = Principal("admin", Role.ADMIN)
    for name in ("officer.a", "officer.b"):
        add_user(engine=runtime.engine, actor=admin, username=name, role=Role.PUBLICITY_OFFICER, password=PASSWORD)
    yield env
    get_settings.cache_clear()


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_workflow_from_the_terminal(runtime: Runtime, cli_env: dict[str, str], tmp_path: Path) -> None:
    department = store(runtime, [penalty(i) for i in range(3)])
    created = _run("review", "create", "--officer", "officer.a", "--department", department, "--type",
                   "admin_penalty", "--from", "2000-01-01", "--to", TODAY.isoformat())
    match = re.search(r"batch ([0-9a-f-]{36}): checked; 3 admin_penalty", created)
    assert match, created
    batch = match.group(1)
    shown = _run("review", "show", "--officer", "officer.b", batch)
    assert "［电话］" in shown

    _run("review", "approve", "--officer", "officer.a", batch)
    refused = CliRunner().invoke(app, ["review", "confirm", "--officer", "officer.a", batch])
    assert refused.exit_code == 1 and "different officer" in refused.output
    wrong = CliRunner().invoke(app, ["review", "confirm", "--officer", "officer.b", batch],
                               env={"HUB_OFFICER_PASSWORD": "wrong password entirely"})
    assert wrong.exit_code == 1
    _run("review", "confirm", "--officer", "officer.b", batch)
    assert "published" in _run("publication", "publish", "--officer", "officer.b", batch)
    assert "3 listed" in _run("publication", "list", "--decision-number", "资市监罚")

    out, key = tmp_path / "export", tmp_path / "publication-key.json"
    assert "exported 3 records" in _run("publication", "export", "--officer", "officer.a", batch, str(out))
    printed = _run("publication", "public-key", "--out", str(key))
    fingerprint = re.search(r"fingerprint of version 1 .*: ([0-9a-f]{64})", printed)
    assert fingerprint, printed
    assert "OK" in _run("publication", "verify", str(out), "--public-key", str(key))
    assert "OK" in _run("publication", "verify", str(out), "--fingerprint", fingerprint.group(1))
    refused = CliRunner().invoke(app, ["publication", "verify", str(out)])
    assert refused.exit_code == 2 and "trusted key" in refused.output
    csv_file = next(out.glob("*.csv"))
    csv_file.write_bytes(csv_file.read_bytes().replace("罚款".encode(), "警告".encode(), 1))
    tampered = CliRunner().invoke(app, ["publication", "verify", str(out), "--public-key", str(key)])
    assert tampered.exit_code == 1 and "changed" in tampered.output
