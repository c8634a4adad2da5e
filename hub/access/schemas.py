"""Request and response bodies of the people-facing routes. Every string has a maximum length."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from hub.principals import Role


class LoginIn(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class MeOut(BaseModel):
    username: str
    role: Role


class UserIn(BaseModel):
    username: str = Field(max_length=64)
    role: Role
    password: str = Field(max_length=256)


class UserOut(BaseModel):
    username: str
    role: Role
    locked: bool
    failed_logins: int
    created_at: dt.datetime
    last_login_at: dt.datetime | None


class GrantIn(BaseModel):
    record_types: list[str] = Field(min_length=1, max_length=16)
    purposes: list[str] = Field(max_length=16)
    fields: list[str] = Field(default_factory=list, max_length=64)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class GrantOut(BaseModel):
    id: int
    department: str
    record_types: list[str]
    purposes: list[str]
    fields: list[str]
    valid_from: dt.date
    valid_until: dt.date | None
    revoked_at: dt.datetime | None


class KeyOut(BaseModel):
    name: str
    type: str
    latest_version: int
    min_decryption_version: int
    auto_rotate_period_seconds: int
    last_rotated: dt.datetime
    deks_by_version: dict[int, int]
    deks_needing_rewrap: int
    token_versions: dict[str, int]


class RotatedOut(BaseModel):
    name: str
    latest_version: int


class AutoRotateIn(BaseModel):
    period_seconds: int = Field(ge=0, le=10 * 365 * 86400, description="0 switches scheduled rotation off")


class RetireIn(BaseModel):
    below_version: int | None = Field(default=None, ge=1, description="default: the latest version")


class RetiredOut(BaseModel):
    name: str
    min_decryption_version: int


class RewrapOut(BaseModel):
    name: str
    pending: int
    detail: str


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
    document_type: str = Field(default="身份证", max_length=32)


class AccessEntryOut(BaseModel):
    seq: int
    at: dt.datetime
    actor: str
    role: str
    action: str
    purpose: str | None
    outcome: str
    object: str | None
