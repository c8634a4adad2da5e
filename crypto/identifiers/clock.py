""""Today" in China: the one clock for birth dates, display periods and every other calendar rule.

China keeps one time zone without daylight saving; deciding dates in UTC would put a baby born in the
first eight hours of its birthday in the future, and a display period would end eight hours late.
"""

import datetime as dt
from zoneinfo import ZoneInfo

CHINA_TIME_ZONE = ZoneInfo("Asia/Shanghai")


def today() -> dt.date:
    """The current date in China (Asia/Shanghai, UTC+8).

    Functions that depend on the date take an optional ``today`` argument instead of calling this when
    it is given, so tests pass a fixed date rather than patching the clock.
    """
    return dt.datetime.now(CHINA_TIME_ZONE).date()
