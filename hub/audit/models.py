"""The audit trail's tables: the entries, the chain head, and the signed checkpoints."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from hub.core.clock import utcnow


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


class AuditCheckpoint(SQLModel, table=True):
    """The audit chain's head at `seq`, signed with the hub's Ed25519 transit key."""

    __tablename__ = "audit_checkpoint"

    seq: int = Field(primary_key=True)
    entry_hash: str = Field(max_length=64)
    at: dt.datetime = Field(default_factory=utcnow)
    signature: str = Field(max_length=256, description="transit signature vault:vN:<base64>")
