"""The hub's clock for instants: UTC. Calendar days are China's, from `crypto.identifiers.today`."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
