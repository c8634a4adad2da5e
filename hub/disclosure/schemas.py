"""Request and response bodies of the disclosure routes. Every string has a maximum length."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from hub.disclosure.remedies import ObjectionDecision, RepairDecision
from hub.disclosure.review import FindingDecision, ItemDecision
from redaction.standard import RecordKind


class CheckIn(BaseModel):
    record_type: RecordKind
    fields: dict[str, str] = Field(max_length=64)


class BatchFromRecordsIn(BaseModel):
    department: str = Field(max_length=32)
    record_type: RecordKind
    date_from: dt.date
    date_to: dt.date


class BatchOut(BaseModel):
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


class FindingOut(BaseModel):
    id: int
    field: str
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    action: str
    origin: str
    status: str
    reason: str | None
    decided_by: str | None
    decided_at: dt.datetime | None
    text: str | None = None


class ItemOut(BaseModel):
    id: str
    position: int
    needs_officer_decision: bool
    decision_reasons: list[str]
    publish_decision: str | None
    decision_reason: str | None
    decided_by: str | None
    redacted: dict[str, str]
    findings: list[FindingOut]


class BatchReviewOut(BaseModel):
    batch: BatchOut
    items: list[ItemOut]


class ReasonIn(BaseModel):
    reason: str | None = Field(default=None, max_length=500)


class RequiredReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class FindingDecisionIn(BaseModel):
    decision: FindingDecision
    reason: str | None = Field(default=None, max_length=500)


class ManualSpanIn(BaseModel):
    field: str = Field(max_length=64)
    start: int = Field(ge=0)
    end: int = Field(ge=1)
    entity_type: str = Field(max_length=32)
    reason: str | None = Field(default=None, max_length=500)


class ItemDecisionIn(BaseModel):
    decision: ItemDecision
    reason: str = Field(min_length=1, max_length=500)


class ListingSearchIn(BaseModel):
    party_name: str | None = Field(default=None, max_length=200)
    decision_number: str | None = Field(default=None, max_length=128)
    agency: str | None = Field(default=None, max_length=200)
    record_type: RecordKind | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class ListedRecordOut(BaseModel):
    id: str
    record_type: str
    party_name: str
    decision_number: str
    agency: str
    decision_date: dt.date
    display_until: dt.date
    fields: dict[str, str]


class ListingPageOut(BaseModel):
    total: int
    records: list[ListedRecordOut]


class GroundIn(BaseModel):
    ground: str = Field(min_length=1, max_length=500)


class ObjectionDecisionIn(BaseModel):
    decision: ObjectionDecision
    reason: str = Field(min_length=1, max_length=500)


class RepairDecisionIn(BaseModel):
    decision: RepairDecision
    reason: str = Field(min_length=1, max_length=500)


class RemedyOut(BaseModel):
    id: str
    kind: str
    entry_id: str
    state: str
    filed_by: str
    filed_at: dt.datetime
    decided_by: str | None
    decision_reason: str | None


class ExpireOut(BaseModel):
    withdrawn: int
