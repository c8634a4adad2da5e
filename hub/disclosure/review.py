"""Officers' review of a checked batch: decisions per finding and per record, then four-eyes sign-off.

While a batch is `checked`, officers may accept or reject (with a reason) each finding, add manual
spans, and decide art. 5 records (publish the redacted version, or withhold the record). A rejected
finding is kept, with its reason, and simply no longer masks its span. `approve` needs every art. 5
record decided; `confirm` needs a second officer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import NotFound
from hub.core.principals import Principal, Role, require_role
from hub.core.protection import FieldProtector
from hub.disclosure.batches import BatchSummary, summarize
from hub.disclosure.errors import DisclosureError, FourEyesViolation, InvalidDisclosureInput
from hub.disclosure.models import DisclosureBatch, DisclosureFinding, DisclosureItem
from hub.disclosure.officer_text import officer_text
from hub.disclosure.sealing import open_original, open_originals, open_redacted
from hub.disclosure.states import BatchAction, BatchState, record_transition

FindingDecision = Literal["accept", "reject"]
ItemDecision = Literal["publish_redacted", "withhold"]
MANUAL_ENTITY_TYPES = (
    "PERSON", "CN_RESIDENT_ID", "PHONE_NUMBER", "BANK_CARD", "EMAIL_ADDRESS", "LICENSE_PLATE", "PASSPORT",
    "ADDRESS", "OTHER",
)
MAX_REASON = 500


@dataclass(frozen=True)
class FindingView:
    id: int
    field: str
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    action: str
    origin: str
    status: str
    reason: str | None
    decided_by: str | None
    decided_at: dt.datetime | None
    # Only when the officer asked for the original (an audited read): the text the span covers.
    text: str | None = None


@dataclass(frozen=True)
class ItemView:
    id: str
    position: int
    needs_officer_decision: bool
    decision_reasons: list[str]
    publish_decision: str | None
    decision_reason: str | None
    decided_by: str | None
    redacted: dict[str, str]
    findings: list[FindingView] = field(default_factory=list)


@dataclass(frozen=True)
class BatchReview:
    batch: BatchSummary
    items: list[ItemView]


def _reason(reason: str | None, *, required: bool) -> str | None:
    return officer_text(reason, name="reason", required=required, limit=MAX_REASON)


def _batch_for_update(session: Session, batch_id: str) -> DisclosureBatch:
    batch = session.exec(select(DisclosureBatch).where(DisclosureBatch.id == batch_id).with_for_update()).first()
    if batch is None:
        raise NotFound("disclosure.batch_not_found")
    return batch


def _editable(session: Session, batch_id: str) -> DisclosureBatch:
    batch = _batch_for_update(session, batch_id)
    if batch.state != BatchState.CHECKED:
        raise DisclosureError("disclosure.not_editable", state=batch.state)
    return batch


def _item(session: Session, item_id: str) -> DisclosureItem:
    item = session.get(DisclosureItem, item_id)
    if item is None:
        raise NotFound("disclosure.item_not_found")
    return item


def _audit(session: Session, officer: Principal, action: str, obj: str, *, token: str | None = None,
           detail: str | None = None) -> None:
    trail.append(
        session,
        AuditEvent(actor=officer.name, role=officer.role.value, action=action, object=obj, subject_token=token,
                   detail=detail),
    )


def review_batch(
    *,
    engine: Engine,
    protector: FieldProtector,
    officer: Principal,
    batch_id: str,
    with_original: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> BatchReview:
    """The batch with its records' redacted drafts and findings (a page of them: `offset`, `limit`);
    `with_original` adds the text each finding covers, an audited read."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    if offset < 0 or (limit is not None and limit < 1):
        raise InvalidDisclosureInput("disclosure.page")
    protector.ensure_available()
    with transaction(engine) as session:
        batch = session.get(DisclosureBatch, batch_id)
        if batch is None:
            raise NotFound("disclosure.batch_not_found")
        items = session.exec(
            select(DisclosureItem)
            .where(DisclosureItem.batch_id == batch_id)
            .order_by(col(DisclosureItem.position))
            .offset(offset)
            .limit(limit)
        ).all()
        findings = session.exec(
            select(DisclosureFinding)
            .where(col(DisclosureFinding.item_id).in_([i.id for i in items]))
            .order_by(col(DisclosureFinding.id))
        ).all()
        by_item: dict[str, list[DisclosureFinding]] = {}
        for finding in findings:
            by_item.setdefault(finding.item_id, []).append(finding)
        originals = (
            open_originals(session, protector, items, actor=officer, why="review: findings with their text")
            if with_original else {}
        )
        views = []
        for item in items:
            original = originals.get(item.id)
            views.append(
                ItemView(
                    id=item.id,
                    position=item.position,
                    needs_officer_decision=item.needs_officer_decision,
                    decision_reasons=list(item.decision_reasons),
                    publish_decision=item.publish_decision,
                    decision_reason=item.decision_reason,
                    decided_by=item.decided_by,
                    redacted=open_redacted(session, protector, item),
                    findings=[_finding_view(f, original) for f in by_item.get(item.id, [])],
                )
            )
        _audit(session, officer, "disclosure.batch.review", f"batch:{batch_id}",
               detail="with original text" if with_original else None)
        return BatchReview(batch=summarize(session, batch), items=views)


def _finding_view(finding: DisclosureFinding, original: dict[str, str] | None) -> FindingView:
    text = None
    if original is not None and finding.field in original:
        text = original[finding.field][finding.start : finding.end]
    assert finding.id is not None
    return FindingView(
        id=finding.id, field=finding.field, start=finding.start, end=finding.end, entity_type=finding.entity_type,
        score=finding.score, recognizer=finding.recognizer, action=finding.action, origin=finding.origin,
        status=finding.status, reason=finding.reason, decided_by=finding.decided_by, decided_at=finding.decided_at,
        text=text,
    )


def decide_finding(
    *, engine: Engine, officer: Principal, finding_id: int, decision: FindingDecision, reason: str | None = None
) -> FindingView:
    """Accept a finding, or reject it as a false positive (a reason is required; the finding stays)."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    if decision not in ("accept", "reject"):
        raise InvalidDisclosureInput("disclosure.finding_decision")
    why = _reason(reason, required=decision == "reject")
    with transaction(engine) as session:
        finding = session.get(DisclosureFinding, finding_id)
        if finding is None:
            raise NotFound("disclosure.finding_not_found")
        item = _item(session, finding.item_id)
        _editable(session, item.batch_id)
        if finding.action == "dropped_field" and decision == "reject":
            raise DisclosureError("disclosure.never_published")
        if finding.action == "needs_officer_decision":
            raise DisclosureError("disclosure.decide_record")
        finding.status = "accepted" if decision == "accept" else "rejected"
        finding.reason = why
        finding.decided_by = officer.name
        finding.decided_at = utcnow()
        session.add(finding)
        _audit(session, officer, f"disclosure.finding.{decision}", f"finding:{finding_id}",
               token=item.subject_token, detail=f"{finding.field} {finding.entity_type}")
        session.flush()
        return _finding_view(finding, None)


def add_manual_span(
    *,
    engine: Engine,
    protector: FieldProtector,
    officer: Principal,
    item_id: str,
    field_name: str,
    start: int,
    end: int,
    entity_type: str,
    reason: str | None = None,
) -> FindingView:
    """Mask a span the check missed. Offsets are into the original text of the field."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    if entity_type not in MANUAL_ENTITY_TYPES:
        raise InvalidDisclosureInput("disclosure.entity_type", types=", ".join(MANUAL_ENTITY_TYPES))
    why = _reason(reason, required=False)
    protector.ensure_available()
    with transaction(engine) as session:
        item = _item(session, item_id)
        _editable(session, item.batch_id)
        original = open_original(session, protector, item, actor=officer, why="manual redaction span")
        text = original.get(field_name)
        if text is None:
            raise InvalidDisclosureInput("disclosure.no_such_field")
        if not 0 <= start < end <= len(text):
            raise InvalidDisclosureInput("disclosure.span_range", length=len(text))
        finding = DisclosureFinding(
            item_id=item.id, field=field_name, start=start, end=end, entity_type=entity_type, score=1.0,
            recognizer="officer", action="masked", origin="manual", status="accepted", reason=why,
            decided_by=officer.name, decided_at=utcnow(),
        )
        session.add(finding)
        session.flush()
        _audit(session, officer, "disclosure.finding.add", f"finding:{finding.id}", token=item.subject_token,
               detail=f"{field_name} {entity_type}")
        return _finding_view(finding, None)


def decide_item(
    *, engine: Engine, officer: Principal, item_id: str, decision: ItemDecision, reason: str | None
) -> None:
    """Publish the record's redacted version, or withhold it (art. 5: minors, privacy, secrets)."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    if decision not in ("publish_redacted", "withhold"):
        raise InvalidDisclosureInput("disclosure.item_decision")
    why = _reason(reason, required=True)
    with transaction(engine) as session:
        item = _item(session, item_id)
        _editable(session, item.batch_id)
        item.publish_decision = decision
        item.decision_reason = why
        item.decided_by = officer.name
        item.decided_at = utcnow()
        session.add(item)
        _audit(session, officer, f"disclosure.item.{decision}", f"item:{item_id}", token=item.subject_token)


def approve_batch(*, engine: Engine, officer: Principal, batch_id: str, reason: str | None = None) -> BatchSummary:
    """First officer's sign-off. Every record that needs an officer's decision must have one."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    why = _reason(reason, required=False)
    with transaction(engine) as session:
        batch = _batch_for_update(session, batch_id)
        undecided = session.exec(
            select(DisclosureItem.position).where(
                DisclosureItem.batch_id == batch_id,
                col(DisclosureItem.needs_officer_decision).is_(True),
                col(DisclosureItem.publish_decision).is_(None),
            )
        ).all()
        if undecided and batch.state == BatchState.CHECKED:
            raise DisclosureError("disclosure.undecided", count=len(undecided))
        batch.state = record_transition(session, kind="batch", object_id=batch_id, current=batch.state,
                                        action=BatchAction.APPROVE, actor=officer, reason=why)
        batch.approved_by = officer.name
        batch.updated_at = utcnow()
        session.add(batch)
        session.flush()
        return summarize(session, batch)


def confirm_batch(*, engine: Engine, officer: Principal, batch_id: str, reason: str | None = None) -> BatchSummary:
    """Second officer's sign-off (four eyes): never the officer who approved."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    why = _reason(reason, required=False)
    with transaction(engine) as session:
        batch = _batch_for_update(session, batch_id)
        if not (batch.state == BatchState.APPROVED and batch.approved_by == officer.name):
            batch.state = record_transition(session, kind="batch", object_id=batch_id, current=batch.state,
                                            action=BatchAction.CONFIRM, actor=officer, reason=why)
            batch.confirmed_by = officer.name
            batch.updated_at = utcnow()
            session.add(batch)
            session.flush()
            return summarize(session, batch)
    # The refusal is audited in its own transaction: the attempt itself is worth keeping.
    with transaction(engine) as session:
        _audit(session, officer, "disclosure.batch.confirm", f"batch:{batch_id}",
               detail="refused: same officer as the approval")
    raise FourEyesViolation()


def reject_batch(*, engine: Engine, officer: Principal, batch_id: str, reason: str) -> BatchSummary:
    """Refuse the batch at any review step; its records may go into a new batch."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    why = _reason(reason, required=True)
    with transaction(engine) as session:
        batch = _batch_for_update(session, batch_id)
        batch.state = record_transition(session, kind="batch", object_id=batch_id, current=batch.state,
                                        action=BatchAction.REJECT, actor=officer, reason=why)
        batch.updated_at = utcnow()
        session.add(batch)
        session.flush()
        return summarize(session, batch)
