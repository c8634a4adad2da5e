"""Access review for security staff: per user or department, what they accessed, for which purposes,
how much over time, what was refused; and the patterns that deserve a look.

Anomalies (thresholds in ReviewRules):
- bulk: more lookups/reads in a rolling hour than `bulk_per_hour`;
- off_hours: a lookup/read outside office hours (local time) or at a weekend;
- purpose_mismatch: a lookup for a purpose that none of the department's grants holds;
- repeated_denials: `denials_per_hour` refusals (bad login, role, purpose, unknown record) in an hour.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from crypto.identifiers import CHINA_TIME_ZONE
from hub.audit.models import AuditEntry
from hub.departments.models import Grant

ACCESS_ACTIONS = frozenset({"subjects.lookup", "records.read"})


@dataclass(frozen=True)
class ReviewRules:
    bulk_per_hour: int = 100
    denials_per_hour: int = 3
    office_start: dt.time = dt.time(8, 0)
    office_end: dt.time = dt.time(18, 0)
    zone: ZoneInfo = CHINA_TIME_ZONE  # office hours and days are the city's


@dataclass(frozen=True)
class Anomaly:
    actor: str
    kind: str  # bulk | off_hours | purpose_mismatch | repeated_denials
    at: dt.datetime
    count: int
    detail: str


@dataclass
class ActorSummary:
    actor: str
    role: str
    accesses: int = 0
    denied: int = 0
    subjects: set[str] = field(default_factory=set)
    purposes: Counter[str] = field(default_factory=Counter)
    per_day: Counter[dt.date] = field(default_factory=Counter)
    denied_per_day: Counter[dt.date] = field(default_factory=Counter)
    subjects_per_day: dict[dt.date, set[str]] = field(default_factory=lambda: defaultdict(set))
    purposes_per_day: dict[dt.date, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def distinct_subjects(self) -> int:
        return len(self.subjects)


@dataclass(frozen=True)
class Review:
    since: dt.datetime
    until: dt.datetime
    actors: list[ActorSummary]
    anomalies: list[Anomaly]


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def load_entries(engine: Engine, since: dt.datetime, until: dt.datetime) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(AuditEntry)
                .where(col(AuditEntry.at) >= since, col(AuditEntry.at) < until)
                .order_by(col(AuditEntry.seq))
            ).all()
        )


def granted_purposes(engine: Engine) -> dict[str, set[str]]:
    with Session(engine) as session:
        purposes: dict[str, set[str]] = defaultdict(set)
        for grant in session.exec(select(Grant)).all():
            purposes[grant.department_code].update(grant.purposes)
        return purposes


def access_review(
    *, engine: Engine, since: dt.datetime, until: dt.datetime, rules: ReviewRules | None = None
) -> Review:
    rules = rules or ReviewRules()
    entries = load_entries(engine, since, until)
    return build_review(entries, since=since, until=until, rules=rules, purposes=granted_purposes(engine))


def build_review(
    entries: Sequence[AuditEntry],
    *,
    since: dt.datetime,
    until: dt.datetime,
    rules: ReviewRules,
    purposes: dict[str, set[str]],
) -> Review:
    """Pure: the review of these entries (tested without a database)."""
    zone = rules.zone
    actors: dict[str, ActorSummary] = {}
    accesses: dict[str, list[dt.datetime]] = defaultdict(list)
    denials: dict[str, list[dt.datetime]] = defaultdict(list)
    anomalies: list[Anomaly] = []
    for entry in entries:
        at = _aware(entry.at)
        day = at.astimezone(zone).date()
        summary = actors.setdefault(entry.actor, ActorSummary(actor=entry.actor, role=entry.role))
        if entry.outcome != "ok":
            summary.denied += 1
            summary.denied_per_day[day] += 1
            denials[entry.actor].append(at)
        if entry.action == "subjects.lookup" and entry.purpose and entry.role == "department":
            if entry.purpose not in purposes.get(entry.actor, set()):
                anomalies.append(
                    Anomaly(entry.actor, "purpose_mismatch", at, 1, f"purpose {entry.purpose} is not in any grant")
                )
        if entry.action not in ACCESS_ACTIONS or entry.outcome != "ok":
            continue
        summary.accesses += 1
        summary.per_day[day] += 1
        if entry.subject_token:
            summary.subjects.add(entry.subject_token)
            summary.subjects_per_day[day].add(entry.subject_token)
        if entry.purpose:
            summary.purposes[entry.purpose] += 1
            summary.purposes_per_day[day][entry.purpose] += 1
        accesses[entry.actor].append(at)
        local = at.astimezone(zone)
        if local.weekday() >= 5 or not rules.office_start <= local.time() < rules.office_end:
            anomalies.append(Anomaly(entry.actor, "off_hours", at, 1, f"{entry.action} at {local:%a %H:%M} local"))
    for actor, times in accesses.items():
        anomalies.extend(_bursts(actor, times, rules.bulk_per_hour, "bulk", "lookups/reads within one hour"))
    for actor, times in denials.items():
        anomalies.extend(_bursts(actor, times, rules.denials_per_hour, "repeated_denials", "refusals within one hour"))
    anomalies.sort(key=lambda a: (a.at, a.actor, a.kind))
    return Review(since=since, until=until, actors=sorted(actors.values(), key=lambda s: s.actor), anomalies=anomalies)


def _bursts(actor: str, times: Iterable[dt.datetime], threshold: int, kind: str, what: str) -> list[Anomaly]:
    """One anomaly per burst: the first moment `threshold` events fall within an hour, counted to its end."""
    ordered = sorted(times)
    found: list[Anomaly] = []
    start = 0
    index = 0
    while index < len(ordered):
        while ordered[index] - ordered[start] > dt.timedelta(hours=1):
            start += 1
        if index - start + 1 >= threshold:
            burst_start = ordered[start]
            end = index
            while end + 1 < len(ordered) and ordered[end + 1] - burst_start <= dt.timedelta(hours=1):
                end += 1
            count = end - start + 1
            found.append(Anomaly(actor, kind, burst_start, count, f"{count} {what}"))
            index = end + 1
            start = index
            continue
        index += 1
    return found
