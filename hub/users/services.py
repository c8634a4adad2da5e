"""People: adding, listing, locking users, and password authentication with lockout.

The password hash is checked outside any database transaction (argon2id takes ~0.3 s and SQLite's
write lock would stall every other writer meanwhile). So that parallel guesses cannot all be checked
before the first failure is counted, each attempt first reserves its check with one conditional UPDATE
(atomic on PostgreSQL and SQLite alike); a wrong password keeps its reservation as a failure, a right one
clears the count. Every attempt, good or bad, is an audit entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Engine, or_, update
from sqlmodel import Session, col, select

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import NotFound
from hub.core.principals import Principal, Role, require_role
from hub.users.errors import AccountLocked, LoginFailed, UserError
from hub.users.models import User, WebSession
from hub.users.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    burn_time,
    hash_password,
    verify_password,
)

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
# An admin's lock lasts until an admin unlocks.
LOCKED_BY_ADMIN = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,63}$")
PEOPLE_ROLES = frozenset(Role) - {Role.DEPARTMENT}
UNKNOWN_USER = "unknown-user"


@dataclass(frozen=True)
class UserView:
    """What is shown about a user: never the hash."""

    username: str
    role: Role
    locked: bool
    failed_logins: int
    created_at: dt.datetime
    last_login_at: dt.datetime | None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; everything here is UTC.
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _is_locked(user: User, now: dt.datetime) -> bool:
    until = _aware(user.locked_until)
    return until is not None and until > now


def _view(user: User, now: dt.datetime) -> UserView:
    return UserView(
        username=user.username,
        role=Role(user.role),
        locked=_is_locked(user, now),
        failed_logins=user.failed_logins,
        created_at=_aware(user.created_at) or user.created_at,
        last_login_at=_aware(user.last_login_at),
    )


def check_password_rules(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise UserError("user.password_length", min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)


def add_user(*, engine: Engine, actor: Principal, username: str, role: Role, password: str) -> UserView:
    require_role(actor, Role.ADMIN)
    if not USERNAME.match(username):
        raise UserError("user.username_format")
    if role not in PEOPLE_ROLES:
        raise UserError("user.role_department")
    check_password_rules(password)
    password_hash = hash_password(password)
    with transaction(engine) as session:
        if session.exec(select(User).where(User.username == username)).first() is not None:
            raise UserError("user.exists")
        user = User(username=username, role=role.value, password_hash=password_hash)
        session.add(user)
        trail.append(session, _event(actor, "users.add", f"user:{username}", detail=f"role={role.value}"))
        session.flush()
        return _view(user, utcnow())


def list_users(*, engine: Engine, actor: Principal) -> list[UserView]:
    require_role(actor, Role.ADMIN)
    now = utcnow()
    with Session(engine) as session:
        return [_view(u, now) for u in session.exec(select(User).order_by(col(User.username))).all()]


def lock_user(*, engine: Engine, actor: Principal, username: str) -> None:
    """Lock the account and end its sessions at once."""
    _set_lock(engine, actor, username, locked_until=LOCKED_BY_ADMIN, action="users.lock")


def unlock_user(*, engine: Engine, actor: Principal, username: str) -> None:
    _set_lock(engine, actor, username, locked_until=None, action="users.unlock")


def set_password(*, engine: Engine, actor: Principal, username: str, password: str) -> None:
    require_role(actor, Role.ADMIN)
    check_password_rules(password)
    password_hash = hash_password(password)
    with transaction(engine) as session:
        user = _get(session, username)
        user.password_hash = password_hash
        session.add(user)
        session.execute(update(WebSession).where(col(WebSession.user_id) == user.id).values(expires_at=utcnow()))
        trail.append(session, _event(actor, "users.set_password", f"user:{username}"))


def _set_lock(
    engine: Engine, actor: Principal, username: str, *, locked_until: dt.datetime | None, action: str
) -> None:
    require_role(actor, Role.ADMIN)
    with transaction(engine) as session:
        user = _get(session, username)
        user.locked_until = locked_until
        user.failed_logins = 0
        session.add(user)
        if locked_until is not None:
            session.execute(update(WebSession).where(col(WebSession.user_id) == user.id).values(expires_at=utcnow()))
        trail.append(session, _event(actor, action, f"user:{username}"))


def _get(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound("user.not_found")
    return user


def authenticate(engine: Engine, *, username: str, password: str) -> Principal:
    """The user's Principal for a correct password; LoginFailed or AccountLocked otherwise.

    After MAX_FAILED_LOGINS wrong passwords in a row the account locks for LOCKOUT. While locked, or
    while MAX_FAILED_LOGINS checks are reserved, the password is not even checked: however many guesses
    arrive at once, at most MAX_FAILED_LOGINS are checked per lockout window."""
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).first() if username else None
    if user is None or user.id is None:
        burn_time(password)
        _audit_login(engine, UNKNOWN_USER, "unknown", outcome="denied", detail="unknown user")
        raise LoginFailed()
    now = utcnow()
    if not _reserve_check(engine, user.id, now):
        _audit_login(engine, user.username, user.role, outcome="denied", detail="account locked")
        raise AccountLocked()
    if len(password) > MAX_PASSWORD_LENGTH or not verify_password(user.password_hash, password):
        _record_failure(engine, user, now)
        raise LoginFailed()
    with transaction(engine) as session:
        session.execute(update(User).where(col(User.id) == user.id).values(failed_logins=0, last_login_at=now))
        trail.append(session, AuditEvent(actor=user.username, role=user.role, action="auth.login"))
    return Principal(name=user.username, role=Role(user.role))


def _reserve_check(engine: Engine, user_id: int, now: dt.datetime) -> bool:
    """Count this attempt as a failure before its password is checked, if the account may be tried.

    The condition and the increment are one UPDATE: PostgreSQL re-evaluates the WHERE clause on the row
    a concurrent UPDATE has just committed, SQLite runs writers one at a time (BEGIN IMMEDIATE). So no
    more than MAX_FAILED_LOGINS attempts ever hold a reservation."""
    with transaction(engine) as session:
        reserved = session.execute(
            update(User)
            .where(
                col(User.id) == user_id,
                col(User.failed_logins) < MAX_FAILED_LOGINS,
                or_(col(User.locked_until).is_(None), col(User.locked_until) <= now),
            )
            .values(failed_logins=User.failed_logins + 1)
        )
        return reserved.rowcount == 1  # type: ignore[attr-defined]


def _record_failure(engine: Engine, user: User, now: dt.datetime) -> None:
    """The reservation stays counted; the attempt that finds MAX_FAILED_LOGINS reserved locks the account
    (and starts a new count), unless a right password cleared the count in the meantime."""
    with transaction(engine) as session:
        locked = session.execute(
            update(User)
            .where(col(User.id) == user.id, col(User.failed_logins) >= MAX_FAILED_LOGINS)
            .values(locked_until=now + LOCKOUT, failed_logins=0)
        )
        detail = "wrong password; account locked" if locked.rowcount == 1 else "wrong password"  # type: ignore[attr-defined]
        trail.append(
            session,
            AuditEvent(actor=user.username, role=user.role, action="auth.login", outcome="denied", detail=detail),
        )


def _audit_login(engine: Engine, actor: str, role: str, *, outcome: str, detail: str) -> None:
    with transaction(engine) as session:
        trail.append(session, AuditEvent(actor=actor, role=role, action="auth.login", outcome=outcome, detail=detail))


def _event(actor: Principal, action: str, obj: str, *, detail: str | None = None) -> AuditEvent:
    return AuditEvent(actor=actor.name, role=actor.role.value, action=action, object=obj, detail=detail)


def principal_of(user: User) -> Principal:
    return Principal(name=user.username, role=Role(user.role))
