"""Reading the audit trail is itself on the trail: who verified or reviewed, and for which period."""

from __future__ import annotations

from sqlalchemy import Engine

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.db import transaction
from hub.core.principals import Principal


def note_audit_read(*, engine: Engine, reader: Principal, action: str, detail: str | None = None) -> None:
    with transaction(engine) as session:
        trail.append(
            session,
            AuditEvent(
                actor=reader.name, role=reader.role.value, action=action, detail=detail[:500] if detail else None
            ),
        )
