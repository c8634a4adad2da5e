"""The access review as CSV: one row per actor and day, with that day's anomalies."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from zoneinfo import ZoneInfo

from crypto.identifiers import CHINA_TIME_ZONE
from hub.audit.review import Review
from hub.core.spreadsheet import spreadsheet_cell

COLUMNS = ("day", "actor", "role", "accesses", "distinct_subjects", "purposes", "denied", "anomalies")


def review_csv(review: Review, *, zone: ZoneInfo = CHINA_TIME_ZONE) -> str:
    anomalies: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    for anomaly in review.anomalies:
        anomalies[(anomaly.actor, anomaly.at.astimezone(zone).date())].append(anomaly.kind)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for summary in review.actors:
        days = sorted(
            set(summary.per_day) | set(summary.denied_per_day) | {d for (a, d) in anomalies if a == summary.actor}
        )
        for day in days:
            kinds = anomalies.get((summary.actor, day), [])
            purposes = ";".join(f"{p}:{n}" for p, n in sorted(summary.purposes_per_day.get(day, {}).items()))
            writer.writerow(
                [
                    spreadsheet_cell(day),
                    spreadsheet_cell(summary.actor),
                    spreadsheet_cell(summary.role),
                    summary.per_day.get(day, 0),
                    len(summary.subjects_per_day.get(day, ())),
                    spreadsheet_cell(purposes),
                    summary.denied_per_day.get(day, 0),
                    spreadsheet_cell(";".join(sorted(set(kinds)))),
                ]
            )
    return out.getvalue()
