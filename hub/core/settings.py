"""Hub configuration, read from HUB_* environment variables (and a `.env` file if present)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.core.errors import ConfigurationError
from keys.endpoints import parse_addresses
from keys.errors import InvalidRequest


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUB_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file under data_dir"
    )
    host: str = "127.0.0.1"
    port: int = 8000

    # OpenBao/Vault. Without vault_addr the hub manages a local OpenBao under data_dir/openbao.
    # A cluster: every node's address, comma-separated; the hub follows the active node.
    vault_addr: str | None = None
    vault_role_id: str | None = None
    vault_secret_id: SecretStr | None = None
    vault_transit_mount: str = "transit"
    # How long a request keeps trying the other nodes (an election) before the hub answers 503.
    vault_failover_seconds: float = Field(default=10.0, ge=0, le=120)
    managed_openbao_port: int = 8200
    # Tokens are HMACs under this pinned version of the token key, so rotating the key does not change
    # anyone's token; moving to a newer version is the re-tokenise job (see README, "Token key").
    token_key_version: int = 1

    max_body_bytes: int = 8 * 1024 * 1024
    max_batch_records: int = 1000
    signature_max_skew_seconds: int = 300

    dek_max_age_seconds: float = 300.0
    dek_max_uses: int = 200_000
    dek_cache_entries: int = 10_000

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'hub.db').as_posix()}"

    @property
    def managed_vault(self) -> bool:
        return self.vault_addr is None

    def check(self) -> None:
        """Refuse configurations that are only safe on a developer's machine."""
        if self.environment == "production":
            if self.managed_vault:
                raise ConfigurationError("config.production_needs_vault")
            if not (self.vault_role_id and self.vault_secret_id):
                raise ConfigurationError("config.production_needs_approle")
            if self.resolved_database_url.startswith("sqlite"):
                raise ConfigurationError("config.production_needs_database")
        elif not self.managed_vault and not (self.vault_role_id and self.vault_secret_id):
            raise ConfigurationError("config.vault_needs_approle")
        if self.vault_addr is not None:
            try:
                parse_addresses(self.vault_addr)
            except InvalidRequest:
                raise ConfigurationError("config.vault_addr_invalid") from None


@lru_cache
def get_settings() -> Settings:
    return Settings()
