"""People who log in and their web sessions (SQLModel tables)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from hub.core.clock import utcnow


class User(SQLModel, table=True):
    """A person who logs in (publicity officer, security officer, auditor, admin).

    Departments are not users: they authenticate each request with their Ed25519 key."""

    __tablename__ = "hub_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    role: str = Field(max_length=32)
    password_hash: str = Field(max_length=255, description="argon2id (libsodium string format)")
    failed_logins: int = 0
    # Set by the automatic lockout (a time soon) or by an admin's `lock` (far in the future).
    locked_until: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_login_at: dt.datetime | None = None


class WebSession(SQLModel, table=True):
    """A browser session. Only a SHA-256 of the cookie value is stored: a database leak yields no session."""

    __tablename__ = "web_session"

    id_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="hub_user.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_seen_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime
