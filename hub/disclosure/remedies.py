"""Objections (异议) and credit repair (信用修复): the two ways a published record leaves early.

An objection hides its entry from the listing at once, until an officer decides it: upheld, the
entry is withdrawn; dismissed, it is listed again (unless another objection is still pending).
Credit repair may be applied for only after the minimum display period (`repair_after`); approved,
the entry is withdrawn. Officers record applications on the party's behalf; every step is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from crypto.identifiers import today as china_today
from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import NotFound
from hub.core.principals import Principal, Role, require_role
from hub.disclosure.errors import DisclosureError
from hub.disclosure.models import CreditRepair, DisclosureItem, Objection, PublishedEntry
from hub.disclosure.officer_text import officer_text
from hub.disclosure.publication import withdraw
from hub.disclosure.states import EntryAction, EntryState, WithdrawalReason, record_transition

MAX_TEXT = 500
ObjectionDecision = Literal["uphold", "dismiss"]
RepairDecision = Literal["approve", "reject"]


@dataclass(frozen=True)
class RemedyView:
    id: str
    kind: str  # objection | credit_repair
    entry_id: str
    state: str
    filed_by: str
    filed_at: dt.datetime
    decided_by: str | None
    decision_reason: str | None


def _text(value: str | None, name: str) -> str:
    text = officer_text(value, name=name, required=True, limit=MAX_TEXT)
    assert text is not None  # required=True
    return text


def _entry(session: Session, entry_id: str) -> PublishedEntry:
    entry = session.exec(select(PublishedEntry).where(PublishedEntry.id == entry_id).with_for_update()).first()
    if entry is None:
        raise NotFound("disclosure.entry_not_found")
    return entry


def _token(session: Session, entry: PublishedEntry) -> str | None:
    item = session.get(DisclosureItem, entry.item_id)
    return item.subject_token if item else None


def _audit(session: Session, officer: Principal, action: str, obj: str, token: str | None, detail: str) -> None:
    trail.append(session, AuditEvent(actor=officer.name, role=officer.role.value, action=action, object=obj,
                                     subject_token=token, detail=detail))


def _view(kind: str, row: Objection | CreditRepair) -> RemedyView:
    return RemedyView(id=row.id, kind=kind, entry_id=row.entry_id, state=row.state, filed_by=row.filed_by,
                      filed_at=row.filed_at, decided_by=row.decided_by, decision_reason=row.decision_reason)


# -- objections --------------------------------------------------------------------------------------


def file_objection(*, engine: Engine, officer: Principal, entry_id: str, ground: str) -> RemedyView:
    """Record a data subject's objection; the entry leaves the listing until it is decided."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    text = _text(ground, "ground")
    with transaction(engine) as session:
        entry = _entry(session, entry_id)
        if entry.status == EntryState.WITHDRAWN:
            raise DisclosureError("disclosure.entry_withdrawn")
        token = _token(session, entry)
        if entry.status == EntryState.LISTED:
            entry.status = record_transition(session, kind="entry", object_id=entry.id, current=entry.status,
                                             action=EntryAction.HIDE, actor=officer, reason="objection filed",
                                             subject_token=token)
            session.add(entry)
        objection = Objection(entry_id=entry.id, ground=text, filed_by=officer.name)
        session.add(objection)
        session.flush()
        _audit(session, officer, "disclosure.objection.file", f"objection:{objection.id}", token, "entry hidden")
        return _view("objection", objection)


