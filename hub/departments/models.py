"""Departments, their grants and the nonces of their signed requests (SQLModel tables)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from hub.core.clock import utcnow


class Department(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=100)
    signing_public_key: str = Field(max_length=64, description="Ed25519 public key, base64")
    kek_name: str = Field(max_length=64)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class Grant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    department_code: str = Field(foreign_key="department.code", index=True, max_length=32)
    record_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    # Empty list: every field of the granted record types.
    fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    purposes: list[str] = Field(sa_column=Column(JSON, nullable=False))
    valid_from: dt.date
    valid_until: dt.date | None = None
    revoked_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class RequestNonce(SQLModel, table=True):
    __tablename__ = "request_nonce"

    department_code: str = Field(primary_key=True, max_length=32)
    nonce: str = Field(primary_key=True, max_length=64)
    seen_at: dt.datetime = Field(default_factory=utcnow, index=True)
