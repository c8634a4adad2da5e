"""The access review's period is read one way for the API, the CLI and the web pages."""

from __future__ import annotations

import datetime as dt

import pytest

from crypto.identifiers import CHINA_TIME_ZONE, today
from hub.audit.errors import InvalidPeriod
from hub.audit.services import DEFAULT_DAYS, review_period

UTC = dt.UTC


def test_a_date_is_a_whole_day_in_china() -> None:
    period = review_period("2024-03-01", "2024-03-02")
    assert period.since == dt.datetime(2024, 2, 29, 16, 0, tzinfo=UTC)
    assert period.until == dt.datetime(2024, 3, 2, 16, 0, tzinfo=UTC)
    assert (period.first_day, period.last_day) == (dt.date(2024, 3, 1), dt.date(2024, 3, 2))


def test_a_date_time_without_offset_is_utc_and_an_offset_is_kept() -> None:
    period = review_period("2024-03-01T08:30", "2024-03-01T20:00+08:00")
    assert period.since == dt.datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
    assert period.until == dt.datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    parsed = review_period(dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 12, 0, tzinfo=UTC))
    assert (parsed.since, parsed.until) == (dt.datetime(2024, 2, 29, 16, 0, tzinfo=UTC), period.until)


def test_the_default_is_the_last_thirty_days_in_china_up_to_now() -> None:
    before = dt.datetime.now(UTC)
    period = review_period()
    assert before <= period.until <= dt.datetime.now(UTC)
    assert period.first_day == today() - dt.timedelta(days=DEFAULT_DAYS - 1)
    assert period.since.astimezone(CHINA_TIME_ZONE).time() == dt.time(0)
    # Without `since` the period is the DEFAULT_DAYS days up to its last day.
    assert review_period(until="2024-03-31").first_day == dt.date(2024, 3, 2)


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2024-03-02", "2024-03-01", "since must be before until"),
        ("2024-03-01T10:00Z", "2024-03-01T10:00Z", "since must be before until"),
        ("2024-13-01", None, "YYYY-MM-DD"),
        ("yesterday", None, "YYYY-MM-DD"),
    ],
)
def test_bad_periods_are_refused(since: str, until: str | None, message: str) -> None:
    with pytest.raises(InvalidPeriod, match=message):
        review_period(since, until)
