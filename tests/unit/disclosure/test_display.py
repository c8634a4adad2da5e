"""Display periods (policy §6)."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.disclosure.display import add_months, display_period, penalty_months

D = dt.date(2024, 1, 31)


def _penalty(**fields: str) -> dict[str, str]:
    return {"处罚决定日期": D.isoformat(), "处罚类别": "罚款", **fields}


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
    (dt.date(2024, 11, 15), 3, dt.date(2025, 2, 15)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
    (dt.date(2024, 5, 1), 36, dt.date(2027, 5, 1)),
])
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_a_general_penalty_shows_three_months_to_a_year() -> None:
    period = display_period("admin_penalty", _penalty(处罚类别="警告"))
    assert (period.starts, period.repair_after, period.display_until) == (D, dt.date(2024, 4, 30), dt.date(2025, 1, 31))


@pytest.mark.parametrize("fields", [
    {"处罚类别": "吊销许可证"},
    {"违法行为类型": "特种设备未经定期检验"},
    {"处罚依据": "《中华人民共和国消防法》第六十条"},
    {"处罚机关": "资阳市应急管理局", "违法行为类型": "安全生产违法"},
])
def test_serious_penalties_and_safety_domains_show_one_to_three_years(fields: dict[str, str]) -> None:
    assert penalty_months(_penalty(**fields)) == (12, 36)


def test_several_penalties_take_the_longest_period() -> None:
    assert penalty_months(_penalty(处罚类别="警告、罚款")) == (3, 12)
    assert penalty_months(_penalty(处罚类别="罚款；责令停产停业")) == (12, 36)


def test_a_declared_deadline_is_kept_within_the_policy_bounds() -> None:
    inside = display_period("admin_penalty", _penalty(公示截止期="2024-12-01"))
    assert inside.display_until == dt.date(2024, 12, 1)
    too_short = display_period("admin_penalty", _penalty(公示截止期="2024-02-01"))
    assert too_short.display_until == dt.date(2024, 4, 30)  # never below the minimum
    too_long = display_period("admin_penalty", _penalty(公示截止期="2030-01-01"))
    assert too_long.display_until == dt.date(2027, 1, 31)  # never beyond three years


def test_expiry_is_the_day_after_the_last_display_day() -> None:
    period = display_period("admin_penalty", _penalty())
    assert not period.expired_on(period.display_until)
    assert period.expired_on(period.display_until + dt.timedelta(days=1))


def test_licences_show_while_valid() -> None:
    fields = {"许可决定日期": "2024-01-01", "有效期自": "2024-01-01", "有效期至": "2029-12-31"}
    period = display_period("admin_license", fields)
    assert period.display_until == dt.date(2029, 12, 31) and not period.expired_on(dt.date(2029, 12, 31))
    assert display_period("admin_license", {**fields, "当前状态": "无效"}).expired_on(dt.date(2024, 6, 1))
    with pytest.raises(ValueError):
        display_period("tax_credit_rating", fields)
