"""Request and response bodies of the grant routes. Every string has a maximum length."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


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
