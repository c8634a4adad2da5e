"""The audit trail's routes (security officers and auditors): verify, access review, CSV export,
one subject's history. Reading the trail is itself audited. The router's lifespan runs the
checkpointer (a signed checkpoint every N entries or minutes) while the app runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from hub.audit.export import review_csv
from hub.audit.reads import note_audit_read
from hub.audit.review import Review, access_review
from hub.audit.schemas import AccessEntryOut, ActorOut, AnomalyOut, ReviewOut, SubjectHistoryIn, VerifyOut
from hub.audit.subject import subject_history
from hub.audit.tasks import checkpointing
from hub.audit.verify import verify_chain
from hub.core.deps import RuntimeDep
from hub.core.principals import Principal
from hub.keyjobs.errors import KeyJobError
from hub.users.deps import AuditReader

router = APIRouter(lifespan=checkpointing)


# -- audit trail (security officer, auditor) ----------------------------------------------------------


def _audit_read(rt: RuntimeDep, reader: Principal, action: str, detail: str | None = None) -> None:
    note_audit_read(engine=rt.engine, reader=reader, action=action, detail=detail)


@router.get("/v1/audit/verify", tags=["audit"], response_model=VerifyOut)
def verify(reader: AuditReader, rt: RuntimeDep) -> VerifyOut:
    report = verify_chain(engine=rt.engine, transit=rt.transit)
    _audit_read(rt, reader, "audit.verify", report.describe()[:500])
    return VerifyOut(
        ok=report.ok,
        entries=report.entries,
        checkpoints=report.checkpoints,
        first_bad_seq=report.first_bad_seq,
        reason=report.reason,
    )


def _period(since: dt.datetime | None, until: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    end = until or dt.datetime.now(dt.UTC)
    start = since or end - dt.timedelta(days=30)
    aware = [t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in (start, end)]
    if aware[0] >= aware[1]:
        raise KeyJobError("since must be before until")
    return aware[0], aware[1]


def _review(rt: RuntimeDep, reader: Principal, since: dt.datetime | None, until: dt.datetime | None) -> Review:
    start, end = _period(since, until)
    _audit_read(rt, reader, "audit.review", f"{start.isoformat()} .. {end.isoformat()}")
    return access_review(engine=rt.engine, since=start, until=end)


@router.get("/v1/audit/review", tags=["audit"], response_model=ReviewOut)
def review(
    reader: AuditReader,
    rt: RuntimeDep,
    since: Annotated[dt.datetime | None, Query()] = None,
    until: Annotated[dt.datetime | None, Query()] = None,
) -> ReviewOut:
    result = _review(rt, reader, since, until)
    return ReviewOut(
        since=result.since,
        until=result.until,
        actors=[
            ActorOut(
                actor=a.actor,
                role=a.role,
                accesses=a.accesses,
                distinct_subjects=a.distinct_subjects,
                denied=a.denied,
                purposes=dict(a.purposes),
                per_day=dict(a.per_day),
            )
            for a in result.actors
        ],
        anomalies=[AnomalyOut(**a.__dict__) for a in result.anomalies],
    )


@router.get("/v1/audit/review.csv", tags=["audit"], response_class=PlainTextResponse)
def review_export(
    reader: AuditReader,
    rt: RuntimeDep,
    since: Annotated[dt.datetime | None, Query()] = None,
    until: Annotated[dt.datetime | None, Query()] = None,
) -> PlainTextResponse:
    text = review_csv(_review(rt, reader, since, until))
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
    return [
        AccessEntryOut(
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            role=e.role,
            action=e.action,
            purpose=e.purpose,
            outcome=e.outcome,
            object=e.object,
        )
        for e in entries
    ]
