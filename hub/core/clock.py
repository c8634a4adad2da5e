"""The hub's clock: timestamps are UTC instants; calendar days are China's (see `today`)."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
