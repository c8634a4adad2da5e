"""Display periods (公示期, policy §6): how long a published record stays on the listing.

Penalties are shown from the decision date. The hub reads §6 with the national rule it comes from
(一般失信 / 严重失信 行政处罚信息):
- a general penalty (警告, 通报批评, 罚款, 没收 …): at least 3 months, at most 1 year;
- a serious one (暂扣/吊销许可证照, 降低资质等级, 责令停产停业, 责令关闭, 限制从业, 行政拘留 …), or any
  penalty in the 特种设备, 安全生产 or 消防 domains: at least 1 year, at most 3 years;
- a decision with several penalties gets the longest period among them.
A 公示截止期 set by the deciding agency is honoured when it lies within [minimum, 3 years].
After the minimum period the party may apply for credit repair (`repair_after`).

Licences are shown while valid: until 有效期至, and not at all once 当前状态 is 无效.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

GENERAL_MONTHS = (3, 12)
SERIOUS_MONTHS = (12, 36)
LONGEST_MONTHS = 36

SERIOUS_PENALTIES = (
    "暂扣", "吊销", "降低资质等级", "责令停产停业", "责令关闭", "限制开展生产经营活动", "限制从业", "行政拘留",
)
# Domains where §6 asks for at least one year, recognised in the type, legal basis or agency.
LONG_DOMAINS = ("特种设备", "安全生产", "消防", "应急管理")
_DOMAIN_FIELDS = ("违法行为类型", "处罚依据", "处罚机关")
_PENALTY_SEPARATORS = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True)
class DisplayPeriod:
    starts: dt.date
    repair_after: dt.date
    display_until: dt.date
    # False when the record must not be shown at all (a licence no longer valid).
    showable: bool = True

    def expired_on(self, day: dt.date) -> bool:
        return not self.showable or day > self.display_until


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def penalty_months(fields: Mapping[str, str]) -> tuple[int, int]:
    """(minimum, maximum) display months of a penalty record: the longest of its penalties."""
    kinds = [k for k in _PENALTY_SEPARATORS.split(fields.get("处罚类别", "")) if k] or [""]
    periods = [SERIOUS_MONTHS if any(s in kind for s in SERIOUS_PENALTIES) else GENERAL_MONTHS for kind in kinds]
    if any(domain in fields.get(name, "") for name in _DOMAIN_FIELDS for domain in LONG_DOMAINS):
        periods.append(SERIOUS_MONTHS)
    return max(p[0] for p in periods), max(p[1] for p in periods)


def penalty_period(fields: Mapping[str, str]) -> DisplayPeriod:
    decided = dt.date.fromisoformat(fields["处罚决定日期"])
    minimum, maximum = penalty_months(fields)
    repair_after = add_months(decided, minimum)
    until = add_months(decided, maximum)
    declared = fields.get("公示截止期")
    if declared:
        until = min(max(dt.date.fromisoformat(declared), repair_after), add_months(decided, LONGEST_MONTHS))
    return DisplayPeriod(starts=decided, repair_after=repair_after, display_until=until)


def license_period(fields: Mapping[str, str]) -> DisplayPeriod:
    decided = dt.date.fromisoformat(fields["许可决定日期"])
    until = dt.date.fromisoformat(fields["有效期至"])
    return DisplayPeriod(
        starts=decided,
        repair_after=until,  # credit repair does not apply to licences
        display_until=until,
        showable=fields.get("当前状态", "有效") != "无效",
    )


def display_period(record_type: str, fields: Mapping[str, str]) -> DisplayPeriod:
    if record_type == "admin_penalty":
        return penalty_period(fields)
    if record_type == "admin_license":
        return license_period(fields)
    raise ValueError(f"no display period for record type {record_type}")
