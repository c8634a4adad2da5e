"""Set up a department's connector folder against the real hub fixture (tests/hub_fixtures.py)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from connectors.keyfiles import write_key_file

EXAMPLES = Path(__file__).resolve().parents[3] / "connectors" / "examples"
ALL_TYPES = ["admin_penalty", "admin_license", "dishonest_debtor", "tax_credit_rating"]


@dataclass
class Department:
    code: str
    home: Path
    config: Path
    drop: Path
    signing_key: str


def make_department(
    hub_server: Any,
    home: Path,
    code: str,
    *,
    record_types: list[str],
    routes: list[tuple[str, str]] = (),  # type: ignore[assignment]
    mappings: list[str] = (),  # type: ignore[assignment]
    pull: dict[str, Any] | None = None,
    purposes: list[str] | None = None,
    **settings: Any,
) -> Department:
    """Register `code` on the hub and write its key, mappings (copied from examples) and config."""
    keys = hub_server.add_department(code, record_types=record_types, purposes=purposes or ["职称评定"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "keys").mkdir(exist_ok=True)
    write_key_file(home / "keys" / "signing.key", keys.signing_private_key_b64)
    for mapping in {*mappings, *(m for _, m in routes)}:
        shutil.copy(EXAMPLES / mapping, home / Path(mapping).name)
    config: dict[str, Any] = {
        "hub_url": hub_server.url,
        "department": code,
        "signing_key_file": "keys/signing.key",
        "retry": {"max_attempts": 3, "base_delay": 0.05, "max_delay": 0.2},
        **settings,
    }
    if routes:
        config["watch"] = {
            "folder": "drop",
            "poll_seconds": 0.2,
            "settle_seconds": 0,
            "routes": [{"pattern": pattern, "mapping": Path(m).name} for pattern, m in routes],
        }
    if pull:
        config["pull"] = pull
    (home / "drop").mkdir(exist_ok=True)
    config_path = home / "connector.yaml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return Department(code, home, config_path, home / "drop", keys.signing_private_key_b64)


def stored_source_ids(hub_server: Any, department: str) -> list[str]:
    """What the hub's database holds for a department (read directly: this test checks the end state)."""
    from sqlalchemy import text

    with hub_server.runtime.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT source_record_id FROM record WHERE department_code = :code"), {"code": department}
        )
        return sorted(row[0] for row in rows)
