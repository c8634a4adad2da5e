"""`hub users|grants|keys|audit` as an operator runs them: real OpenBao, real database, password from env."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hub.cli import app
from hub.core.runtime import Runtime
from hub.core.settings import get_settings
from keys.managed import ManagedOpenBao
from keys.names import department_kek
from tests.factories import penalty_record
from tests.hub_fixtures import SignedClient, register

from .conftest import PASSWORD

pytestmark = pytest.mark.integration


@pytest.fixture
def hub(
    openbao: ManagedOpenBao, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runtime: Runtime
) -> CliRunner:
    credentials = openbao.credentials()
    for name, value in {
        "HUB_DATABASE_URL": database_url,
        "HUB_VAULT_ADDR": openbao.addr,
        "HUB_DATA_DIR": str(tmp_path),
        "HUB_VAULT_ROLE_ID": credentials.role_id,
        "HUB_VAULT_SECRET_ID": credentials.secret_id,
        "HUB_PASSWORD": PASSWORD,
        "HUB_NEW_PASSWORD": PASSWORD,
        "COLUMNS": "250",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HUB_USER", raising=False)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _ok(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_operator_workflow(hub: CliRunner, runtime: Runtime, api: TestClient, tmp_path: Path) -> None:
    keys = register(runtime)
    kek = department_kek(keys.code)
    assert SignedClient(api, keys).post("/v1/records:batch", {"records": [penalty_record(1)]}).status_code == 200
    assert "added boss (admin)" in _ok(hub, "users", "add", "boss", "--role", "admin")
    # Once a user exists, adding needs an admin.
    refused = hub.invoke(app, ["users", "add", "eve", "--role", "admin"])
    assert refused.exit_code == 1 and "--user is required" in refused.output
    _ok(hub, "users", "add", "li.sec", "--role", "security_officer", "--user", "boss")
    _ok(hub, "users", "add", "wang.pub", "--role", "publicity_officer", "--user", "boss")
    assert "li.sec" in _ok(hub, "users", "list", "--user", "boss")

    assert f"{kek} is now at version 2" in _ok(hub, "keys", "rotate", kek, "--user", "li.sec")
    assert "rewrapped 1 DEKs to version 2; 0 left" in _ok(hub, "keys", "rewrap", kek, "--user", "li.sec")
    assert "versions below 2 retired" in _ok(hub, "keys", "retire", kek, "--user", "li.sec")
    assert kek in _ok(hub, "keys", "list", "--user", "li.sec")
    assert "DEKs needing rewrap: 0" in _ok(hub, "keys", "status", kek, "--user", "li.sec")
    _ok(hub, "keys", "auto-rotate", kek, "--hours", "720", "--user", "li.sec")
    assert runtime.transit.key_info(kek).auto_rotate_period_seconds == 720 * 3600

    denied = hub.invoke(app, ["keys", "rotate", kek, "--user", "wang.pub"])
    assert denied.exit_code == 1 and "not permitted" in denied.output
    denied = hub.invoke(app, ["users", "list", "--user", "li.sec"])
    assert denied.exit_code == 1 and "not permitted" in denied.output

    assert "audit trail intact" in _ok(hub, "audit", "verify", "--user", "li.sec")
    out = tmp_path / "review.csv"
    _ok(hub, "audit", "export", "--out", str(out), "--user", "li.sec")
    assert out.read_text(encoding="utf-8").startswith("day,actor,role,accesses")
    assert "wang.pub" in _ok(hub, "audit", "review", "--user", "li.sec")


def test_wrong_password_is_refused(hub: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _ok(hub, "users", "add", "boss", "--role", "admin")
    monkeypatch.setenv("HUB_PASSWORD", "not the password")
    result = hub.invoke(app, ["users", "list", "--user", "boss"])
    assert result.exit_code == 1 and "invalid user name or password" in result.output


def test_retokenise_steps_are_checked(hub: CliRunner) -> None:
    _ok(hub, "users", "add", "boss", "--role", "admin")
    _ok(hub, "users", "add", "li.sec", "--role", "security_officer", "--user", "boss")
    refused = hub.invoke(app, ["keys", "retokenise", "start", "--to-version", "1", "--user", "li.sec"])
    assert refused.exit_code == 1 and "above the pinned version" in refused.output
    refused = hub.invoke(app, ["keys", "retokenise", "finish", "--user", "li.sec"])
    assert refused.exit_code == 1 and "no re-tokenise job" in refused.output
    assert hub.invoke(app, ["keys", "retokenise", "sideways", "--user", "li.sec"]).exit_code == 2


def test_departments_and_grants_take_lists_comma_separated_or_repeated(hub: CliRunner, runtime: Runtime) -> None:
    from crypto.signing import generate_signing_key
    from hub.core.principals import Principal, Role
    from hub.departments.grants import list_grants

    _, public_key = generate_signing_key()
    _ok(hub, "departments", "add", "clidept", "--name", "资阳市测试局", "--public-key", public_key,
        "--record-types", "admin_penalty,admin_license", "--purposes", "职称评定", "--purposes", "表彰评优",
        "--valid-until", "2030-12-31")
    assert "clidept" in _ok(hub, "departments", "list")
    _ok(hub, "users", "add", "boss", "--role", "admin")
    _ok(hub, "grants", "add", "clidept", "--user", "boss", "--record-types", "dishonest_debtor",
        "--record-types", "tax_credit_rating", "--purposes", "职称评定,表彰评优")
    admin = Principal(name="boss", role=Role.ADMIN)
    first, second = list_grants(engine=runtime.engine, actor=admin, department="clidept")
    assert (first.record_types, first.purposes) == (["admin_penalty", "admin_license"], ["职称评定", "表彰评优"])
    assert str(first.valid_until) == "2030-12-31"
    assert second.record_types == ["dishonest_debtor", "tax_credit_rating"]
    assert second.purposes == ["职称评定", "表彰评优"]
    bad_date = hub.invoke(app, ["grants", "add", "clidept", "--user", "boss", "--record-types", "admin_penalty",
                                "--purposes", "职称评定", "--valid-until", "2030-13-01"])
    assert bad_date.exit_code == 2
    refused = hub.invoke(app, ["grants", "add", "clidept", "--user", "boss", "--record-types", "admin_penalty",
                               "--purposes", "职称评定2030"])
    assert refused.exit_code == 1 and "purposes" in refused.output


def test_audit_periods_are_days_in_china_or_date_times(hub: CliRunner) -> None:
    _ok(hub, "users", "add", "boss", "--role", "admin")
    _ok(hub, "users", "add", "li.aud", "--role", "auditor", "--user", "boss")
    _ok(hub, "audit", "review", "--user", "li.aud", "--since", "2024-01-01", "--until", "2024-01-31")
    _ok(hub, "audit", "review", "--user", "li.aud", "--since", "2024-01-01T08:00")
    refused = hub.invoke(app, ["audit", "review", "--user", "li.aud", "--since", "2024-02-01", "--until", "2024-01-01"])
    assert refused.exit_code == 1 and "since must be before until" in refused.output
