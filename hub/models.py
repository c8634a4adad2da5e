"""Database tables (SQLModel). Clear columns hold only what an index needs; personal data lives in
`Record.sealed_fields`, each field an AES-256-GCM ciphertext bound to its record, field and department."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return str(uuid.uuid4())


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


class DataKey(SQLModel, table=True):
    """A DEK wrapped by a department's transit key. The plaintext DEK never reaches the database."""

    __tablename__ = "data_key"

    id: str = Field(primary_key=True, max_length=32, description="hex of the 16-byte DEK id")
    kek_name: str = Field(index=True, max_length=64)
    kek_version: int = Field(index=True)
    wrapped: str = Field(max_length=512)
    created_at: dt.datetime = Field(default_factory=utcnow)

    @staticmethod
    def new_dek_id() -> bytes:
        return uuid.uuid4().bytes


class Record(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("department_code", "source_record_id", name="uq_record_source"),
        Index("ix_record_type_date", "record_type", "event_date"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    department_code: str = Field(foreign_key="department.code", max_length=32)
    record_type: str = Field(max_length=32)
    source_record_id: str = Field(max_length=128)
    subject_token: str = Field(index=True, max_length=128)
    schema_version: int
    event_date: dt.date
    status: str = Field(default="active", max_length=16)
    sealed_fields: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class RequestNonce(SQLModel, table=True):
    __tablename__ = "request_nonce"

    department_code: str = Field(primary_key=True, max_length=32)
    nonce: str = Field(primary_key=True, max_length=64)
    seen_at: dt.datetime = Field(default_factory=utcnow, index=True)


class AuditEntry(SQLModel, table=True):
    """Append-only; each entry carries the hash of the one before it."""

    __tablename__ = "audit_entry"

    seq: int = Field(primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(index=True, max_length=64)
    role: str = Field(max_length=32)
    action: str = Field(max_length=64)
    object: str | None = Field(default=None, max_length=200)
    subject_token: str | None = Field(default=None, index=True, max_length=128)
    purpose: str | None = Field(default=None, max_length=64)
    outcome: str = Field(max_length=32)
    detail: str | None = Field(default=None, max_length=500)
    prev_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """One row: the last entry's sequence number and hash. Locking it serialises the chain."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    entry_hash: str = Field(default="0" * 64, max_length=64)
