"""The FastAPI application: department API (signed), OpenAPI docs at /docs."""

from __future__ import annotations

import base64
import json
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from crypto.errors import SealedBoxError
from crypto.sealed import seal
from hub import catalog, records
from hub.access.routes import install as install_access_routes
from hub.api.errors import install_error_handlers
from hub.api.limits import BodySizeLimit
from hub.api.schemas import (
    BatchIn,
    BatchOut,
    BatchRejectedOut,
    ErrorOut,
    LookupIn,
    LookupOut,
    RecordPublic,
    StoredOut,
)
from hub.deps import DepartmentDep, RuntimeDep
from hub.disclosure.api import router as disclosure_router
from hub.errors import HubError
from hub.runtime import Runtime
from hub.web import install as install_web_pages

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "bad signature or stale timestamp"},
    409: {"model": ErrorOut, "description": "replayed request (nonce seen before)"},
    413: {"model": ErrorOut, "description": "request body too large"},
    503: {
        "model": ErrorOut,
        "description": "key service (OpenBao) unavailable or sealed; nothing was stored",
    },
}


class InvalidSealKey(HubError):
    status_code = 422


def create_app(runtime: Runtime) -> FastAPI:
    app = FastAPI(
        title="Credit information hub",
        summary="个人公共信用信息 sharing hub: tokenised, encrypted, audited.",
        version="0.1.0",
    )
    app.state.runtime = runtime
    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.max_body_bytes)
    install_error_handlers(app)
    install_access_routes(app)  # login, users, grants, keys, audit (issue 6)

    @app.get("/healthz", tags=["ops"])
    def healthz(rt: RuntimeDep) -> dict[str, str]:
        rt.protector.ensure_available()
        return {"status": "ok"}

    @app.get("/v1/catalog", tags=["records"], responses={401: _ERRORS[401]})
    def get_catalog(_department: DepartmentDep) -> dict[str, object]:
        return catalog.describe()

    @app.post(
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

    @app.get(
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

    @app.post(
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
            raise InvalidSealKey("seal_to: not an X25519 public key") from None
        return LookupOut(sealed=base64.b64encode(sealed).decode())

    app.include_router(disclosure_router)
    install_web_pages(app)  # Chinese pages under /ui and the public /gongshi listing (hub/web)
    return app


def _public(opened: records.OpenedRecord) -> RecordPublic:
    return RecordPublic(
        id=opened.id,
        record_type=opened.record_type,
        department=opened.department,
        source_record_id=opened.source_record_id,
        fields=opened.fields,
        created_at=opened.created_at,
    )
