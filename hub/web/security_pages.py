"""安全管理: key status (security officers), audit-trail verification and the access review (security
officers and auditors). Nothing here decrypts a record; the review shows actors, counts and flags.
Reading the audit trail is itself audited, by the same services as the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from crypto.identifiers import CHINA_TIME_ZONE
from hub.audit import services
from hub.core.deps import RuntimeDep
from hub.core.errors import HubError
from hub.keyjobs import status
from hub.web import csrf
from hub.web.errors import WebError
from hub.web.people import AuditPage, KeysPage
from hub.web.templating import render

router = APIRouter(prefix="/ui/security", include_in_schema=False)
T = TypeVar("T")


@router.get("", response_class=HTMLResponse)
def overview(request: Request, reader: AuditPage) -> HTMLResponse:
    return render(request, "security_index.html", user=reader, csrf=csrf.token_for_session(request))


@router.get("/keys", response_class=HTMLResponse)
def keys(request: Request, officer: KeysPage, rt: RuntimeDep) -> HTMLResponse:
    rows = _service(lambda: status.key_statuses(
        engine=rt.engine, transit=rt.transit, actor=officer, token_key_default=rt.settings.token_key_version
    ))
    return render(request, "security_keys.html", {"keys": rows}, user=officer, csrf=csrf.token_for_session(request))


@router.get("/verify", response_class=HTMLResponse)
def verify(request: Request, reader: AuditPage, rt: RuntimeDep) -> HTMLResponse:
    report = _service(lambda: services.verify_trail(engine=rt.engine, transit=rt.transit, reader=reader))
    return render(request, "security_verify.html", {"report": report}, user=reader,
                  csrf=csrf.token_for_session(request))


@router.get("/review", response_class=HTMLResponse)
def review(
    request: Request,
    reader: AuditPage,
    rt: RuntimeDep,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    """The access review for whole days [since, until]; dates are not personal data, so GET is fine."""
    period = _service(lambda: services.review_period(since, until))
    result = _service(lambda: services.review_access(engine=rt.engine, reader=reader, period=period))
    flags: dict[str, list[str]] = {}
    for anomaly in result.anomalies:
        kinds = flags.setdefault(anomaly.actor, [])
        if anomaly.kind not in kinds:
            kinds.append(anomaly.kind)
    bounds = {"since": period.since.isoformat(), "until": period.until.isoformat()}
    csv_link = "/v1/audit/review.csv?" + urlencode(bounds)
    return render(
        request,
        "security_review.html",
        {
            "review": result,
            "flags": flags,
            "since": period.first_day.isoformat(),
            "until": period.last_day.isoformat(),
            "csv_link": csv_link,
            "zone": CHINA_TIME_ZONE,
        },
        user=reader,
        csrf=csrf.token_for_session(request),
    )


def _service(fn: Callable[[], T]) -> T:
    """The service's answer, or its refusal as a Chinese error page."""
    try:
        return fn()
    except HubError as exc:
        raise WebError.of(exc) from None
