"""安全管理: key status (security officers), audit-trail verification and the access review (security
officers and auditors). Nothing here decrypts a record; the review shows actors, counts and flags.
Reading the audit trail is itself audited, as on the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from hub.audit.reads import note_audit_read
from hub.audit.review import access_review
from hub.audit.verify import verify_chain
from hub.core.deps import RuntimeDep
from hub.core.errors import HubError
from hub.keyjobs import status
from hub.web import csrf
from hub.web.errors import ServiceRefused
from hub.web.labels import chinese_error
from hub.web.people import AuditPage, KeysPage
from hub.web.templating import render

router = APIRouter(prefix="/ui/security", include_in_schema=False)
# The access review counts days in the city's time zone (hub.audit.review.ReviewRules).
ZONE = ZoneInfo("Asia/Shanghai")
DEFAULT_DAYS = 30
MAX_DAYS = 366


@router.get("", response_class=HTMLResponse)
def overview(request: Request, reader: AuditPage) -> HTMLResponse:
    return render(request, "security_index.html", user=reader, csrf=csrf.token_for_session(request))


@router.get("/keys", response_class=HTMLResponse)
def keys(request: Request, officer: KeysPage, rt: RuntimeDep) -> HTMLResponse:
    try:
        rows = status.key_statuses(
            engine=rt.engine, transit=rt.transit, token_key_default=rt.settings.token_key_version
        )
    except HubError as exc:
        raise ServiceRefused(chinese_error(exc), status_code=exc.status_code) from None
    return render(request, "security_keys.html", {"keys": rows}, user=officer, csrf=csrf.token_for_session(request))


@router.get("/verify", response_class=HTMLResponse)
def verify(request: Request, reader: AuditPage, rt: RuntimeDep) -> HTMLResponse:
    report = verify_chain(engine=rt.engine, transit=rt.transit)
    note_audit_read(engine=rt.engine, reader=reader, action="audit.verify", detail=report.describe()[:500])
    return render(request, "security_verify.html", {"report": report}, user=reader,
                  csrf=csrf.token_for_session(request))


def _day(value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ServiceRefused("日期格式应为 YYYY-MM-DD。", status_code=422) from None


@router.get("/review", response_class=HTMLResponse)
def review(
    request: Request,
    reader: AuditPage,
    rt: RuntimeDep,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    """The access review for whole local days [since, until]; dates are not personal data, so GET is fine."""
    today = dt.datetime.now(ZONE).date()
    last = _day(until, today)
    first = _day(since, last - dt.timedelta(days=DEFAULT_DAYS - 1))
    if first > last or (last - first).days >= MAX_DAYS:
        raise ServiceRefused(f"开始日期须不晚于结束日期，且最多 {MAX_DAYS} 天。", status_code=422)
    start = dt.datetime.combine(first, dt.time(0), ZONE)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), ZONE)
    note_audit_read(engine=rt.engine, reader=reader, action="audit.review", detail=f"{start.isoformat()} .. "
                    f"{end.isoformat()}")
    result = access_review(engine=rt.engine, since=start, until=end)
    flags: dict[str, list[str]] = {}
    for anomaly in result.anomalies:
        kinds = flags.setdefault(anomaly.actor, [])
        if anomaly.kind not in kinds:
            kinds.append(anomaly.kind)
    csv_link = "/v1/audit/review.csv?" + urlencode({"since": start.isoformat(), "until": end.isoformat()})
    return render(
        request,
        "security_review.html",
        {
            "review": result,
            "flags": flags,
            "since": first.isoformat(),
            "until": last.isoformat(),
            "csv_link": csv_link,
            "zone": ZONE,
        },
        user=reader,
        csrf=csrf.token_for_session(request),
    )
