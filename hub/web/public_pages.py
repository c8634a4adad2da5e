"""公示信息查询: the public 双公示 listing, no login.

The search is a POST form, so a party's name never lands in a URL, a browser history or an access
log; the CSRF token is the double-submit kind (there is no session). Only listed entries are shown,
and only their published (redacted, approved) fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from hub.core.deps import RuntimeDep
from hub.core.errors import HubError
from hub.disclosure import listing
from hub.web import csrf
from hub.web.labels import chinese_error
from hub.web.templating import render
from redaction.standard import PUBLISHED_RECORD_KINDS

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
MAX_OFFSET = 100_000
LIMITS = {"party_name": 200, "decision_number": 128, "agency": 200}


def _page(
    request: Request,
    rt: RuntimeDep,
    query: listing.ListingQuery,
    *,
    searched: bool,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    token = csrf.anonymous_token(request)
    result = listing.search_listing(engine=rt.engine, query=query) if error is None else listing.ListingPage(0, [])
    response = render(
        request,
        "public_listing.html",
        {
            "query": query,
            "form": form or {},
            "result": result,
            "searched": searched,
            "page_size": PAGE_SIZE,
            "error": error,
        },
        csrf=token,
        status_code=status_code,
    )
    csrf.remember_token(response, token, secure=rt.settings.environment == "production")
    return response


@router.get("/gongshi", response_class=HTMLResponse)
def listing_page(request: Request, rt: RuntimeDep) -> HTMLResponse:
    return _page(request, rt, listing.ListingQuery(limit=PAGE_SIZE), searched=False)


def _date(value: str, what: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{what}格式应为 YYYY-MM-DD。") from None


@router.post("/gongshi", response_class=HTMLResponse)
def search(
    request: Request,
    rt: RuntimeDep,
    party_name: Annotated[str, Form()] = "",
    decision_number: Annotated[str, Form()] = "",
    agency: Annotated[str, Form()] = "",
    record_type: Annotated[str, Form()] = "",
    date_from: Annotated[str, Form()] = "",
    date_to: Annotated[str, Form()] = "",
    offset: Annotated[str, Form()] = "0",
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse:
    csrf.check_anonymous_token(request, csrf_token)
    texts = {"party_name": party_name, "decision_number": decision_number, "agency": agency}
    error = next((f"输入过长（最多 {LIMITS[k]} 个字）。" for k, v in texts.items() if len(v) > LIMITS[k]), None)
    start = end = None
    try:
        start, end = _date(date_from, "开始日期"), _date(date_to, "结束日期")
    except ValueError as exc:
        error = error or str(exc)
    query = listing.ListingQuery(
        party_name=party_name.strip()[: LIMITS["party_name"]] or None,
        decision_number=decision_number.strip()[: LIMITS["decision_number"]] or None,
        agency=agency.strip()[: LIMITS["agency"]] or None,
        record_type=record_type if record_type in PUBLISHED_RECORD_KINDS else None,
        date_from=start,
        date_to=end,
        limit=PAGE_SIZE,
        offset=min(max(int(offset) if offset.isdigit() else 0, 0), MAX_OFFSET),
    )
    # Typed values go back into the form (in the page body, never a URL).
    form = {k: v[: LIMITS[k]] for k, v in texts.items()}
    form |= {"record_type": record_type[:16], "date_from": date_from[:10], "date_to": date_to[:10]}
    try:
        return _page(request, rt, query, searched=True, form=form, error=error, status_code=422 if error else 200)
    except HubError as exc:
        return _page(request, rt, query, searched=True, form=form, error=chinese_error(exc),
                     status_code=exc.status_code)
