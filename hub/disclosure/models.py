"""Tables of the 双公示 review and publication workflow (migration 0003).

Personal data stays sealed: an item's original fields (uploads) and its redacted draft are AES-GCM
ciphertexts like `Record.sealed_fields`. Findings are offsets, never the text they point at. Only
`published_entry.fields` is clear, because it is what the public listing shows: the approved,
redacted version, cleared again when the entry is withdrawn.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, Index, LargeBinary
from sqlmodel import Field, SQLModel

from hub.core.clock import utcnow
from hub.core.models import new_id


class DisclosureBatch(SQLModel, table=True):
    __tablename__ = "disclosure_batch"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    record_type: str = Field(max_length=32)
    source: str = Field(max_length=16, description="records | upload")
    department_code: str = Field(foreign_key="department.code", max_length=32)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    upload_name: str | None = Field(default=None, max_length=200)
    state: str = Field(default="draft", index=True, max_length=16)
    created_by: str = Field(max_length=64)
    approved_by: str | None = Field(default=None, max_length=64)
    confirmed_by: str | None = Field(default=None, max_length=64)
    item_count: int = 0
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class DisclosureItem(SQLModel, table=True):
    """One candidate record of a batch."""

    __tablename__ = "disclosure_item"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    batch_id: str = Field(foreign_key="disclosure_batch.id", index=True, max_length=36)
    position: int
    record_id: str | None = Field(default=None, foreign_key="record.id", max_length=36)
    department_code: str = Field(max_length=32)
    record_type: str = Field(max_length=32)
    subject_token: str = Field(max_length=128)
    schema_version: int
    # Uploads only: the original fields, sealed. Stored records are opened from `record`.
    sealed_original: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    sealed_redacted: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    needs_officer_decision: bool = False
    decision_reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Art. 5 records: "publish_redacted" or "withhold"; officers may also withhold any other record.
    publish_decision: str | None = Field(default=None, max_length=16)
    decision_reason: str | None = Field(default=None, max_length=500)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: dt.datetime | None = None


class DisclosureFinding(SQLModel, table=True):
    """A span the check (or an officer) marked, and what the officers decided about it."""

    __tablename__ = "disclosure_finding"

    id: int | None = Field(default=None, primary_key=True)
    item_id: str = Field(foreign_key="disclosure_item.id", index=True, max_length=36)
    field: str = Field(max_length=64)
    start: int
    end: int
    entity_type: str = Field(max_length=32)
    score: float
    recognizer: str = Field(max_length=64)
    action: str = Field(max_length=32, description="masked | dropped_field | needs_officer_decision")
    origin: str = Field(default="check", max_length=16, description="check | manual")
    status: str = Field(default="accepted", max_length=16, description="accepted | rejected")
    reason: str | None = Field(default=None, max_length=500)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: dt.datetime | None = None


class DisclosureTransition(SQLModel, table=True):
    """Every state change of a batch or a published entry: who, when, why."""

    __tablename__ = "disclosure_transition"
    __table_args__ = (Index("ix_disclosure_transition_object", "object_kind", "object_id"),)

    id: int | None = Field(default=None, primary_key=True)
    object_kind: str = Field(max_length=16, description="batch | entry")
    object_id: str = Field(max_length=36)
    from_state: str = Field(max_length=16)
    to_state: str = Field(max_length=16)
    action: str = Field(max_length=32)
    actor: str = Field(max_length=64)
    role: str = Field(max_length=32)
    reason: str | None = Field(default=None, max_length=500)
    at: dt.datetime = Field(default_factory=utcnow)


class PublishedEntry(SQLModel, table=True):
    """One record on the public listing. `fields` is the approved redacted version."""

    __tablename__ = "published_entry"
    __table_args__ = (
        Index("ix_published_entry_status_date", "status", "decision_date"),
        Index("ix_published_entry_display_until", "status", "display_until"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    batch_id: str = Field(foreign_key="disclosure_batch.id", index=True, max_length=36)
    item_id: str = Field(foreign_key="disclosure_item.id", unique=True, max_length=36)
    record_type: str = Field(max_length=32)
    party_name: str = Field(default="", index=True, max_length=200)
    decision_number: str = Field(index=True, max_length=128)
    agency: str = Field(index=True, max_length=200)
    decision_date: dt.date
    repair_after: dt.date
    display_until: dt.date
    status: str = Field(default="listed", max_length=16)
    withdrawn_reason: str | None = Field(default=None, max_length=32)
    withdrawn_at: dt.datetime | None = None
    fields: dict[str, str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    published_at: dt.datetime = Field(default_factory=utcnow)


class Objection(SQLModel, table=True):
    """A data subject's objection (异议) to a published entry, as recorded by an officer."""

    __tablename__ = "disclosure_objection"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    entry_id: str = Field(foreign_key="published_entry.id", index=True, max_length=36)
    ground: str = Field(max_length=500)
    state: str = Field(default="pending", max_length=16, description="pending | upheld | dismissed")
    filed_by: str = Field(max_length=64)
    filed_at: dt.datetime = Field(default_factory=utcnow)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: dt.datetime | None = None
    decision_reason: str | None = Field(default=None, max_length=500)


class CreditRepair(SQLModel, table=True):
    """A party's credit-repair application (信用修复) for a published penalty."""

    __tablename__ = "credit_repair"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    entry_id: str = Field(foreign_key="published_entry.id", index=True, max_length=36)
    ground: str = Field(max_length=500)
    state: str = Field(default="pending", max_length=16, description="pending | approved | rejected")
    filed_by: str = Field(max_length=64)
    filed_at: dt.datetime = Field(default_factory=utcnow)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: dt.datetime | None = None
    decision_reason: str | None = Field(default=None, max_length=500)
