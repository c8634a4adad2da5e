"""公示审查: publicity officers review 双公示 batches through forms.

Reviewers see redacted drafts only: the pages never ask the services for original text
(`with_original` stays off), never show the fields policy §1 never publishes, and mask any identity
number a draft still holds. Each POST checks the session's CSRF token, calls the service as the
signed-in officer, and redirects back (or shows the refusal in Chinese on the same page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from crypto.identifiers import today
from hub.core.deps import RuntimeDep
from hub.core.errors import HubError, NotFound
from hub.core.principals import Principal
from hub.departments.models import Department
from hub.disclosure import batches, publication, review
from hub.disclosure.rendering import NEVER_PUBLISHED
from hub.disclosure.schemas import BatchFromRecordsIn, FindingDecisionIn, ItemDecisionIn, ReasonIn, RequiredReasonIn
from hub.web import csrf
from hub.web.errors import PageNotFound, WebError
from hub.web.forms import read_form
from hub.web.highlight import Placed, Segment, segments
from hub.web.people import ReviewerPage
from hub.web.templating import redirect, render

router = APIRouter(prefix="/ui/review", include_in_schema=False)
PAGE_SIZE = 50
MAX_OFFSET = 1_000_000
_OBJECT_ID = re.compile(r"^[0-9a-f-]{36}$")
BATCH_ACTIONS = ("approve", "confirm", "reject", "publish", "withdraw")


@dataclass(frozen=True)
class FieldView:
    name: str
    segments: list[Segment]
    holds_id_number: bool


@dataclass(frozen=True)
class ItemPage:
    item: review.ItemView
    fields: list[FieldView]
    never_published: list[str]
    findings: list[review.FindingView] = field(default_factory=list)


def _object_id(value: str) -> str:
    if not _OBJECT_ID.match(value):
        raise PageNotFound()
    return value


def _item_page(item: review.ItemView) -> ItemPage:
    # Policy §1 fields are left out whatever the draft holds: they are never published, never shown.
    dropped = {f.field for f in item.findings if f.action == "dropped_field"} | set(NEVER_PUBLISHED)
    in_draft = [f for f in item.findings if f.origin == "check" and f.action == "masked"]
    fields = []
    for name, text in item.redacted.items():
        if name in dropped:
            continue
        placed = [Placed(f.id, f.start, f.end, f.entity_type) for f in in_draft if f.field == name]
        parts = segments(text, placed)
        fields.append(FieldView(name, parts, any(p.id_number for p in parts)))
    never = sorted(n for n in dropped if n in item.redacted or any(f.field == n for f in item.findings))
    return ItemPage(item=item, fields=fields, never_published=never, findings=list(item.findings))


def _batch_page(
    request: Request,
    rt: RuntimeDep,
    officer: Principal,
    batch_id: str,
    *,
    offset: int = 0,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    batch_id = _object_id(batch_id)
    try:
        result = review.review_batch(
            engine=rt.engine, protector=rt.protector, officer=officer, batch_id=batch_id,
            offset=offset, limit=PAGE_SIZE,
        )
    except HubError as exc:
        if isinstance(exc, NotFound):
            raise PageNotFound() from None
        raise WebError.of(exc) from None
    status_of = {f.id: f.status for item in result.items for f in item.findings}
    return render(
        request,
        "review_batch.html",
        {
            "batch": result.batch,
            "items": [_item_page(item) for item in result.items],
            "status_of": status_of,
            "offset": offset,
            "page_size": PAGE_SIZE,
            "error": error,
        },
        user=officer,
        csrf=csrf.token_for_session(request),
        status_code=status_code,
    )


def _departments(rt: RuntimeDep) -> list[Department]:
    with Session(rt.engine) as session:
        return list(session.exec(select(Department).where(col(Department.active)).order_by(col(Department.code))))


def _list_page(
    request: Request, rt: RuntimeDep, officer: Principal, *, state: str | None = None, error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "review_list.html",
        {
            "batches": batches.list_batches(engine=rt.engine, state=state),
            "state": state,
            "departments": _departments(rt),
            "today": today().isoformat(),
            "error": error,
        },
        user=officer,
        csrf=csrf.token_for_session(request),
        status_code=status_code,
    )


@router.get("", response_class=HTMLResponse)
def batch_list(
    request: Request, officer: ReviewerPage, rt: RuntimeDep, state: Annotated[str | None, Query(max_length=16)] = None
) -> HTMLResponse:
    return _list_page(request, rt, officer, state=state or None)


@router.post("/batches")
def create_batch(
    request: Request,
    officer: ReviewerPage,
    rt: RuntimeDep,
    department: Annotated[str, Form()] = "",
    record_type: Annotated[str, Form()] = "",
    date_from: Annotated[str, Form()] = "",
    date_to: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    csrf.check_session_token(request, csrf_token)
    try:
        form = read_form(BatchFromRecordsIn, department=department, record_type=record_type, date_from=date_from,
                         date_to=date_to)
        created = batches.create_batch_from_records(
            engine=rt.engine, protector=rt.protector, officer=officer, department=form.department,
            record_type=form.record_type, date_from=form.date_from, date_to=form.date_to,
        )
    except HubError as exc:
        return _list_page(request, rt, officer, error=exc.message, status_code=exc.status_code)
    return redirect(f"/ui/review/batches/{created.id}")


@router.get("/batches/{batch_id}", response_class=HTMLResponse)
def batch_detail(
    request: Request,
    batch_id: str,
    officer: ReviewerPage,
    rt: RuntimeDep,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> HTMLResponse:
    return _batch_page(request, rt, officer, batch_id, offset=offset)


@router.post("/findings/{finding_id}")
def decide_finding(
    request: Request,
    finding_id: int,
    officer: ReviewerPage,
    rt: RuntimeDep,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    batch_id: Annotated[str, Form()] = "",
    offset: Annotated[int, Form(ge=0, le=MAX_OFFSET)] = 0,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    csrf.check_session_token(request, csrf_token)
    back, page = _object_id(batch_id), offset
    try:
        form = read_form(FindingDecisionIn, decision=decision, reason=reason)
        review.decide_finding(
            engine=rt.engine, officer=officer, finding_id=finding_id, decision=form.decision, reason=form.reason
        )
    except HubError as exc:
        return _refused(request, rt, officer, back, page, exc)
    return redirect(f"/ui/review/batches/{back}?offset={page}#finding-{finding_id}")


@router.post("/items/{item_id}")
def decide_item(
    request: Request,
    item_id: str,
    officer: ReviewerPage,
    rt: RuntimeDep,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    batch_id: Annotated[str, Form()] = "",
    offset: Annotated[int, Form(ge=0, le=MAX_OFFSET)] = 0,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    csrf.check_session_token(request, csrf_token)
    back, page, item = _object_id(batch_id), offset, _object_id(item_id)
    try:
        chosen = read_form(ItemDecisionIn, decision=decision, reason=reason)
        review.decide_item(
            engine=rt.engine, officer=officer, item_id=item, decision=chosen.decision, reason=chosen.reason
        )
    except HubError as exc:
        return _refused(request, rt, officer, back, page, exc)
    return redirect(f"/ui/review/batches/{back}?offset={page}#item-{item}")


@router.post("/batches/{batch_id}/{action}")
def batch_action(
    request: Request,
    batch_id: str,
    action: str,
    officer: ReviewerPage,
    rt: RuntimeDep,
    reason: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    csrf.check_session_token(request, csrf_token)
    batch = _object_id(batch_id)
    if action not in BATCH_ACTIONS:
        raise PageNotFound()
    try:
        if action == "approve":
            why = read_form(ReasonIn, reason=reason).reason
            review.approve_batch(engine=rt.engine, officer=officer, batch_id=batch, reason=why)
        elif action == "confirm":
            why = read_form(ReasonIn, reason=reason).reason
            review.confirm_batch(engine=rt.engine, officer=officer, batch_id=batch, reason=why)
        elif action == "reject":
            required = read_form(RequiredReasonIn, reason=reason).reason
            review.reject_batch(engine=rt.engine, officer=officer, batch_id=batch, reason=required)
        elif action == "publish":
            publication.publish_batch(engine=rt.engine, protector=rt.protector, officer=officer, batch_id=batch)
        else:
            required = read_form(RequiredReasonIn, reason=reason).reason
            publication.withdraw_batch(engine=rt.engine, officer=officer, batch_id=batch, reason=required)
    except HubError as exc:
        return _refused(request, rt, officer, batch, 0, exc)
    return redirect(f"/ui/review/batches/{batch}")


def _refused(
    request: Request, rt: RuntimeDep, officer: Principal, batch_id: str, offset: int, exc: HubError
) -> HTMLResponse:
    return _batch_page(request, rt, officer, batch_id, offset=offset, error=exc.message, status_code=exc.status_code)
