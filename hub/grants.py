"""What a department may do: its active grants (record types, fields, purposes, validity)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from hub.models import Grant


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


def entitlement_of(session: Session, department: str, *, today: dt.date | None = None) -> Entitlement:
    today = today or dt.date.today()
    grants = session.exec(
        select(Grant).where(
            Grant.department_code == department,
            col(Grant.revoked_at).is_(None),
            Grant.valid_from <= today,
        )
    ).all()
    record_types: set[str] = set()
    purposes: set[str] = set()
    fields: dict[str, frozenset[str] | None] = {}
    for grant in grants:
        if grant.valid_until is not None and grant.valid_until < today:
            continue
        record_types.update(grant.record_types)
        purposes.update(grant.purposes)
        for rtype in grant.record_types:
            granted = None if not grant.fields else frozenset(grant.fields)
            previous = fields.get(rtype, frozenset())
            fields[rtype] = None if granted is None or previous is None else previous | granted
    return Entitlement(frozenset(record_types), frozenset(purposes), fields)
