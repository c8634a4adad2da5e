"""Rotating a key, scheduling rotation, and retiring old versions once nothing needs them.

Each operation writes its audit entry first and commits it only after OpenBao has done the work: if
the entry cannot be written, OpenBao is never asked (fail closed); if OpenBao refuses, the entry is
rolled back with the transaction.
"""

from __future__ import annotations

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.db import transaction
from hub.core.keyservice import key_service
from hub.core.models import DataKey
from hub.core.principals import Principal, Role, require_role
from hub.keyjobs.errors import KeyJobError, RetireRefused
from keys.names import DEPARTMENT_KEK_PREFIX, HUB_SIGNING_KEY
from keys.transit import Transit

MIN_AUTO_ROTATE_SECONDS = 3600  # OpenBao refuses shorter periods (0 switches scheduling off)


def rotate_key(*, engine: Engine, transit: Transit, actor: Principal, key_name: str) -> int:
    """Add a key version; new DEKs are wrapped under it at once. Returns the new version."""
    require_role(actor, Role.SECURITY_OFFICER)
    if key_name == HUB_SIGNING_KEY:
        raise KeyJobError("key.signing_key_rotation")
    # 404 for unknown keys, before any audit entry
    with key_service():
        info = transit.key_info(key_name)
    with transaction(engine) as session:
        trail.append(session, _event(actor, "keys.rotate", key_name, detail=f"from version {info.latest_version}"))
        with key_service():
            return transit.rotate(key_name)


def set_auto_rotate(*, engine: Engine, transit: Transit, actor: Principal, key_name: str, period_seconds: int) -> None:
    require_role(actor, Role.SECURITY_OFFICER)
    if period_seconds != 0 and period_seconds < MIN_AUTO_ROTATE_SECONDS:
        raise KeyJobError("key.auto_rotate_period")
    if key_name == HUB_SIGNING_KEY:
        raise KeyJobError("key.signing_key_rotation")
    with key_service():
        transit.key_info(key_name)
    with transaction(engine) as session:
        trail.append(session, _event(actor, "keys.auto_rotate", key_name, detail=f"period {period_seconds}s"))
        with key_service():
            transit.set_auto_rotate_period(key_name, period_seconds)


def deks_below(session: Session, key_name: str, version: int) -> int:
    return int(
        session.exec(
            select(func.count()).select_from(DataKey).where(DataKey.kek_name == key_name, DataKey.kek_version < version)
        ).one()
    )


def retire_versions(
    *, engine: Engine, transit: Transit, actor: Principal, key_name: str, below: int | None = None
) -> int:
    """Raise min_decryption_version to `below` (default: the latest version); returns it.

    Refused while any DEK is still wrapped under an older version: those DEKs, and every field they
    encrypt, would become unreadable. Run the rewrap job first."""
    require_role(actor, Role.SECURITY_OFFICER)
    if not key_name.startswith(DEPARTMENT_KEK_PREFIX):
        raise KeyJobError("key.retire_department_only")
    with key_service():
        info = transit.key_info(key_name)
    target = below if below is not None else info.latest_version
    if not 1 <= target <= info.latest_version:
        raise KeyJobError("key.version_range", latest=info.latest_version)
    with transaction(engine) as session:
        waiting = deks_below(session, key_name, target)
        if waiting:
            refusal = RetireRefused(count=waiting, version=target)
            trail.append(session, _event(actor, "keys.retire", key_name, outcome="refused", detail=str(refusal)))
        else:
            trail.append(session, _event(actor, "keys.retire", key_name, detail=f"min_decryption_version {target}"))
            if target > info.min_decryption_version:
                with key_service():
                    transit.set_min_decryption_version(key_name, target)
    if waiting:
        raise refusal
    return target


def _event(
    actor: Principal, action: str, key_name: str, *, outcome: str = "ok", detail: str | None = None
) -> AuditEvent:
    return AuditEvent(
        actor=actor.name,
        role=actor.role.value,
        action=action,
        object=f"key:{key_name}",
        outcome=outcome,
        detail=detail,
    )
