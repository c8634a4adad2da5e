"""Storing and reading records: the service functions behind the records and subjects routes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from crypto.identifiers import RESIDENT_ID_DOCUMENT, IdentifierError, subject_key_of
from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import BatchRejected, NotFound, PermissionDenied, RecordError
from hub.core.models import new_id
from hub.core.protection import FieldOwner, FieldProtector
from hub.departments.grants import entitlement_of
from hub.departments.models import Department
from hub.records.catalog import SCHEMA_VERSION
from hub.records.errors import InvalidLookup
from hub.records.models import Record, insert_records
from hub.records.validation import ValidRecord, validate_record


@dataclass(frozen=True)
class SubmittedRecord:
    record_type: str
    source_record_id: str
    fields: dict[str, object]


@dataclass(frozen=True)
class StoredRecord:
    index: int
    id: str
    source_record_id: str
    status: str  # "stored" | "duplicate"


@dataclass(frozen=True)
class OpenedRecord:
    id: str
    record_type: str
    department: str
    source_record_id: str
    fields: dict[str, str]
    created_at: dt.datetime


def store_batch(
    *,
    engine: Engine,
    protector: FieldProtector,
    department: Department,
    records: Sequence[SubmittedRecord],
) -> list[StoredRecord]:
    """Validate, tokenise, encrypt and store a batch: all of it, or nothing."""
    with Session(engine) as session:
        granted = entitlement_of(session, department.code).record_types
    valid: list[ValidRecord] = []
    errors: list[RecordError] = []
    seen: set[str] = set()
    for index, submitted in enumerate(records):
        record, record_errors = validate_record(
            index=index,
            record_type=submitted.record_type,
            source_record_id=submitted.source_record_id,
            fields=submitted.fields,
        )
        if record is not None and record.record_type.name not in granted:
            record_errors = [RecordError("record.type_not_granted", index=index, field="record_type")]
        if submitted.source_record_id in seen:
            record_errors.append(
                RecordError("record.repeated_in_batch", index=index, field="source_record_id")
            )
        seen.add(submitted.source_record_id)
        errors.extend(record_errors)
        if record is not None:
            valid.append(record)
    if errors:
        raise BatchRejected(errors)

    try:
        return _store_valid(engine=engine, protector=protector, department=department, records=valid)
    except IntegrityError:
        # Another request stored some of the same source records meanwhile: they are duplicates now.
        return _store_valid(engine=engine, protector=protector, department=department, records=valid)


def _store_valid(
    *, engine: Engine, protector: FieldProtector, department: Department, records: list[ValidRecord]
) -> list[StoredRecord]:
    with Session(engine) as session:
        existing = dict(
            session.exec(
                select(Record.source_record_id, Record.id).where(
                    Record.department_code == department.code,
                    col(Record.source_record_id).in_([r.source_record_id for r in records]),
                )
            ).all()
        )
    new = [r for r in records if r.source_record_id not in existing]
    protector.ensure_available()
    tokens = protector.subject_tokens([r.subject_key for r in new])
    dek = protector.data_key_for(department.kek_name, uses=sum(len(r.fields) for r in new)) if new else None

    rows: list[dict[str, object]] = []
    results: list[StoredRecord] = []
    now = utcnow()
    new_ids: dict[str, str] = {}
    for record, token in zip(new, tokens, strict=True):
        record_id = new_id()
        new_ids[record.source_record_id] = record_id
        owner = FieldOwner(record_id=record_id, department=department.code, schema_version=SCHEMA_VERSION)
        assert dek is not None
        rows.append(
            {
                "id": record_id,
                "department_code": department.code,
                "record_type": record.record_type.name,
                "source_record_id": record.source_record_id,
                "subject_token": token,
                "schema_version": SCHEMA_VERSION,
                "event_date": record.event_date,
                "status": "active",
                "sealed_fields": protector.seal_fields(dek=dek, owner=owner, fields=record.fields),
                "created_at": now,
            }
        )
    for index, record in enumerate(records):
        if record.source_record_id in existing:
            results.append(
                StoredRecord(index, existing[record.source_record_id], record.source_record_id, "duplicate")
            )
        else:
            results.append(
                StoredRecord(index, new_ids[record.source_record_id], record.source_record_id, "stored")
            )

    with transaction(engine) as session:
        if rows:
            insert_records(session, rows)
        trail.append(
            session,
            AuditEvent(
                actor=department.code,
                role="department",
                action="records.submit",
                object=f"batch:{len(rows)} stored,{len(records) - len(rows)} duplicate",
            ),
        )
    return results


def read_record(
    *, engine: Engine, protector: FieldProtector, department: Department, record_id: str
) -> OpenedRecord:
    """A department's own record, decrypted; every read is audited."""
    protector.ensure_available()
    with transaction(engine) as session:
        record = session.get(Record, record_id)
        if record is None or record.department_code != department.code:
            trail.append(
                session,
                AuditEvent(
                    actor=department.code,
                    role="department",
                    action="records.read",
                    object=f"record:{record_id[:36]}",
                    outcome="not_found",
                ),
            )
            raise NotFound("record.not_found")
        opened = _open(session, protector, record, only=None)
        trail.append(
            session,
            AuditEvent(
                actor=department.code,
                role="department",
                action="records.read",
                object=f"record:{record.id}",
                subject_token=record.subject_token,
            ),
        )
        return opened


