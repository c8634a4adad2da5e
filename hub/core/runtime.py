"""Everything a running hub holds: settings, database engine, key service client, field protector.

On the embedded defaults the hub uses a managed OpenBao under data_dir/openbao: started if none runs,
shared with the other processes on the same data dir, and stopped only by its owner or last user (the
rule is in keys/lease.py and the README). `hub serve` owns it; admin commands only use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from crypto.dek_cache import DekCache
from hub.core.db import make_engine, migrate
from hub.core.files import private_folder
from hub.core.keyservice import key_service
from hub.core.protection import FieldProtector
from hub.core.settings import Settings
from keys.managed import ManagedOpenBao
from keys.transit import AppRoleCredentials, Transit


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    transit: Transit
    protector: FieldProtector
    openbao: ManagedOpenBao | None = field(default=None)

    def close(self) -> None:
        self.engine.dispose()
        if self.openbao is not None:
            self.openbao.release()


def start_runtime(
    settings: Settings, *, transit: Transit | None = None, engine: Engine | None = None, serving: bool = False
) -> Runtime:
    """`serving` is for `hub serve` only: that process takes the managed OpenBao over."""
    settings.check()
    if settings.managed_vault or settings.database_url is None:
        private_folder(settings.data_dir)  # the managed OpenBao and/or the SQLite file live here
    openbao: ManagedOpenBao | None = None
    if transit is None:
        if settings.managed_vault:
            openbao = ManagedOpenBao(
                data_dir=settings.data_dir / "openbao", port=settings.managed_openbao_port
            )
            with key_service():
                openbao.start(take_over=serving)
            transit = Transit(
                addr=openbao.addr, credentials=openbao.credentials(), mount=settings.vault_transit_mount
            )
        else:
            assert settings.vault_addr and settings.vault_role_id and settings.vault_secret_id
            transit = Transit(
                addr=settings.vault_addr,
                credentials=AppRoleCredentials(
                    role_id=settings.vault_role_id, secret_id=settings.vault_secret_id.get_secret_value()
                ),
                mount=settings.vault_transit_mount,
                failover_seconds=settings.vault_failover_seconds,
            )
    if engine is None:
        engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    cache = DekCache(
        max_age_seconds=settings.dek_max_age_seconds,
        max_uses=settings.dek_max_uses,
        max_entries=settings.dek_cache_entries,
    )
    protector = FieldProtector(
        transit=transit, engine=engine, cache=cache, token_key_version=settings.token_key_version
    )
    return Runtime(settings=settings, engine=engine, transit=transit, protector=protector, openbao=openbao)
