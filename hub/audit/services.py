"""Reading the audit trail, for security officers and auditors, whatever the interface (API, CLI, web).

Each read is itself an audit entry (who verified, reviewed or exported, and for which period), written
here and only here. The review period is read one way everywhere (`review_period`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from crypto.identifiers import CHINA_TIME_ZONE
from hub.audit import trail
from hub.audit.checkpoints import write_checkpoint
from hub.audit.errors import InvalidPeriod
from hub.audit.export import review_csv
from hub.audit.models import AuditCheckpoint
from hub.audit.review import Review, access_review
from hub.audit.trail import AuditEvent
from hub.audit.verify import VerifyReport, verify_chain
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.principals import Principal, Role, require_role
from keys.transit import Transit

READERS = (Role.SECURITY_OFFICER, Role.AUDITOR)
DEFAULT_DAYS = 30

Moment = dt.date | dt.datetime


@dataclass(frozen=True)
class Period:
    since: dt.datetime
    until: dt.datetime

    def describe(self) -> str:
        return f"{self.since.isoformat()} .. {self.until.isoformat()}"

    @property
    def first_day(self) -> dt.date:
        """The first day of the period, in China."""
        return self.since.astimezone(CHINA_TIME_ZONE).date()

    @property
    def last_day(self) -> dt.date:
        """The last day of the period, in China (`until` itself is not in the period)."""
        return (self.until - dt.timedelta(microseconds=1)).astimezone(CHINA_TIME_ZONE).date()


def _parse(text: str) -> Moment:
    value = text.strip()
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidPeriod("audit.period_format") from None


def review_period(since: str | Moment | None = None, until: str | Moment | None = None) -> Period:
    """The period [since, until) of an access review, for every interface alike.

    Bounds come as typed (YYYY-MM-DD or an ISO 8601 date-time) or already parsed. A date is a whole day
    in China: `since` from its first moment, `until` to its last. A date-time without an offset is UTC.
    By default the period ends now and begins DEFAULT_DAYS whole days before its end (its last day
    included)."""
    end = _bound(until, end_of_day=True) if until else utcnow()
    if since:
        start = _bound(since, end_of_day=False)
    else:
        last_day = (end - dt.timedelta(microseconds=1)).astimezone(CHINA_TIME_ZONE).date()
        start = _bound(last_day - dt.timedelta(days=DEFAULT_DAYS - 1), end_of_day=False)
    if start >= end:
        raise InvalidPeriod("audit.period_order")
    return Period(since=start, until=end)


def _bound(value: str | Moment, *, end_of_day: bool) -> dt.datetime:
    if isinstance(value, str):
        value = _parse(value)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    day = value + dt.timedelta(days=1) if end_of_day else value
    return dt.datetime.combine(day, dt.time(0), CHINA_TIME_ZONE)


def verify_trail(*, engine: Engine, transit: Transit, reader: Principal) -> VerifyReport:
    """Check the hash chain and the signed checkpoints."""
    require_role(reader, *READERS)
    report = verify_chain(engine=engine, transit=transit)
    _note_read(engine, reader, "audit.verify", report.describe())
    return report


def review_access(*, engine: Engine, reader: Principal, period: Period) -> Review:
    """Who accessed what, for which purposes, and the anomalies, over `period`."""
    require_role(reader, *READERS)
    _note_read(engine, reader, "audit.review", period.describe())
    return access_review(engine=engine, since=period.since, until=period.until)


def export_review(*, engine: Engine, reader: Principal, period: Period) -> str:
    """The access review as CSV (one row per actor and day)."""
    require_role(reader, *READERS)
    _note_read(engine, reader, "audit.export", period.describe())
    return review_csv(access_review(engine=engine, since=period.since, until=period.until))


def checkpoint_now(*, engine: Engine, transit: Transit, actor: Principal) -> AuditCheckpoint | None:
    """Sign the chain's head now (otherwise done every N entries or minutes)."""
    require_role(actor, Role.SECURITY_OFFICER)
    return write_checkpoint(engine=engine, transit=transit)


def _note_read(engine: Engine, reader: Principal, action: str, detail: str) -> None:
    with transaction(engine) as session:
        trail.append(session, AuditEvent(actor=reader.name, role=reader.role.value, action=action, detail=detail[:500]))
