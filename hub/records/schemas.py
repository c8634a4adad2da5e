"""Request and response bodies. Every string has a maximum length; responses expose only these classes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from crypto.identifiers import RESIDENT_ID_DOCUMENT
from hub.core.schemas import ErrorOut

FieldValue = str | int | float | None


class RecordIn(BaseModel):
    record_type: str = Field(max_length=32, examples=["admin_penalty"])
    source_record_id: str = Field(
        max_length=128, description="the department's own record id (idempotency key)"
    )
    fields: dict[str, FieldValue] = Field(max_length=64)


class BatchIn(BaseModel):
    records: list[RecordIn] = Field(min_length=1, max_length=1000)


class StoredOut(BaseModel):
    index: int
    id: str
    source_record_id: str
    status: Literal["stored", "duplicate"]


class BatchOut(BaseModel):
    stored: int
    duplicates: int
    records: list[StoredOut]


class RecordErrorOut(BaseModel):
    index: int
    field: str
    reason: str = Field(description="English text of the code")
    code: str
    message: str = Field(description="Chinese text of the code")


class BatchRejectedOut(ErrorOut):
    errors: list[RecordErrorOut]


class RecordPublic(BaseModel):
    id: str
    record_type: str
    department: str
    source_record_id: str
    fields: dict[str, str]
    created_at: dt.datetime


class LookupIn(BaseModel):
    id_number: str = Field(max_length=40, description="证件号码; in the body, never in the URL")
    purpose: str = Field(max_length=64, examples=["职称评定"])
    document_type: str = Field(default=RESIDENT_ID_DOCUMENT, max_length=32)
    record_types: list[str] | None = Field(default=None, max_length=16)
    seal_to: str | None = Field(
        default=None, max_length=64, description="X25519 public key (base64): seal the answer to it"
    )


class LookupOut(BaseModel):
    records: list[RecordPublic] | None = None
    sealed: str | None = Field(default=None, description="base64 SealedBox of {'records': [...]}")