def lookup_subject(
    *,
    engine: Engine,
    protector: FieldProtector,
    department: Department,
    id_number: str,
    purpose: str,
    record_types: Sequence[str] | None = None,
    document_type: str = RESIDENT_ID_DOCUMENT,
) -> list[OpenedRecord]:
    """Records of one person that the caller's grant allows, for a declared purpose."""
    with Session(engine) as session:
        entitlement = entitlement_of(session, department.code)
    if purpose not in entitlement.purposes:
        with transaction(engine) as session:
            trail.append(
                session,
                AuditEvent(
                    actor=department.code,
                    role="department",
                    action="subjects.lookup",
                    purpose=purpose[:64],
                    outcome="denied",
                    detail="purpose not granted",
                ),
            )
        raise PermissionDenied("lookup.purpose_not_granted")
    try:
        # The same key as when the record was stored, or the token would differ.
        key = subject_key_of(id_number, document_type=document_type)
    except IdentifierError as exc:
        raise InvalidLookup(exc.code) from None
    protector.ensure_available()
    # Usually one token; two while the token key moves to a new version (hub.keyjobs.retokenise).
    tokens = protector.lookup_tokens(key)
    token = tokens[0]
    wanted = [t for t in (record_types or entitlement.record_types) if entitlement.may_read(t)]
    with transaction(engine) as session:
        records = session.exec(
            select(Record)
            .where(col(Record.subject_token).in_(tokens), col(Record.record_type).in_(wanted))
            .order_by(col(Record.event_date))
        ).all()
        opened = [
            _open(session, protector, r, only=entitlement.readable_fields(r.record_type)) for r in records
        ]
        trail.append(
            session,
            AuditEvent(
                actor=department.code,
                role="department",
                action="subjects.lookup",
                subject_token=token,
                purpose=purpose,
                object=f"records:{len(opened)}",
            ),
        )
    return opened


def _open(
    session: Session, protector: FieldProtector, record: Record, *, only: frozenset[str] | None
) -> OpenedRecord:
    owner = FieldOwner(
        record_id=record.id, department=record.department_code, schema_version=record.schema_version
    )
    fields = protector.open_fields(session, owner=owner, sealed=record.sealed_fields, only=only)
    return OpenedRecord(
        id=record.id,
        record_type=record.record_type,
        department=record.department_code,
        source_record_id=record.source_record_id,
        fields=fields,
        created_at=record.created_at,
    )
