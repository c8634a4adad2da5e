"""`hub keys list|status`: every transit key, its versions and schedule, and what still depends on each
version (DEKs in the database for department keys; the pinned/target version for the token key)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from hub.core.keyservice import key_service
from hub.core.models import DataKey
from hub.core.principals import Principal, Role, require_role
from hub.core.token_state import read_token_versions
from keys.names import SUBJECT_TOKEN_KEY
from keys.transit import Transit


@dataclass(frozen=True)
class KeyStatus:
    name: str
    type: str
    latest_version: int
    min_decryption_version: int
    auto_rotate_period_seconds: int
    last_rotated: dt.datetime
    # version -> DEKs wrapped under it (department keys only)
    deks_by_version: dict[int, int] = field(default_factory=dict)
    # version -> role, for the token key: {"pinned": 1, "target": 2}
    token_versions: dict[str, int] = field(default_factory=dict)

    @property
    def deks_needing_rewrap(self) -> int:
        return sum(n for version, n in self.deks_by_version.items() if version < self.latest_version)


def dek_counts(engine: Engine) -> dict[str, dict[int, int]]:
    with Session(engine) as session:
        rows = session.exec(
            select(DataKey.kek_name, DataKey.kek_version, func.count()).group_by(
                DataKey.kek_name,
                DataKey.kek_version,  # type: ignore[arg-type]
            )
        ).all()
    counts: dict[str, dict[int, int]] = {}
    for name, version, count in rows:
        counts.setdefault(name, {})[int(version)] = int(count)
    return counts


def key_status(
    *,
    engine: Engine,
    transit: Transit,
    actor: Principal,
    key_name: str,
    token_key_default: int = 1,
    counts: dict[str, dict[int, int]] | None = None,
) -> KeyStatus:
    require_role(actor, Role.SECURITY_OFFICER)
    with key_service():
        info = transit.key_info(key_name)
    tokens: dict[str, int] = {}
    if key_name == SUBJECT_TOKEN_KEY:
        versions = read_token_versions(engine, default=token_key_default)
        tokens = {"pinned": versions.pinned} | ({"target": versions.target} if versions.target else {})
    counts = dek_counts(engine) if counts is None else counts
    return KeyStatus(
        name=info.name,
        type=info.type,
        latest_version=info.latest_version,
        min_decryption_version=info.min_decryption_version,
        auto_rotate_period_seconds=info.auto_rotate_period_seconds,
        last_rotated=max(info.versions.values()),
        deks_by_version=counts.get(key_name, {}),
        token_versions=tokens,
    )


def key_statuses(
    *, engine: Engine, transit: Transit, actor: Principal, token_key_default: int = 1
) -> list[KeyStatus]:
    require_role(actor, Role.SECURITY_OFFICER)
    counts = dek_counts(engine)
    with key_service():
        names = transit.list_keys()
    return [
        key_status(
            engine=engine, transit=transit, actor=actor, key_name=name, token_key_default=token_key_default,
            counts=counts,
        )
        for name in names
    ]
