"""An admin's work on departments' rights: grants (record types, fields, purposes, validity) and
switching a department's key on or off. Both take effect on the department's next request, because
every request reads the grants (hub.grants.entitlement_of) and the department row afresh."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from hub import audit
from hub.access.errors import InvalidUserInput
from hub.audit import AuditEvent
from hub.catalog import RECORD_TYPES
from hub.db import transaction
from hub.errors import NotFound
from hub.models import Department, Grant, utcnow
from hub.principals import Principal

_PURPOSE = re.compile(r"^[^\d\s]{2,64}$")  # a purpose is words, never a number that could identify someone


def list_grants(*, engine: Engine, department: str) -> list[Grant]:
    with Session(engine) as session:
        if session.get(Department, department) is None:
            raise NotFound("department not found")
        return list(
            session.exec(select(Grant).where(Grant.department_code == department).order_by(col(Grant.id))).all()
        )


def add_grant(
    *,
    engine: Engine,
    actor: Principal,
    department: str,
    record_types: Sequence[str],
    purposes: Sequence[str],
    fields: Sequence[str] = (),
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Grant:
    unknown = sorted(set(record_types) - RECORD_TYPES.keys())
    if not record_types or unknown:
        raise InvalidUserInput("record_types: one or more known record types")
    if any(not _PURPOSE.match(p) for p in purposes):
        raise InvalidUserInput("purposes: 2-64 characters each, no digits or spaces")
    known_fields = {f.name for t in record_types for f in RECORD_TYPES[t].fields}
    if set(fields) - known_fields:
        raise InvalidUserInput("fields: only fields of the granted record types")
    start = valid_from or dt.date.today()
    if valid_until is not None and valid_until < start:
        raise InvalidUserInput("valid_until: before valid_from")
    with transaction(engine) as session:
        if session.get(Department, department) is None:
            raise NotFound("department not found")
        grant = Grant(
            department_code=department,
            record_types=list(record_types),
            purposes=list(purposes),
            fields=list(fields),
            valid_from=start,
            valid_until=valid_until,
        )
        session.add(grant)
        session.flush()
        audit.append(session, _event(actor, "grants.add", f"grant:{grant.id}", f"department={department}"))
        return grant


def revoke_grant(*, engine: Engine, actor: Principal, grant_id: int) -> Grant:
    with transaction(engine) as session:
        grant = session.get(Grant, grant_id)
        if grant is None:
            raise NotFound("grant not found")
        if grant.revoked_at is None:
            grant.revoked_at = utcnow()
            session.add(grant)
        audit.append(
            session,
            _event(actor, "grants.revoke", f"grant:{grant_id}", f"department={grant.department_code}"),
        )
        return grant


def set_department_active(*, engine: Engine, actor: Principal, department: str, active: bool) -> None:
    """Switch a department's signing key on or off; a switched-off department's requests fail with 401."""
    with transaction(engine) as session:
        row = session.get(Department, department)
        if row is None:
            raise NotFound("department not found")
        row.active = active
        session.add(row)
        action = "departments.activate" if active else "departments.deactivate"
        audit.append(session, _event(actor, action, f"department:{department}", None))


def _event(actor: Principal, action: str, obj: str, detail: str | None) -> AuditEvent:
    return AuditEvent(actor=actor.name, role=actor.role.value, action=action, object=obj, detail=detail)
