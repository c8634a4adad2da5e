"""The connector config file (YAML): which hub, which department and key, which sources.

hub_url: https://hub.example.gov.cn          # HUB_URL or --hub-url override it
department: scjg
signing_key_file: keys/signing.key          # relative paths are relative to this file
batch_size: 500
max_in_flight: 2                               # batches at the hub at once
retry: {max_attempts: 8, base_delay: 0.5, max_delay: 30}
watch:
  folder: drop
  routes:
    - {pattern: "*.csv", mapping: penalty.yaml}
pull:
  url_env: SCJG_DB_URL                        # or url: sqlite:///cases.db
  query: SELECT * FROM penalties
  cursor_column: updated_at
  mapping: penalty_db.yaml
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from connectors.client import HubClient, RetryPolicy
from connectors.errors import MappingError
from connectors.keyfiles import read_key_file, row_id_key
from connectors.yaml_lines import load_model


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RetrySettings(_Strict):
    max_attempts: int = Field(default=8, ge=1, le=100)
    base_delay: float = Field(default=0.5, ge=0, le=60)
    max_delay: float = Field(default=30.0, ge=0, le=3600)


class Route(_Strict):
    pattern: str = Field(min_length=1)
    mapping: Path


class WatchSettings(_Strict):
    folder: Path
    routes: list[Route] = Field(min_length=1)
    poll_seconds: float = Field(default=2.0, gt=0, le=3600)
    # A file must keep its size and mtime this long before it is read (the export may still be writing).
    settle_seconds: float = Field(default=1.0, ge=0, le=3600)


class PullSettings(_Strict):
    url: str | None = None
    url_env: str | None = None  # keeps database passwords out of the config file
    query: str = Field(min_length=1)
    cursor_column: str = Field(min_length=1, max_length=128)
    mapping: Path
    state_file: Path = Path("state/pull-state.json")
    rejected_folder: Path = Path("rejected")

    @model_validator(mode="after")
    def _one_url(self) -> PullSettings:
        if (self.url is None) == (self.url_env is None):
            raise ValueError("give exactly one of url and url_env")
        return self

    def database_url(self) -> str:
        if self.url is not None:
            return self.url
        assert self.url_env is not None
        value = os.environ.get(self.url_env)
        if not value:
            raise MappingError(f"environment variable {self.url_env} (pull.url_env) is not set")
        return value


class ConnectorConfig(_Strict):
    hub_url: str = Field(pattern=r"^https?://")
    department: str = Field(min_length=1, max_length=64)
    signing_key_file: Path
    # Secret behind row-hash record ids (sources without their own ids). Absent: derived from the
    # signing key, which then must not change, or re-sent old files would be stored a second time.
    row_id_key_file: Path | None = None
    batch_size: int = Field(default=500, ge=1, le=1000)
    # Batches at the hub at once while the next is read; a crash re-sends at most this many.
    max_in_flight: int = Field(default=2, ge=1, le=8)
    timeout_seconds: float = Field(default=120.0, gt=0)
    retry: RetrySettings = Field(default_factory=RetrySettings)
    watch: WatchSettings | None = None
    pull: PullSettings | None = None

    def client(self, **kwargs: Any) -> HubClient:
        return HubClient(
            base_url=self.hub_url,
            department=self.department,
            signing_private_key_b64=self.signing_key(),
            retry=RetryPolicy(**self.retry.model_dump()),
            timeout=self.timeout_seconds,
            **kwargs,
        )

    def signing_key(self) -> str:
        return read_key_file(self.signing_key_file)

    def row_id_secret(self) -> bytes:
        if self.row_id_key_file is not None:
            return row_id_key(read_key_file(self.row_id_key_file))
        return row_id_key(self.signing_key())


def _resolve(base: Path, path: Path) -> Path:
    return path if path.is_absolute() else (base / path)


HUB_URL_PATTERN = re.compile(r"^https?://\S+$")


def load_config(path: Path, *, hub_url: str | None = None) -> ConnectorConfig:
    """Load and validate; relative paths in the file become relative to the file's folder.

    `hub_url` (from --hub-url or HUB_URL) replaces the file's: one config serves a test and a live hub."""
    config, _ = load_model(ConnectorConfig, path)
    base = path.parent
    updates: dict[str, object] = {"signing_key_file": _resolve(base, config.signing_key_file)}
    if hub_url is not None:
        if not HUB_URL_PATTERN.match(hub_url):
            raise MappingError("--hub-url / HUB_URL must be an http:// or https:// address")
        updates["hub_url"] = hub_url
    if config.row_id_key_file is not None:
        updates["row_id_key_file"] = _resolve(base, config.row_id_key_file)
    if config.watch is not None:
        updates["watch"] = config.watch.model_copy(
            update={
                "folder": _resolve(base, config.watch.folder),
                "routes": [
                    route.model_copy(update={"mapping": _resolve(base, route.mapping)}) for route in config.watch.routes
                ],
            }
        )
    if config.pull is not None:
        pull = config.pull
        updates["pull"] = pull.model_copy(
            update={
                "mapping": _resolve(base, pull.mapping),
                "state_file": _resolve(base, pull.state_file),
                "rejected_folder": _resolve(base, pull.rejected_folder),
            }
        )
    return config.model_copy(update=updates)
