"""Web sessions: a random cookie value for the browser, only its SHA-256 in the database.

A session ends after IDLE minutes without a request or ABSOLUTE hours in all; locking a user ends
their sessions. The user's role is read afresh on every request, so a change applies at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Engine, delete, update
from sqlmodel import Session, col, select

from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import Unauthenticated
from hub.core.principals import Principal
from hub.users.models import User, WebSession
from hub.users.services import authenticate, principal_of

IDLE = dt.timedelta(minutes=30)
ABSOLUTE = dt.timedelta(hours=8)
# Cookie values are 43 characters; anything much longer is not ours and is not looked up.
MAX_COOKIE_LENGTH = 128
# Refresh last_seen_at at most this often: one write per minute per session, not per request.
_TOUCH_EVERY = dt.timedelta(seconds=60)


def _digest(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode()).hexdigest()


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def start_session(*, engine: Engine, username: str) -> str:
    """A new session for a user who has just authenticated; returns the cookie value."""
    value = secrets.token_urlsafe(32)
    now = utcnow()
    with transaction(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        assert user.id is not None
        session.add(
            WebSession(
                id_hash=_digest(value),
                user_id=user.id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + ABSOLUTE,
            )
        )
        # Old sessions of anyone are swept now and then, here rather than by a scheduler.
        if secrets.randbelow(50) == 0:
            session.execute(delete(WebSession).where(col(WebSession.expires_at) < now))
    return value


def resolve_session(*, engine: Engine, cookie_value: str) -> Principal:
    now = utcnow()
    digest = _digest(cookie_value)
    with Session(engine) as session:
        row = session.exec(
            select(WebSession, User)
            .join(User, col(User.id) == col(WebSession.user_id))
            .where(WebSession.id_hash == digest)
        ).first()
    if row is None:
        raise Unauthenticated()
    web_session, user = row
    locked_until = user.locked_until and _aware(user.locked_until)
    if (
        _aware(web_session.expires_at) <= now
        or _aware(web_session.last_seen_at) + IDLE <= now
        or (locked_until is not None and locked_until > now)
    ):
        raise Unauthenticated("auth.session_expired")
    if _aware(web_session.last_seen_at) + _TOUCH_EVERY <= now:
        with transaction(engine) as session:
            session.execute(update(WebSession).where(col(WebSession.id_hash) == digest).values(last_seen_at=now))
    return principal_of(user)


def end_session(*, engine: Engine, cookie_value: str) -> None:
    with transaction(engine) as session:
        session.execute(delete(WebSession).where(col(WebSession.id_hash) == _digest(cookie_value)))


def log_in(*, engine: Engine, username: str, password: str, previous: str | None = None) -> tuple[Principal, str]:
    """Authenticate and start a fresh session (returns the cookie value), for the API and the web alike.

    The browser's previous session ends: a session value planted or seen before login is worth nothing
    after it."""
    principal = authenticate(engine, username=username, password=password)
    log_out(engine=engine, cookie_value=previous)
    return principal, start_session(engine=engine, username=principal.name)


def log_out(*, engine: Engine, cookie_value: str | None) -> None:
    """End the session of this cookie value, if it is one of ours (absent or odd values are ignored)."""
    if cookie_value and len(cookie_value) <= MAX_COOKIE_LENGTH:
        end_session(engine=engine, cookie_value=cookie_value)
