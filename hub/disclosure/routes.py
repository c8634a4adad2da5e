"""HTTP routes: the public read-only listing (no authentication) and the publicity officers' workflow.

Officers are people signed in through `hub.users` (session cookie); every workflow route requires the
publicity_officer role. The router's lifespan runs the scheduled display-period job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile

from hub.core.deps import RuntimeDep
from hub.core.principals import Principal, Role
from hub.disclosure import batches, listing, publication, remedies, review
from hub.disclosure.errors import InvalidDisclosureInput
from hub.disclosure.schemas import (
    BatchFromRecordsIn,
    BatchOut,
    BatchReviewOut,
    CheckIn,
    ExpireOut,
    FindingDecisionIn,
    FindingOut,
    GroundIn,
    ItemDecisionIn,
    ItemOut,
    ListedRecordOut,
    ListingPageOut,
    ListingSearchIn,
    ManualSpanIn,
    ObjectionDecisionIn,
    ReasonIn,
    RemedyOut,
    RepairDecisionIn,
    RequiredReasonIn,
)
from hub.disclosure.tasks import expiry_job
from hub.users.deps import require_roles
from redaction.models import RecordCheck
from redaction.standard import RecordKind

Officer = Annotated[Principal, Depends(require_roles(Role.PUBLICITY_OFFICER))]
MAX_UPLOAD_BYTES = 8 * 1024 * 1024

router = APIRouter(lifespan=expiry_job)
public = APIRouter(prefix="/v1/public/disclosures", tags=["public listing"])
officers = APIRouter(prefix="/v1/disclosure", tags=["双公示 review"])


def _batch(summary: batches.BatchSummary) -> BatchOut:
    return BatchOut(**dataclasses.asdict(summary))


def _listed(record: listing.ListedRecord) -> ListedRecordOut:
    return ListedRecordOut(**dataclasses.asdict(record))


# -- public listing ------------------------------------------------------------------------------------


@public.get("", response_model=ListingPageOut)
def browse_listing(
    rt: RuntimeDep,
    decision_number: Annotated[str | None, Query(max_length=128)] = None,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    record_type: RecordKind | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ListingPageOut:
    """Published records. To search by party name use POST …:search (names stay out of URLs)."""
    page = listing.search_listing(
        engine=rt.engine,
        query=listing.ListingQuery(decision_number=decision_number, agency=agency, record_type=record_type,
                                   date_from=date_from, date_to=date_to, limit=limit, offset=offset),
    )
    return ListingPageOut(total=page.total, records=[_listed(r) for r in page.records])


@public.post(":search", response_model=ListingPageOut)
def search_listing(query: ListingSearchIn, rt: RuntimeDep) -> ListingPageOut:
    """Search by party name, decision number, agency and decision date."""
    page = listing.search_listing(engine=rt.engine, query=listing.ListingQuery(**query.model_dump()))
    return ListingPageOut(total=page.total, records=[_listed(r) for r in page.records])


@public.get("/{entry_id}", response_model=ListedRecordOut)
def get_listed(entry_id: str, rt: RuntimeDep) -> ListedRecordOut:
    return _listed(listing.listed_record(engine=rt.engine, entry_id=entry_id[:36]))


# -- the privacy check on its own -------------------------------------------------------------------------


@router.post("/v1/redaction:check", tags=["双公示 review"], response_model=RecordCheck)
def check_one_record(body: CheckIn, _officer: Officer) -> RecordCheck:
    """Run the pre-publication check on one record; nothing is stored."""
    return batches.check_one_record(body.fields, body.record_type)


# -- batches and review ----------------------------------------------------------------------------------


@officers.post("/batches", response_model=BatchOut)
def create_from_records(body: BatchFromRecordsIn, officer: Officer, rt: RuntimeDep) -> BatchOut:
    return _batch(batches.create_batch_from_records(
        engine=rt.engine, protector=rt.protector, officer=officer, department=body.department,
        record_type=body.record_type, date_from=body.date_from, date_to=body.date_to,
    ))


@officers.post("/batches/upload", response_model=BatchOut)
def create_from_upload(
    officer: Officer,
    rt: RuntimeDep,
    file: Annotated[UploadFile, File(description="national-standard .csv or .xlsx")],
    department: Annotated[str, Form(max_length=32)],
    record_type: Annotated[RecordKind, Form()],
) -> BatchOut:
    content = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidDisclosureInput("upload.too_large", limit=MAX_UPLOAD_BYTES // (1024 * 1024))
    return _batch(batches.create_batch_from_upload(
        engine=rt.engine, protector=rt.protector, officer=officer, department=department,
        record_type=record_type, filename=(file.filename or "upload.csv")[-200:], content=content,
    ))


@officers.get("/batches", response_model=list[BatchOut])
def list_batches(
    _officer: Officer, rt: RuntimeDep, state: Annotated[str | None, Query(max_length=16)] = None
) -> list[BatchOut]:
    return [_batch(b) for b in batches.list_batches(engine=rt.engine, state=state)]


@officers.get("/batches/{batch_id}", response_model=BatchReviewOut)
def review_batch(
    batch_id: str,
    officer: Officer,
    rt: RuntimeDep,
    with_original: bool = False,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> BatchReviewOut:
    """The batch, a page of its records' redacted drafts and findings (`with_original`: the masked text, audited)."""
    result = review.review_batch(engine=rt.engine, protector=rt.protector, officer=officer, batch_id=batch_id[:36],
                                 with_original=with_original, offset=offset, limit=limit)
    return BatchReviewOut(
        batch=_batch(result.batch),
        items=[
            ItemOut(**{**dataclasses.asdict(item), "findings": [FindingOut(**dataclasses.asdict(f))
                                                                 for f in item.findings]})
            for item in result.items
        ],
    )


@officers.post("/findings/{finding_id}/decision", response_model=FindingOut)
def decide_finding(finding_id: int, body: FindingDecisionIn, officer: Officer, rt: RuntimeDep) -> FindingOut:
    view = review.decide_finding(engine=rt.engine, officer=officer, finding_id=finding_id,
                                 decision=body.decision, reason=body.reason)
    return FindingOut(**dataclasses.asdict(view))


@officers.post("/items/{item_id}/spans", response_model=FindingOut)
def add_span(item_id: str, body: ManualSpanIn, officer: Officer, rt: RuntimeDep) -> FindingOut:
    view = review.add_manual_span(engine=rt.engine, protector=rt.protector, officer=officer, item_id=item_id[:36],
                                  field_name=body.field, start=body.start, end=body.end,
                                  entity_type=body.entity_type, reason=body.reason)
    return FindingOut(**dataclasses.asdict(view))


@officers.post("/items/{item_id}/decision", status_code=204)
def decide_item(item_id: str, body: ItemDecisionIn, officer: Officer, rt: RuntimeDep) -> None:
    review.decide_item(engine=rt.engine, officer=officer, item_id=item_id[:36], decision=body.decision,
                       reason=body.reason)


@officers.post("/batches/{batch_id}/approve", response_model=BatchOut)
def approve(batch_id: str, body: ReasonIn, officer: Officer, rt: RuntimeDep) -> BatchOut:
    return _batch(review.approve_batch(engine=rt.engine, officer=officer, batch_id=batch_id[:36], reason=body.reason))


@officers.post("/batches/{batch_id}/confirm", response_model=BatchOut)
def confirm(batch_id: str, body: ReasonIn, officer: Officer, rt: RuntimeDep) -> BatchOut:
    return _batch(review.confirm_batch(engine=rt.engine, officer=officer, batch_id=batch_id[:36], reason=body.reason))


@officers.post("/batches/{batch_id}/reject", response_model=BatchOut)
def reject(batch_id: str, body: RequiredReasonIn, officer: Officer, rt: RuntimeDep) -> BatchOut:
    return _batch(review.reject_batch(engine=rt.engine, officer=officer, batch_id=batch_id[:36], reason=body.reason))


@officers.post("/batches/{batch_id}/publish", response_model=BatchOut)
def publish(batch_id: str, officer: Officer, rt: RuntimeDep) -> BatchOut:
    return _batch(publication.publish_batch(engine=rt.engine, protector=rt.protector, officer=officer,
                                            batch_id=batch_id[:36]))


@officers.post("/batches/{batch_id}/withdraw", response_model=BatchOut)
def withdraw_batch(batch_id: str, body: RequiredReasonIn, officer: Officer, rt: RuntimeDep) -> BatchOut:
    return _batch(publication.withdraw_batch(engine=rt.engine, officer=officer, batch_id=batch_id[:36],
                                             reason=body.reason))


@officers.post("/entries/{entry_id}/withdraw", status_code=204)
def withdraw_entry(entry_id: str, body: RequiredReasonIn, officer: Officer, rt: RuntimeDep) -> None:
    publication.withdraw_entry(engine=rt.engine, officer=officer, entry_id=entry_id[:36], reason=body.reason)


@officers.post("/expire", response_model=ExpireOut)
def expire(_officer: Officer, rt: RuntimeDep) -> ExpireOut:
    """Withdraw now what the scheduled job would withdraw at its next run."""
    return ExpireOut(withdrawn=publication.expire_publications(engine=rt.engine))


# -- objections and credit repair ------------------------------------------------------------------------


def _remedy(view: remedies.RemedyView) -> RemedyOut:
    return RemedyOut(**dataclasses.asdict(view))


@officers.post("/entries/{entry_id}/objections", response_model=RemedyOut)
def file_objection(entry_id: str, body: GroundIn, officer: Officer, rt: RuntimeDep) -> RemedyOut:
    return _remedy(remedies.file_objection(engine=rt.engine, officer=officer, entry_id=entry_id[:36],
                                           ground=body.ground))


@officers.post("/objections/{objection_id}/decision", response_model=RemedyOut)
def decide_objection(objection_id: str, body: ObjectionDecisionIn, officer: Officer, rt: RuntimeDep) -> RemedyOut:
    return _remedy(remedies.decide_objection(engine=rt.engine, officer=officer, objection_id=objection_id[:36],
                                             uphold=body.decision == "uphold", reason=body.reason))


@officers.post("/entries/{entry_id}/credit-repairs", response_model=RemedyOut)
def apply_credit_repair(entry_id: str, body: GroundIn, officer: Officer, rt: RuntimeDep) -> RemedyOut:
    return _remedy(remedies.apply_credit_repair(engine=rt.engine, officer=officer, entry_id=entry_id[:36],
                                                ground=body.ground))


@officers.post("/credit-repairs/{repair_id}/decision", response_model=RemedyOut)
def decide_credit_repair(repair_id: str, body: RepairDecisionIn, officer: Officer, rt: RuntimeDep) -> RemedyOut:
    return _remedy(remedies.decide_credit_repair(engine=rt.engine, officer=officer, repair_id=repair_id[:36],
                                                 approve=body.decision == "approve", reason=body.reason))


router.include_router(public)
router.include_router(officers)
