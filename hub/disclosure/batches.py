"""Creating disclosure batches and running the pre-publication check on every record of one.

A batch comes from stored 行政许可/行政处罚 records (a department and a date range) or from an uploaded
national-standard CSV/XLSX. It is created as a draft with one item per record, then the record check
(`redaction.check_records`, in the engine's worker processes) runs on the items, a chunk of records at a
time so that the engine batches their texts, while the next chunk is opened and the previous one stored;
when all are checked the batch moves to `checked`. A check that fails half-way leaves the
batch a draft; `run_check` may be called on it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, update
from sqlmodel import Session, col, func, select

from connectors.tables.source import TableSource
from crypto.fields import DataKey
from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import BatchRejected, NotFound, RecordError
from hub.core.models import new_id
from hub.core.principals import Principal, Role, require_role
from hub.core.protection import FieldOwner, FieldProtector
from hub.departments.models import Department
from hub.disclosure.errors import InvalidDisclosureInput, RecordCheckRefused
from hub.disclosure.models import DisclosureBatch, DisclosureFinding, DisclosureItem
from hub.disclosure.sealing import open_originals, original_owner, redacted_owner
from hub.disclosure.states import BatchAction, BatchState, next_batch_state, record_transition
from hub.disclosure.upload import read_rows
from hub.records.catalog import SCHEMA_VERSION
from hub.records.models import Record
from hub.records.validation import validate_record
from redaction.models import RecordCheck
from redaction.standard import PUBLISHED_RECORD_KINDS

CHECK_CHUNK = 200

# Checks records of one kind; raises RecordCheckRefused naming the record it refuses.
Checker = Callable[[Sequence[Mapping[str, str]], str], list[RecordCheck]]
Progress = Callable[[int, int], None]


def redaction_checker(records: Sequence[Mapping[str, str]], record_kind: str) -> list[RecordCheck]:
    """The real privacy check (imported on first use: it loads the NER model)."""
    from redaction import InvalidRecordError, RedactionError
    from redaction.workers import check_records_in_workers

    try:
        return check_records_in_workers(records, record_kind=record_kind)  # type: ignore[arg-type]
    except InvalidRecordError as exc:
        # The engine's messages name fields, never values.
        index = -1 if exc.position is None else exc.position
        raise RecordCheckRefused(index, str(exc)) from None
    except RedactionError as exc:
        raise InvalidDisclosureInput("disclosure.check_refused_records", reason=str(exc)) from None


def check_one_record(record: Mapping[str, str], record_kind: str) -> RecordCheck:
    """The privacy check of a single record, nothing stored."""
    return redaction_checker([record], record_kind)[0]


@dataclass(frozen=True)
class BatchSummary:
    id: str
    record_type: str
    department: str
    source: str
    state: str
    items: int
    findings: int
    needs_decision: int
    created_by: str
    approved_by: str | None
    confirmed_by: str | None
    created_at: dt.datetime


def summarize(session: Session, batch: DisclosureBatch) -> BatchSummary:
    item_ids = select(DisclosureItem.id).where(DisclosureItem.batch_id == batch.id)
    findings = session.exec(
        select(func.count()).select_from(DisclosureFinding).where(col(DisclosureFinding.item_id).in_(item_ids))
    ).one()
    needs = session.exec(
        select(func.count())
        .select_from(DisclosureItem)
        .where(DisclosureItem.batch_id == batch.id, col(DisclosureItem.needs_officer_decision).is_(True))
    ).one()
    return BatchSummary(
        id=batch.id,
        record_type=batch.record_type,
        department=batch.department_code,
        source=batch.source,
        state=batch.state,
        items=batch.item_count,
        findings=int(findings),
        needs_decision=int(needs),
        created_by=batch.created_by,
        approved_by=batch.approved_by,
        confirmed_by=batch.confirmed_by,
        created_at=batch.created_at,
    )


def _department(session: Session, code: str) -> Department:
    department = session.get(Department, code)
    if department is None or not department.active:
        raise NotFound("department.not_found")
    return department


def _check_type(record_type: str) -> None:
    if record_type not in PUBLISHED_RECORD_KINDS:
        raise InvalidDisclosureInput("disclosure.record_type", types=" and ".join(PUBLISHED_RECORD_KINDS))


def create_batch_from_records(
    *,
    engine: Engine,
    protector: FieldProtector,
    officer: Principal,
    department: str,
    record_type: str,
    date_from: dt.date,
    date_to: dt.date,
    checker: Checker = redaction_checker,
    progress: Progress | None = None,
) -> BatchSummary:
    """A batch of a department's stored records decided within [date_from, date_to], then checked.

    Records already in a batch that was not rejected are left out: nothing is published twice.
    """
    require_role(officer, Role.PUBLICITY_OFFICER)
    _check_type(record_type)
    if date_to < date_from:
        raise InvalidDisclosureInput("disclosure.date_order")
    with transaction(engine) as session:
        _department(session, department)
        taken = (
            select(DisclosureItem.record_id)
            .join(DisclosureBatch, col(DisclosureBatch.id) == DisclosureItem.batch_id)
            .where(col(DisclosureItem.record_id).is_not(None), DisclosureBatch.state != BatchState.REJECTED.value)
        )
        records = session.exec(
            select(Record.id, Record.subject_token, Record.schema_version)
            .where(
                Record.department_code == department,
                Record.record_type == record_type,
                Record.status == "active",
                col(Record.event_date) >= date_from,
                col(Record.event_date) <= date_to,
                col(Record.id).not_in(taken),
            )
            .order_by(col(Record.event_date), col(Record.id))
        ).all()
        if not records:
            raise InvalidDisclosureInput("disclosure.nothing_to_disclose")
        batch = DisclosureBatch(
            record_type=record_type,
            source="records",
            department_code=department,
            date_from=date_from,
            date_to=date_to,
            created_by=officer.name,
            item_count=len(records),
        )
        session.add(batch)
        session.flush()
        session.execute(
            insert(DisclosureItem),
            [
                {
                    "id": new_id(),
                    "batch_id": batch.id,
                    "position": position,
                    "record_id": record_id,
                    "department_code": department,
                    "record_type": record_type,
                    "subject_token": token,
                    "schema_version": version,
                    "needs_officer_decision": False,
                    "decision_reasons": [],
                }
                for position, (record_id, token, version) in enumerate(records)
            ],
        )
        _audit_created(session, officer, batch)
    return run_check(engine=engine, protector=protector, officer=officer, batch_id=batch.id, checker=checker,
                     progress=progress)


def create_batch_from_upload(
    *,
    engine: Engine,
    protector: FieldProtector,
    officer: Principal,
    department: str,
    record_type: str,
    filename: str,
    content: TableSource,
    checker: Checker = redaction_checker,
    progress: Progress | None = None,
) -> BatchSummary:
    """A batch from a national-standard CSV/XLSX. Invalid rows refuse the whole file (row, field, reason)."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    _check_type(record_type)
    rows = read_rows(name=filename, content=content)
    valid = []
    errors: list[RecordError] = []
    for row in rows:
        record, record_errors = validate_record(
            index=row.number,  # the row a person sees in the file
            record_type=record_type,
            source_record_id=f"row-{row.number}",
            fields=row.fields,
        )
        errors.extend(record_errors)
        if record is not None:
            valid.append(record)
    if errors:
        raise BatchRejected(errors)
    with transaction(engine) as session:
        kek = _department(session, department).kek_name
    protector.ensure_available()
    tokens = protector.subject_tokens([r.subject_key for r in valid])
    dek = protector.data_key_for(kek, uses=sum(len(r.fields) for r in valid))
    batch = DisclosureBatch(
        record_type=record_type,
        source="upload",
        department_code=department,
        upload_name=filename[-200:],
        created_by=officer.name,
        item_count=len(valid),
    )
    items = []
    for position, (record, token) in enumerate(zip(valid, tokens, strict=True)):
        item = DisclosureItem(
            batch_id=batch.id,
            position=position,
            department_code=department,
            record_type=record_type,
            subject_token=token,
            schema_version=SCHEMA_VERSION,
        )
        item.sealed_original = protector.seal_fields(dek=dek, owner=original_owner(item), fields=record.fields)
        items.append(item)
    with transaction(engine) as session:
        session.add(batch)
        session.flush()
        session.add_all(items)
        _audit_created(session, officer, batch)
    return run_check(engine=engine, protector=protector, officer=officer, batch_id=batch.id, checker=checker,
                     progress=progress)


