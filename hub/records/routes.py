"""The departments' record API (signed requests): the catalog, batches of records, one record, lookups."""

from __future__ import annotations

import base64
import json
from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from crypto.errors import SealedBoxError
from crypto.sealed import seal
from hub.core.deps import RuntimeDep
from hub.core.schemas import ErrorOut
from hub.departments.deps import DepartmentDep
from hub.records import catalog
from hub.records import services as records
from hub.records.errors import RecordsError
from hub.records.schemas import (
    BatchIn,
    BatchOut,
    BatchRejectedOut,
    LookupIn,
    LookupOut,
    RecordPublic,
    StoredOut,
)

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "bad signature or stale timestamp"},
    409: {"model": ErrorOut, "description": "replayed request (nonce seen before)"},
    413: {"model": ErrorOut, "description": "request body too large"},
    503: {
        "model": ErrorOut,
        "description": "key service (OpenBao) unavailable or sealed; nothing was stored",
    },
}

router = APIRouter()


@router.get("/v1/catalog", tags=["records"], responses={401: _ERRORS[401]})
def get_catalog(_department: DepartmentDep) -> dict[str, object]:
    return catalog.describe()


@router.post(
    "/v1/records:batch",
    tags=["records"],
    response_model=BatchOut,
    responses={
        422: {"model": BatchRejectedOut, "description": "invalid records; nothing stored"},
        **_ERRORS,
    },
)
def submit_batch(batch: BatchIn, department: DepartmentDep, rt: RuntimeDep) -> BatchOut:
    """Store up to 1,000 records: all of them, or none. Idempotent on `source_record_id`."""
    stored = records.store_batch(
        engine=rt.engine,
        protector=rt.protector,
        department=department,
        records=[
            records.SubmittedRecord(r.record_type, r.source_record_id, dict(r.fields))
            for r in batch.records
        ],
    )
    return BatchOut(
        stored=sum(1 for s in stored if s.status == "stored"),
        duplicates=sum(1 for s in stored if s.status == "duplicate"),
        records=[
            StoredOut(index=s.index, id=s.id, source_record_id=s.source_record_id, status=s.status)  # type: ignore[arg-type]
            for s in stored
        ],
    )


@router.get(
    "/v1/records/{record_id}",
    tags=["records"],
    response_model=RecordPublic,
    responses={404: {"model": ErrorOut}, **_ERRORS},
)
def get_record(record_id: str, department: DepartmentDep, rt: RuntimeDep) -> RecordPublic:
    """One of the calling department's own records, decrypted."""
    opened = records.read_record(
        engine=rt.engine, protector=rt.protector, department=department, record_id=record_id[:64]
    )
    return _public(opened)


@router.post(
    "/v1/subjects:lookup",
    tags=["subjects"],
    response_model=LookupOut,
    response_model_exclude_none=True,
    responses={403: {"model": ErrorOut, "description": "purpose not granted"}, **_ERRORS},
)
async def lookup(query: LookupIn, department: DepartmentDep, rt: RuntimeDep) -> LookupOut:
    """A person's records that the caller's grant allows, for a declared purpose."""
    opened = await run_in_threadpool(
        records.lookup_subject,
        engine=rt.engine,
        protector=rt.protector,
        department=department,
        id_number=query.id_number,
        purpose=query.purpose,
        record_types=query.record_types,
        document_type=query.document_type,
    )
    found = [_public(r) for r in opened]
    if query.seal_to is None:
        return LookupOut(records=found)
    payload = json.dumps(
        {"records": [r.model_dump(mode="json") for r in found]}, ensure_ascii=False
    ).encode()
    try:
        sealed = seal(recipient_public_key_b64=query.seal_to, data=payload)
    except SealedBoxError:
        raise RecordsError("lookup.seal_key_invalid") from None
    return LookupOut(sealed=base64.b64encode(sealed).decode())


def _public(opened: records.OpenedRecord) -> RecordPublic:
    return RecordPublic(
        id=opened.id,
        record_type=opened.record_type,
        department=opened.department,
        source_record_id=opened.source_record_id,
        fields=opened.fields,
        created_at=opened.created_at,
    )
