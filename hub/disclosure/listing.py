"""The public 双公示 listing: read-only, no authentication, listed entries only.

Hidden entries (an objection is pending) and withdrawn ones are never returned. Searching by party
name is offered through a request body (POST), so names do not end up in URLs and access logs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine
from sqlmodel import Session, col, func, select

from hub.core.errors import NotFound
from hub.disclosure.errors import InvalidDisclosureInput
from hub.disclosure.models import PublishedEntry
from hub.disclosure.states import EntryState

MAX_PAGE = 100


@dataclass(frozen=True)
class ListingQuery:
    party_name: str | None = None
    decision_number: str | None = None
    agency: str | None = None
    record_type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class ListedRecord:
    id: str
    record_type: str
    party_name: str
    decision_number: str
    agency: str
    decision_date: dt.date
    display_until: dt.date
    fields: dict[str, str]


@dataclass(frozen=True)
class ListingPage:
    total: int
    records: list[ListedRecord]


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_listing(*, engine: Engine, query: ListingQuery) -> ListingPage:
    if not 1 <= query.limit <= MAX_PAGE or query.offset < 0:
        raise InvalidDisclosureInput("disclosure.listing_page", min=1, max=MAX_PAGE)
    conditions: list[ColumnElement[bool]] = [col(PublishedEntry.status) == EntryState.LISTED.value]
    if query.party_name:
        conditions.append(col(PublishedEntry.party_name).like(_like(query.party_name.strip()), escape="\\"))
    if query.decision_number:
        conditions.append(col(PublishedEntry.decision_number).like(_like(query.decision_number.strip()), escape="\\"))
    if query.agency:
        conditions.append(col(PublishedEntry.agency).like(_like(query.agency.strip()), escape="\\"))
    if query.record_type:
        conditions.append(col(PublishedEntry.record_type) == query.record_type)
    if query.date_from:
        conditions.append(col(PublishedEntry.decision_date) >= query.date_from)
    if query.date_to:
        conditions.append(col(PublishedEntry.decision_date) <= query.date_to)
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(PublishedEntry).where(*conditions)).one()
        rows = session.exec(
            select(PublishedEntry)
            .where(*conditions)
            .order_by(col(PublishedEntry.decision_date).desc(), col(PublishedEntry.id))
            .offset(query.offset)
            .limit(query.limit)
        ).all()
        return ListingPage(total=int(total), records=[_listed(r) for r in rows])


def listed_record(*, engine: Engine, entry_id: str) -> ListedRecord:
    with Session(engine) as session:
        entry = session.get(PublishedEntry, entry_id)
        if entry is None or entry.status != EntryState.LISTED.value:
            raise NotFound("disclosure.listing_not_found")
        return _listed(entry)


def _listed(entry: PublishedEntry) -> ListedRecord:
    return ListedRecord(
        id=entry.id,
        record_type=entry.record_type,
        party_name=entry.party_name,
        decision_number=entry.decision_number,
        agency=entry.agency,
        decision_date=entry.decision_date,
        display_until=entry.display_until,
        fields=dict(entry.fields or {}),
    )
