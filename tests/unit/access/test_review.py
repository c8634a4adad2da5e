"""Access review anomalies and the CSV export, on hand-made audit entries."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hub.audit.export import review_csv
from hub.audit.models import AuditEntry
from hub.audit.review import ReviewRules, build_review

# 2026-11-25 is a Wednesday; 02:00 UTC is 10:00 in Asia/Shanghai.
WORKDAY = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
SINCE, UNTIL = WORKDAY - dt.timedelta(days=1), WORKDAY + dt.timedelta(days=5)
RULES = ReviewRules(bulk_per_hour=10, denials_per_hour=3)
GRANTS = {"rsj": {"职称评定", "人事考试"}, "gaj": {"特殊行业入职"}}
_seq = iter(range(1, 10_000))


def entry(
    actor: str,
    at: dt.datetime,
    *,
    action: str = "subjects.lookup",
    outcome: str = "ok",
    purpose: str | None = "职称评定",
    token: str | None = "vault:v1:a",
    role: str = "department",
) -> AuditEntry:
    return AuditEntry(
        seq=next(_seq),
        at=at,
        actor=actor,
        role=role,
        action=action,
        outcome=outcome,
        purpose=purpose,
        subject_token=token,
        prev_hash="0" * 64,
        entry_hash="0" * 64,
    )


def kinds(entries: list[AuditEntry]) -> list[tuple[str, str]]:
    review = build_review(entries, since=SINCE, until=UNTIL, rules=RULES, purposes=GRANTS)
    return [(a.actor, a.kind) for a in review.anomalies]


def test_ordinary_work_raises_nothing() -> None:
    entries = [entry("rsj", WORKDAY + dt.timedelta(minutes=20 * i), token=f"vault:v1:{i}") for i in range(9)]
    assert kinds(entries) == []


def test_bulk_lookups_are_flagged_once_per_burst() -> None:
    entries = [entry("rsj", WORKDAY + dt.timedelta(minutes=i), token=f"vault:v1:{i}") for i in range(25)]
    review = build_review(entries, since=SINCE, until=UNTIL, rules=RULES, purposes=GRANTS)
    bulk = [a for a in review.anomalies if a.kind == "bulk"]
    assert len(bulk) == 1 and bulk[0].count == 25
    assert review.actors[0].distinct_subjects == 25


def test_lookups_at_night_and_at_weekends_are_off_hours() -> None:
    night = dt.datetime(2026, 11, 25, 15, 30, tzinfo=dt.UTC)  # 23:30 in Shanghai
    saturday = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
    assert kinds([entry("rsj", night), entry("rsj", saturday)]) == [("rsj", "off_hours"), ("rsj", "off_hours")]


def test_a_purpose_outside_the_grants_is_flagged_even_when_refused() -> None:
    found = kinds([entry("gaj", WORKDAY, purpose="职称评定", outcome="denied")])
    assert found == [("gaj", "purpose_mismatch")]


def test_repeated_denials_are_flagged() -> None:
    denials = [
        entry(
            "li.na",
            WORKDAY + dt.timedelta(minutes=i),
            action="auth.login",
            outcome="denied",
            purpose=None,
            token=None,
            role="auditor",
        )
        for i in range(3)
    ]
    assert kinds(denials) == [("li.na", "repeated_denials")]
    assert kinds(denials[:2]) == []


def test_csv_has_one_row_per_actor_and_day_and_no_formulas() -> None:
    entries = [
        entry("rsj", WORKDAY, token="vault:v1:a"),
        entry("rsj", WORKDAY, token="vault:v1:b", purpose="人事考试"),
        entry("=cmd", WORKDAY, action="auth.login", outcome="denied", purpose=None, token=None, role="unknown"),
    ]
    review = build_review(entries, since=SINCE, until=UNTIL, rules=RULES, purposes=GRANTS)
    rows = list(csv.DictReader(io.StringIO(review_csv(review))))
    by_actor = {row["actor"]: row for row in rows}
    assert by_actor["rsj"] == {
        "day": "2026-11-25",
        "actor": "rsj",
        "role": "department",
        "accesses": "2",
        "distinct_subjects": "2",
        "purposes": "人事考试:1;职称评定:1",
        "denied": "0",
        "anomalies": "",
    }
    assert "'=cmd" in by_actor
