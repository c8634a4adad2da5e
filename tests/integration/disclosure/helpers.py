"""Building blocks for the disclosure tests: stored penalty records, officers, a full review run."""

from __future__ import annotations

import datetime as dt
import random

from sqlmodel import Session

from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.departments.models import Department
from hub.disclosure import batches, publication, review
from hub.disclosure.batches import BatchSummary
from hub.records import services as records
from tests.factories import id_number, penalty_record, phone
from tests.hub_fixtures import register

OFFICER_A = Principal(name="officer.a", role=Role.PUBLICITY_OFFICER)
OFFICER_B = Principal(name="officer.b", role=Role.PUBLICITY_OFFICER)
TODAY = dt.date.today()
RECENT = TODAY - dt.timedelta(days=20)


def penalty(index: int, *, decided: dt.date = RECENT, facts: str | None = None, **fields: str) -> dict[str, object]:
    """A natural person's penalty decided on `decided`, with private data in 违法事实 unless `facts` is given."""
    record = penalty_record(index, rng=random.Random(index))
    values: dict[str, object] = record["fields"]  # type: ignore[assignment]
    values["处罚决定日期"] = decided.isoformat()
    if facts is not None:
        values["违法事实"] = facts
    values.update(fields)
    return record


def private_facts(party: str, rng: random.Random) -> tuple[str, list[str]]:
    """违法事实 with another person's ID number and a phone number; returns the text and the private values."""
    witness_id, mobile = id_number(rng), phone(rng)
    text = f"当事人{party}销售过期食品，消费者身份证号码{witness_id}，联系电话{mobile}。"
    return text, [witness_id, mobile]


def store(runtime: Runtime, batch: list[dict[str, object]]) -> str:
    """Register a department and store `batch` as its records; returns the department code."""
    keys = register(runtime, record_types=["admin_penalty", "admin_license"])
    with Session(runtime.engine) as session:
        department = session.get(Department, keys.code)
        assert department is not None
    records.store_batch(
        engine=runtime.engine,
        protector=runtime.protector,
        department=department,
        records=[
            records.SubmittedRecord(str(r["record_type"]), str(r["source_record_id"]), dict(r["fields"]))  # type: ignore[call-overload]
            for r in batch
        ],
    )
    return keys.code


def checked_batch(runtime: Runtime, department: str, record_type: str = "admin_penalty") -> BatchSummary:
    return batches.create_batch_from_records(
        engine=runtime.engine,
        protector=runtime.protector,
        officer=OFFICER_A,
        department=department,
        record_type=record_type,
        date_from=dt.date(2000, 1, 1),
        date_to=TODAY,
    )


def approve_confirm_publish(runtime: Runtime, batch_id: str, *, today: dt.date | None = None) -> BatchSummary:
    review.approve_batch(engine=runtime.engine, officer=OFFICER_A, batch_id=batch_id)
    review.confirm_batch(engine=runtime.engine, officer=OFFICER_B, batch_id=batch_id)
    return publication.publish_batch(
        engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A, batch_id=batch_id, today=today
    )
