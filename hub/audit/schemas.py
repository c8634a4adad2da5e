"""Request and response bodies of the audit-trail routes. Every string has a maximum length."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from crypto.identifiers import RESIDENT_ID_DOCUMENT


class VerifyOut(BaseModel):
    ok: bool
    entries: int
    checkpoints: int
    first_bad_seq: int | None
    reason: str | None


class ActorOut(BaseModel):
    actor: str
    role: str
    accesses: int
    distinct_subjects: int
    denied: int
    purposes: dict[str, int]
    per_day: dict[dt.date, int]


class AnomalyOut(BaseModel):
    actor: str
    kind: str
    at: dt.datetime
    count: int
    detail: str


class ReviewOut(BaseModel):
    since: dt.datetime
    until: dt.datetime
    actors: list[ActorOut]
    anomalies: list[AnomalyOut]


class SubjectHistoryIn(BaseModel):
    id_number: str = Field(max_length=40, description="证件号码; in the body, never in the URL")
    document_type: str = Field(default=RESIDENT_ID_DOCUMENT, max_length=32)


class AccessEntryOut(BaseModel):
    seq: int
    at: dt.datetime
    actor: str
    role: str
    action: str
    purpose: str | None
    outcome: str
    object: str | None
