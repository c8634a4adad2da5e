"""Request and response bodies of the key routes. Every string has a maximum length."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


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
