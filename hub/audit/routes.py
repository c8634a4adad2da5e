"""The audit trail's routes (security officers and auditors): verify, access review, CSV export,
one subject's history. Reading the trail is itself audited. The router's lifespan runs the
checkpointer (a signed checkpoint every N entries or minutes) while the app runs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from hub.audit import services
from hub.audit.schemas import AccessEntryOut, ReviewOut, SubjectHistoryIn, VerifyOut
from hub.audit.subject import subject_history
from hub.audit.tasks import checkpointing
from hub.core.deps import RuntimeDep
from hub.users.deps import AuditReader

router = APIRouter(lifespan=checkpointing)

Bound = Annotated[
    str | None,
    Query(max_length=40, description="YYYY-MM-DD (a day in China) or an ISO 8601 date-time (UTC unless it says)"),
]


@router.get("/v1/audit/verify", tags=["audit"], response_model=VerifyOut)
def verify(reader: AuditReader, rt: RuntimeDep) -> VerifyOut:
    report = services.verify_trail(engine=rt.engine, transit=rt.transit, reader=reader)
    return VerifyOut.model_validate(report, from_attributes=True)


@router.get("/v1/audit/review", tags=["audit"], response_model=ReviewOut)
def review(reader: AuditReader, rt: RuntimeDep, since: Bound = None, until: Bound = None) -> ReviewOut:
    result = services.review_access(engine=rt.engine, reader=reader, period=services.review_period(since, until))
    return ReviewOut.model_validate(result, from_attributes=True)


@router.get("/v1/audit/review.csv", tags=["audit"], response_class=PlainTextResponse)
def review_export(reader: AuditReader, rt: RuntimeDep, since: Bound = None, until: Bound = None) -> PlainTextResponse:
    text = services.export_review(engine=rt.engine, reader=reader, period=services.review_period(since, until))
    return PlainTextResponse(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="access-review.csv"'},
    )


@router.post("/v1/audit/subject-history", tags=["audit"], response_model=list[AccessEntryOut])
def history(body: SubjectHistoryIn, reader: AuditReader, rt: RuntimeDep) -> list[AccessEntryOut]:
    """Who accessed this person's records, when and why (the ID number goes in the body, never the URL)."""
    entries = subject_history(
        engine=rt.engine, transit=rt.transit, actor=reader, id_number=body.id_number, document_type=body.document_type
    )
    return [AccessEntryOut.model_validate(e, from_attributes=True) for e in entries]
