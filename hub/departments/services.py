"""Registering departments and switching their keys on or off (an admin's work)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlmodel import Session, select

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.db import transaction
from hub.core.errors import NotFound
from hub.core.keyservice import key_service
from hub.core.principals import Principal, Role, require_role
from hub.core.runtime import Runtime
from hub.departments import grants
from hub.departments.errors import DepartmentError
from hub.departments.models import Department, Grant
from keys.names import department_kek

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,30}$")


def add_department(
    *,
    runtime: Runtime,
    actor: Principal,
    code: str,
    name: str,
    signing_public_key: str,
    record_types: Sequence[str],
    purposes: Sequence[str],
    fields: Sequence[str] = (),
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Department:
    """Register a department with its signing key, its transit key (KEK) and its first grant, which
    passes the same checks as any other grant (`hub.departments.grants`)."""
    require_role(actor, Role.ADMIN)
    if not _CODE.match(code):
        raise DepartmentError("department.code_format")
    _check_public_key(signing_public_key)
    terms = grants.grant_terms(
        record_types=record_types, purposes=purposes, fields=fields, valid_from=valid_from, valid_until=valid_until
    )
    kek = department_kek(code)
    with key_service():
        runtime.transit.ensure_key(kek)
    with transaction(runtime.engine) as session:
        if session.get(Department, code) is not None:
            raise DepartmentError("department.exists", code=code)
        department = Department(code=code, name=name, signing_public_key=signing_public_key, kek_name=kek)
        session.add(department)
        session.flush()
        trail.append(
            session,
            AuditEvent(actor=actor.name, role=actor.role.value, action="departments.add", object=f"department:{code}"),
        )
        grants.insert_grant(session, actor=actor, department=code, terms=terms)
    return department


def list_departments(*, engine: Engine, actor: Principal) -> list[tuple[Department, list[Grant]]]:
    require_role(actor, Role.ADMIN)
    with Session(engine) as session:
        departments = session.exec(select(Department).order_by(Department.code)).all()
        return [
            (d, list(session.exec(select(Grant).where(Grant.department_code == d.code)).all()))
            for d in departments
        ]


def set_department_active(*, engine: Engine, actor: Principal, department: str, active: bool) -> None:
    """Switch a department's signing key on or off; a switched-off department's requests fail with 401."""
    require_role(actor, Role.ADMIN)
    with transaction(engine) as session:
        row = session.get(Department, department)
        if row is None:
            raise NotFound("department.not_found")
        row.active = active
        session.add(row)
        action = "departments.activate" if active else "departments.deactivate"
        trail.append(
            session,
            AuditEvent(actor=actor.name, role=actor.role.value, action=action, object=f"department:{department}"),
        )


def _check_public_key(value: str) -> None:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise DepartmentError("department.public_key_not_base64") from None
    if len(raw) != 32:
        raise DepartmentError("department.public_key_length")
