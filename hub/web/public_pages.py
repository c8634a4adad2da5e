"""公示信息查询: the public 双公示 listing, no login.

The search is a POST form, so a party's name never lands in a URL, a browser history or an access
log; the CSRF token is the double-submit kind (there is no session). Only listed entries are shown,
and only their published (redacted, approved) fields.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from hub.core.deps import RuntimeDep
from hub.core.errors import HubError
from hub.disclosure import listing
from hub.disclosure.schemas import ListingSearchIn
from hub.web import csrf
from hub.web.errors import WebError
from hub.web.forms import read_form
from hub.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20


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
    # Typed values go back into the form (in the page body, never a URL).
    form = {"party_name": party_name, "decision_number": decision_number, "agency": agency,
            "record_type": record_type, "date_from": date_from, "date_to": date_to}
    try:
        body = read_form(ListingSearchIn, offset=offset, limit=str(PAGE_SIZE), **form)
    except WebError as exc:
        empty = listing.ListingQuery(limit=PAGE_SIZE)
        return _page(request, rt, empty, searched=True, form=form, error=exc.message, status_code=exc.status_code)
    query = listing.ListingQuery(**body.model_dump())
    try:
        return _page(request, rt, query, searched=True, form=form)
    except HubError as exc:
        return _page(request, rt, query, searched=True, form=form, error=exc.message,
                     status_code=exc.status_code)