def _audit_created(session: Session, officer: Principal, batch: DisclosureBatch) -> None:
    trail.append(
        session,
        AuditEvent(
            actor=officer.name,
            role=officer.role.value,
            action="disclosure.batch.create",
            object=f"batch:{batch.id}",
            detail=f"{batch.source}: {batch.item_count} {batch.record_type} of {batch.department_code}",
        ),
    )


def run_check(
    *,
    engine: Engine,
    protector: FieldProtector,
    officer: Principal,
    batch_id: str,
    checker: Checker = redaction_checker,
    progress: Progress | None = None,
) -> BatchSummary:
    """Check every item of a draft batch, in chunks (each chunk commits), then mark the batch checked."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    with Session(engine) as session:
        batch = session.get(DisclosureBatch, batch_id)
        if batch is None:
            raise NotFound("disclosure.batch_not_found")
        next_batch_state(batch.state, BatchAction.CHECK)  # refuse early: only drafts are checked
        kek = _department(session, batch.department_code).kek_name
        item_ids = list(
            session.exec(
                select(DisclosureItem.id).where(DisclosureItem.batch_id == batch_id).order_by(
                    col(DisclosureItem.position)
                )
            ).all()
        )
    protector.ensure_available()
    total, done = len(item_ids), 0
    # While the engine checks one chunk (in its worker processes), this thread stores the chunk before
    # it and opens the one after it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="record-check") as check_thread:
        pending: tuple[Sequence[DisclosureItem], Future[list[RecordCheck]]] | None = None
        for start in range(0, total, CHECK_CHUNK):
            items, originals = _open_chunk(engine=engine, protector=protector, officer=officer,
                                           item_ids=item_ids[start : start + CHECK_CHUNK])
            checking = check_thread.submit(_checked, checker, items, originals)
            if pending is not None:
                done += _store_chunk(engine=engine, protector=protector, kek=kek, items=pending[0],
                                     checks=pending[1].result())
                if progress is not None:
                    progress(done, total)
            pending = (items, checking)
        if pending is not None:
            done += _store_chunk(engine=engine, protector=protector, kek=kek, items=pending[0],
                                 checks=pending[1].result())
            if progress is not None:
                progress(done, total)
    with transaction(engine) as session:
        batch = session.exec(select(DisclosureBatch).where(DisclosureBatch.id == batch_id).with_for_update()).one()
        batch.state = record_transition(
            session, kind="batch", object_id=batch.id, current=batch.state, action=BatchAction.CHECK, actor=officer,
            reason=f"{total} records checked",
        )
        batch.updated_at = utcnow()
        session.add(batch)
        session.flush()
        return summarize(session, batch)


def _open_chunk(
    *, engine: Engine, protector: FieldProtector, officer: Principal, item_ids: Sequence[str]
) -> tuple[Sequence[DisclosureItem], dict[str, dict[str, str]]]:
    with transaction(engine) as session:
        items = session.exec(
            select(DisclosureItem).where(col(DisclosureItem.id).in_(item_ids)).order_by(col(DisclosureItem.position))
        ).all()
        originals = open_originals(session, protector, items, actor=officer, why="pre-publication check")
    return items, originals


def _checked(
    checker: Checker, items: Sequence[DisclosureItem], originals: Mapping[str, Mapping[str, str]]
) -> list[RecordCheck]:
    kinds = {item.record_type for item in items}
    if len(kinds) > 1:
        raise InvalidDisclosureInput("disclosure.mixed_types")
    try:
        return checker([originals[item.id] for item in items], kinds.pop()) if items else []
    except RecordCheckRefused as exc:
        if not 0 <= exc.index < len(items):
            raise
        raise InvalidDisclosureInput(
            "disclosure.check_refused_at", position=items[exc.index].position + 1, reason=exc.params["reason"]
        ) from None


def _store_chunk(
    *, engine: Engine, protector: FieldProtector, kek: str, items: Sequence[DisclosureItem],
    checks: Sequence[RecordCheck],
) -> int:
    """Store the findings and the sealed redacted drafts of a checked chunk; returns how many items."""
    results: dict[str, RecordCheck] = {item.id: check for item, check in zip(items, checks, strict=True)}
    dek = protector.data_key_for(kek, uses=sum(len(r.redacted_record) for r in results.values()) or 1)
    with transaction(engine) as session:
        session.execute(delete(DisclosureFinding).where(col(DisclosureFinding.item_id).in_(list(results))))
        findings = [
            {
                "item_id": item.id,
                "field": f.field,
                "start": f.start,
                "end": f.end,
                "entity_type": f.entity_type,
                "score": f.score,
                "recognizer": f.recognizer,
                "action": f.action,
                "origin": "check",
                "status": "accepted",
            }
            for item in items
            for f in results[item.id].findings
        ]
        if findings:
            session.execute(insert(DisclosureFinding), findings)
        if items:
            session.execute(
                update(DisclosureItem),
                [
                    {
                        "id": item.id,
                        "sealed_redacted": _seal(protector, dek, redacted_owner(item), check.redacted_record),
                        "needs_officer_decision": check.needs_officer_decision,
                        "decision_reasons": list(check.decision_reasons),
                    }
                    for item, check in ((item, results[item.id]) for item in items)
                ],
            )
    return len(items)


def _seal(protector: FieldProtector, dek: DataKey, owner: FieldOwner, fields: Mapping[str, str]) -> bytes:
    return protector.seal_fields(dek=dek, owner=owner, fields=fields)


def get_batch(*, engine: Engine, batch_id: str) -> BatchSummary:
    with Session(engine) as session:
        batch = session.get(DisclosureBatch, batch_id)
        if batch is None:
            raise NotFound("disclosure.batch_not_found")
        return summarize(session, batch)


def list_batches(*, engine: Engine, state: str | None = None, limit: int = 100) -> list[BatchSummary]:
    with Session(engine) as session:
        query = select(DisclosureBatch).order_by(col(DisclosureBatch.created_at).desc()).limit(limit)
        if state:
            query = query.where(DisclosureBatch.state == state)
        return [summarize(session, b) for b in session.exec(query).all()]