def decide_objection(
    *, engine: Engine, officer: Principal, objection_id: str, uphold: bool, reason: str
) -> RemedyView:
    require_role(officer, Role.PUBLICITY_OFFICER)
    why = _text(reason, "reason")
    with transaction(engine) as session:
        objection = session.exec(select(Objection).where(Objection.id == objection_id).with_for_update()).first()
        if objection is None:
            raise NotFound("disclosure.objection_not_found")
        if objection.state != "pending":
            raise DisclosureError("disclosure.objection_decided", state=objection.state)
        entry = _entry(session, objection.entry_id)
        token = _token(session, entry)
        objection.state = "upheld" if uphold else "dismissed"
        objection.decided_by = officer.name
        objection.decided_at = utcnow()
        objection.decision_reason = why
        session.add(objection)
        session.flush()
        if entry.status != EntryState.WITHDRAWN:
            if uphold:
                withdraw(session, entry, reason=WithdrawalReason.OBJECTION, actor=officer, note=why)
            elif entry.status == EntryState.HIDDEN and _pending_objections(session, entry.id) == 0:
                entry.status = record_transition(session, kind="entry", object_id=entry.id, current=entry.status,
                                                 action=EntryAction.RESTORE, actor=officer,
                                                 reason="objection dismissed", subject_token=token)
                session.add(entry)
        _audit(session, officer, f"disclosure.objection.{objection.state}", f"objection:{objection.id}", token,
               f"entry {entry.status}")
        return _view("objection", objection)


def _pending_objections(session: Session, entry_id: str) -> int:
    return int(session.exec(
        select(func.count()).select_from(Objection).where(Objection.entry_id == entry_id, Objection.state == "pending")
    ).one())


# -- credit repair -----------------------------------------------------------------------------------


def apply_credit_repair(
    *, engine: Engine, officer: Principal, entry_id: str, ground: str, today: dt.date | None = None
) -> RemedyView:
    """Record a party's credit-repair application: only penalties, only after the minimum period."""
    require_role(officer, Role.PUBLICITY_OFFICER)
    text = _text(ground, "ground")
    today = today or china_today()
    with transaction(engine) as session:
        entry = _entry(session, entry_id)
        if entry.record_type != "admin_penalty":
            raise DisclosureError("disclosure.repair_penalties_only")
        if entry.status == EntryState.WITHDRAWN:
            raise DisclosureError("disclosure.entry_withdrawn")
        if today < entry.repair_after:
            raise DisclosureError("disclosure.repair_too_early", date=entry.repair_after.isoformat())
        pending = session.exec(
            select(func.count()).select_from(CreditRepair).where(
                CreditRepair.entry_id == entry.id, col(CreditRepair.state) == "pending"
            )
        ).one()
        if pending:
            raise DisclosureError("disclosure.repair_pending")
        repair = CreditRepair(entry_id=entry.id, ground=text, filed_by=officer.name)
        session.add(repair)
        session.flush()
        _audit(session, officer, "disclosure.credit_repair.apply", f"credit_repair:{repair.id}",
               _token(session, entry), "application recorded")
        return _view("credit_repair", repair)


def decide_credit_repair(
    *, engine: Engine, officer: Principal, repair_id: str, approve: bool, reason: str
) -> RemedyView:
    require_role(officer, Role.PUBLICITY_OFFICER)
    why = _text(reason, "reason")
    with transaction(engine) as session:
        repair = session.exec(select(CreditRepair).where(CreditRepair.id == repair_id).with_for_update()).first()
        if repair is None:
            raise NotFound("disclosure.repair_not_found")
        if repair.state != "pending":
            raise DisclosureError("disclosure.repair_decided", state=repair.state)
        entry = _entry(session, repair.entry_id)
        repair.state = "approved" if approve else "rejected"
        repair.decided_by = officer.name
        repair.decided_at = utcnow()
        repair.decision_reason = why
        session.add(repair)
        session.flush()
        if approve and entry.status != EntryState.WITHDRAWN:
            withdraw(session, entry, reason=WithdrawalReason.CREDIT_REPAIR, actor=officer, note=why)
        _audit(session, officer, f"disclosure.credit_repair.{repair.state}", f"credit_repair:{repair.id}",
               _token(session, entry), f"entry {entry.status}")
        return _view("credit_repair", repair)
