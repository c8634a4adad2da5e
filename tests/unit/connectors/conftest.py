from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from connectors.config import ConnectorConfig
from connectors.keyfiles import write_key_file
from tests.unit.connectors.fakehub import FakeHub

EXAMPLES = Path(__file__).resolve().parents[3] / "connectors" / "examples"


@pytest.fixture
def fake_hub() -> FakeHub:
    return FakeHub()


@pytest.fixture
def connector_home(tmp_path: Path, fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A department folder (key, config, the 市场监管 mapping, drop folder) wired to the fake hub."""
    (tmp_path / "keys").mkdir()
    write_key_file(tmp_path / "keys" / "signing.key", fake_hub.private_key)
    (tmp_path / "penalty.yaml").write_text((EXAMPLES / "scjg" / "penalty.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "drop").mkdir()
    config = {
        "hub_url": "http://hub.test",
        "department": fake_hub.department,
        "signing_key_file": "keys/signing.key",
        "batch_size": 2,
        "max_in_flight": 1,  # deterministic request order; test_pipeline covers concurrency
        "retry": {"max_attempts": 3, "base_delay": 0, "max_delay": 0},
        "watch": {
            "folder": "drop",
            "settle_seconds": 0,
            "routes": [{"pattern": "*.csv", "mapping": "penalty.yaml"}],
        },
    }
    (tmp_path / "connector.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    original = ConnectorConfig.client

    def client_on_fake_hub(self: ConnectorConfig, **kwargs: object):
        return original(self, transport=fake_hub.transport(), sleep=lambda s: None, **kwargs)

    monkeypatch.setattr(ConnectorConfig, "client", client_on_fake_hub)
    return tmp_path
