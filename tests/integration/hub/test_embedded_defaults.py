"""The single-machine default: SQLite under data_dir and a managed OpenBao with persistent Raft storage."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hub.api.app import create_app
from hub.core.runtime import start_runtime
from hub.core.settings import Settings
from tests.factories import penalty_record
from tests.hub_fixtures import SignedClient, register
from tests.openbao_fixture import free_port_pair

pytestmark = pytest.mark.integration


def test_restart_brings_back_the_same_keys_and_all_data(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var", managed_openbao_port=free_port_pair())
    runtime = start_runtime(settings)
    try:
        assert runtime.openbao is not None
        assert settings.resolved_database_url.endswith("var/hub.db")
        keys = register(runtime)
        with TestClient(create_app(runtime)) as api:
            client = SignedClient(api, keys)
            sent = [penalty_record(i) for i in range(5)]
            stored = client.post("/v1/records:batch", {"records": sent}).json()["records"]
            token_before = client.post(
                "/v1/subjects:lookup",
                {"id_number": sent[0]["fields"]["证件号码"], "purpose": "职称评定"},  # type: ignore[index]
            ).json()["records"][0]["id"]
    finally:
        runtime.close()

    for secret in ("unseal.key", "bootstrap.token", "approle.json"):
        mode = stat.S_IMODE((tmp_path / "var" / "openbao" / secret).stat().st_mode)
        assert mode == 0o600, secret

    runtime = start_runtime(settings)  # a new process would do exactly this
    try:
        with TestClient(create_app(runtime)) as api:
            client = SignedClient(api, keys)
            for sent_record, stored_record in zip(sent, stored, strict=True):
                response = client.get(f"/v1/records/{stored_record['id']}")
                assert response.status_code == 200
                assert response.json()["fields"] == sent_record["fields"]
            again = client.post(
                "/v1/subjects:lookup",
                {"id_number": sent[0]["fields"]["证件号码"], "purpose": "职称评定"},  # type: ignore[index]
            ).json()["records"]
            assert [r["id"] for r in again] == [token_before]
    finally:
        runtime.close()


def test_production_refuses_the_embedded_defaults() -> None:
    from hub.core.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="HUB_VAULT_ADDR"):
        Settings(environment="production").check()
    with pytest.raises(ConfigurationError, match="PostgreSQL"):
        Settings(
            environment="production",
            vault_addr="https://bao:8200",
            vault_role_id="r",
            vault_secret_id="s",  # type: ignore[arg-type]
        ).check()
