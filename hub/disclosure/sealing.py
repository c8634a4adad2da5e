"""Opening and sealing a disclosure item's fields (AES-GCM under the department's KEK, like records).

An item's redacted draft is bound to `disclosure:<item id>:redacted`, its uploaded original to
`disclosure:<item id>`: neither ciphertext can be swapped with another item's or with a record's.
Every opening of an original is a privileged read, audited with the subject token.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from hub.audit.trail import AuditEvent, append_many
from hub.core.errors import NotFound
from hub.core.principals import Principal
from hub.core.protection import FieldOwner, FieldProtector
from hub.disclosure.models import DisclosureItem
from hub.records.models import Record

# The purpose recorded in the audit trail when the workflow decrypts a record.
REVIEW_PURPOSE = "双公示审查"


def original_owner(item: DisclosureItem) -> FieldOwner:
    return FieldOwner(
        record_id=f"disclosure:{item.id}", department=item.department_code, schema_version=item.schema_version
    )


def redacted_owner(item: DisclosureItem) -> FieldOwner:
    return FieldOwner(
        record_id=f"disclosure:{item.id}:redacted",
        department=item.department_code,
        schema_version=item.schema_version,
    )


def open_original(
    session: Session, protector: FieldProtector, item: DisclosureItem, *, actor: Principal, why: str
) -> dict[str, str]:
    """The record as submitted (including its ID numbers): audited in the caller's transaction."""
    return open_originals(session, protector, [item], actor=actor, why=why)[item.id]


def open_originals(
    session: Session, protector: FieldProtector, items: Sequence[DisclosureItem], *, actor: Principal, why: str
) -> dict[str, dict[str, str]]:
    """Several items' original records (one query for the stored ones), one audit entry per record."""
    record_ids = [item.record_id for item in items if item.record_id is not None]
    stored = {
        record.id: record
        for record in session.exec(select(Record).where(col(Record.id).in_(record_ids))).all()
    } if record_ids else {}
    opened: dict[str, dict[str, str]] = {}
    for item in items:
        if item.record_id is not None:
            record = stored.get(item.record_id)
            if record is None:
                raise NotFound("disclosure.stored_record_gone")
            owner = FieldOwner(
                record_id=record.id, department=record.department_code, schema_version=record.schema_version
            )
            opened[item.id] = protector.open_fields(session, owner=owner, sealed=record.sealed_fields)
        else:
            assert item.sealed_original is not None
            opened[item.id] = protector.open_fields(session, owner=original_owner(item), sealed=item.sealed_original)
    append_many(session, [
        AuditEvent(
            actor=actor.name,
            role=actor.role.value,
            action="disclosure.record.open",
            object=f"item:{item.id}",
            subject_token=item.subject_token,
            purpose=REVIEW_PURPOSE,
            detail=why,
        )
        for item in items
    ])
    return opened


def open_redacted(session: Session, protector: FieldProtector, item: DisclosureItem) -> dict[str, str]:
    """The check's redacted draft. Not audited as a personal read: it is what would be published."""
    if item.sealed_redacted is None:
        return {}
    return protector.open_fields(session, owner=redacted_owner(item), sealed=item.sealed_redacted)
