"""Grants: what a department may do (record types, fields, purposes, validity), an admin's work on
them, and the entitlement in force today. A change takes effect on the department's next request,
because every request reads the grants afresh (`entitlement_of`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from crypto.identifiers import today
from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import NotFound
from hub.core.principals import Principal, Role, require_role
from hub.departments.errors import InvalidGrant
from hub.departments.models import Department, Grant
from hub.records.catalog import RECORD_TYPES


@dataclass(frozen=True)
class Entitlement:
    """The union of a department's grants that are in force today."""

    record_types: frozenset[str]
    purposes: frozenset[str]
    # record type -> fields it may read; None means every field.
    fields: dict[str, frozenset[str] | None]

    def may_read(self, record_type: str) -> bool:
        return record_type in self.record_types

    def readable_fields(self, record_type: str) -> frozenset[str] | None:
        return self.fields.get(record_type, frozenset())


def entitlement_of(session: Session, department: str, *, on: dt.date | None = None) -> Entitlement:
    day = on or today()
    grants = session.exec(
        select(Grant).where(
            Grant.department_code == department,
            col(Grant.revoked_at).is_(None),
            Grant.valid_from <= day,
        )
    ).all()
    record_types: set[str] = set()
    purposes: set[str] = set()
    fields: dict[str, frozenset[str] | None] = {}
    for grant in grants:
        if grant.valid_until is not None and grant.valid_until < day:
            continue
        record_types.update(grant.record_types)
        purposes.update(grant.purposes)
        for rtype in grant.record_types:
            granted = None if not grant.fields else frozenset(grant.fields)
            previous = fields.get(rtype, frozenset())
            fields[rtype] = None if granted is None or previous is None else previous | granted
    return Entitlement(frozenset(record_types), frozenset(purposes), fields)


_PURPOSE = re.compile(r"^[^\d\s]{2,64}$")  # a purpose is words, never a number that could identify someone


def list_grants(*, engine: Engine, actor: Principal, department: str) -> list[Grant]:
    require_role(actor, Role.ADMIN)
    with Session(engine) as session:
        if session.get(Department, department) is None:
            raise NotFound("department.not_found")
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
    require_role(actor, Role.ADMIN)
    terms = grant_terms(
        record_types=record_types, purposes=purposes, fields=fields, valid_from=valid_from, valid_until=valid_until
    )
    with transaction(engine) as session:
        if session.get(Department, department) is None:
            raise NotFound("department.not_found")
        return insert_grant(session, actor=actor, department=department, terms=terms)


@dataclass(frozen=True)
class GrantTerms:
    """A grant's content, checked (see `grant_terms`)."""

    record_types: tuple[str, ...]
    purposes: tuple[str, ...]
    fields: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date | None


def grant_terms(
    *,
    record_types: Sequence[str],
    purposes: Sequence[str],
    fields: Sequence[str] = (),
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> GrantTerms:
    """Check what a grant would give; every grant, a department's first included, passes here."""
    unknown = sorted(set(record_types) - RECORD_TYPES.keys())
    if not record_types or unknown:
        raise InvalidGrant("grant.record_types")
    if any(not _PURPOSE.match(p) for p in purposes):
        raise InvalidGrant("grant.purposes")
    known_fields = {f.name for t in record_types for f in RECORD_TYPES[t].fields}
    if set(fields) - known_fields:
        raise InvalidGrant("grant.fields")
    start = valid_from or today()
    if valid_until is not None and valid_until < start:
        raise InvalidGrant("grant.validity")
    return GrantTerms(tuple(record_types), tuple(purposes), tuple(fields), start, valid_until)


def insert_grant(session: Session, *, actor: Principal, department: str, terms: GrantTerms) -> Grant:
    """Store a checked grant of an existing department, audited, in the caller's transaction."""
    grant = Grant(
        department_code=department,
        record_types=list(terms.record_types),
        purposes=list(terms.purposes),
        fields=list(terms.fields),
        valid_from=terms.valid_from,
        valid_until=terms.valid_until,
    )
    session.add(grant)
    session.flush()
    trail.append(session, _event(actor, "grants.add", f"grant:{grant.id}", f"department={department}"))
    return grant


def revoke_grant(*, engine: Engine, actor: Principal, grant_id: int) -> Grant:
    require_role(actor, Role.ADMIN)
    with transaction(engine) as session:
        grant = session.get(Grant, grant_id)
        if grant is None:
            raise NotFound("grant.not_found")
        if grant.revoked_at is None:
            grant.revoked_at = utcnow()
            session.add(grant)
        trail.append(
            session,
            _event(actor, "grants.revoke", f"grant:{grant_id}", f"department={grant.department_code}"),
        )
        return grant


def _event(actor: Principal, action: str, obj: str, detail: str | None) -> AuditEvent:
    return AuditEvent(actor=actor.name, role=actor.role.value, action=action, object=obj, detail=detail)
