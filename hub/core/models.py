"""Tables the hub's key machinery keeps (SQLModel): wrapped data keys and the token-key state.

They belong to `hub.core.protection`, which reads them on every ingest and lookup; the key jobs
(`hub.keyjobs`) change them. Each domain keeps its own tables in its own `models.py`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlmodel import Field, SQLModel

from hub.core.clock import utcnow


def new_id() -> str:
    return str(uuid.uuid4())


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


class TokenKeyState(SQLModel, table=True):
    """Which version of the subject-token key tokens are computed under.

    No row: `Settings.token_key_version`. During a re-tokenise job `target_version` is set: new records
    are tokenised under it and lookups try both versions (see hub.keyjobs.retokenise)."""

    __tablename__ = "token_key_state"

    id: int = Field(default=1, primary_key=True)
    pinned_version: int
    target_version: int | None = None
    updated_at: dt.datetime = Field(default_factory=utcnow)
