"""The lifecycle of disclosure batches and published entries: every allowed transition, in one place.

Batch:  draft --check--> checked --approve--> approved --confirm--> confirmed --publish--> published
        published --withdraw--> withdrawn;  draft | checked | approved | confirmed --reject--> rejected
        (a draft whose check cannot complete is rejected too, so its records can go into a new batch)
Entry (one record on the public listing):
        listed --hide--> hidden (an objection is pending) --restore--> listed
        listed | hidden --withdraw--> withdrawn (display period ended, credit repair, objection upheld,
        officer decision)

`record_transition` is the only code that changes a state: it refuses an illegal step with
IllegalTransition, and writes the step (who, when, why) to `disclosure_transition` and the audit
chain in the caller's transaction.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.principals import Principal
from hub.disclosure.errors import IllegalTransition
from hub.disclosure.models import DisclosureTransition


class BatchState(StrEnum):
    DRAFT = "draft"
    CHECKED = "checked"
    APPROVED = "approved"
    CONFIRMED = "confirmed"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


class BatchAction(StrEnum):
    CHECK = "check"
    APPROVE = "approve"
    CONFIRM = "confirm"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    REJECT = "reject"


# What officers read (web pages, Chinese error texts).
BATCH_STATE_NAMES: dict[str, str] = {
    BatchState.DRAFT: "草稿（检查中）",
    BatchState.CHECKED: "已检查，待审查",
    BatchState.APPROVED: "已批准，待复核确认",
    BatchState.CONFIRMED: "已确认，待发布",
    BatchState.PUBLISHED: "已发布",
    BatchState.WITHDRAWN: "已撤下",
    BatchState.REJECTED: "已退回",
}
BATCH_ACTION_NAMES: dict[str, str] = {
    BatchAction.CHECK: "检查",
    BatchAction.APPROVE: "批准",
    BatchAction.CONFIRM: "确认",
    BatchAction.PUBLISH: "发布",
    BatchAction.WITHDRAW: "撤下",
    BatchAction.REJECT: "退回",
}


class EntryState(StrEnum):
    LISTED = "listed"
    HIDDEN = "hidden"
    WITHDRAWN = "withdrawn"


class EntryAction(StrEnum):
    HIDE = "hide"
    RESTORE = "restore"
    WITHDRAW = "withdraw"


ENTRY_STATE_NAMES: dict[str, str] = {EntryState.LISTED: "公示中", EntryState.HIDDEN: "暂停公示（异议处理中）",
                                     EntryState.WITHDRAWN: "已撤下"}
ENTRY_ACTION_NAMES: dict[str, str] = {EntryAction.HIDE: "暂停公示", EntryAction.RESTORE: "恢复公示",
                                      EntryAction.WITHDRAW: "撤下"}


class WithdrawalReason(StrEnum):
    DISPLAY_PERIOD_ENDED = "display_period_ended"
    CREDIT_REPAIR = "credit_repair"
    OBJECTION = "objection"
    OFFICER_DECISION = "officer_decision"


B, BA = BatchState, BatchAction
BATCH_TRANSITIONS: dict[tuple[BatchState, BatchAction], BatchState] = {
    (B.DRAFT, BA.CHECK): B.CHECKED,
    (B.CHECKED, BA.APPROVE): B.APPROVED,
    (B.APPROVED, BA.CONFIRM): B.CONFIRMED,
    (B.CONFIRMED, BA.PUBLISH): B.PUBLISHED,
    (B.PUBLISHED, BA.WITHDRAW): B.WITHDRAWN,
    (B.DRAFT, BA.REJECT): B.REJECTED,
    (B.CHECKED, BA.REJECT): B.REJECTED,
    (B.APPROVED, BA.REJECT): B.REJECTED,
    (B.CONFIRMED, BA.REJECT): B.REJECTED,
}

E, EA = EntryState, EntryAction
ENTRY_TRANSITIONS: dict[tuple[EntryState, EntryAction], EntryState] = {
    (E.LISTED, EA.HIDE): E.HIDDEN,
    (E.HIDDEN, EA.RESTORE): E.LISTED,
    (E.LISTED, EA.WITHDRAW): E.WITHDRAWN,
    (E.HIDDEN, EA.WITHDRAW): E.WITHDRAWN,
}


def next_batch_state(current: str, action: BatchAction) -> BatchState:
    target = BATCH_TRANSITIONS.get((BatchState(current), action))
    if target is None:
        raise IllegalTransition(
            kind="batch", kind_zh="批次", current=current, current_zh=BATCH_STATE_NAMES.get(current, current),
            action=action.value, action_zh=BATCH_ACTION_NAMES[action],
        )
    return target


def next_entry_state(current: str, action: EntryAction) -> EntryState:
    target = ENTRY_TRANSITIONS.get((EntryState(current), action))
    if target is None:
        raise IllegalTransition(
            kind="published entry", kind_zh="公示条目", current=current,
            current_zh=ENTRY_STATE_NAMES.get(current, current), action=action.value,
            action_zh=ENTRY_ACTION_NAMES[action],
        )
    return target


def record_transition(
    session: Session,
    *,
    kind: str,
    object_id: str,
    current: str,
    action: BatchAction | EntryAction,
    actor: Principal,
    reason: str | None = None,
    subject_token: str | None = None,
) -> str:
    """Check the step, record it (table + audit chain) and return the new state."""
    if kind == "batch":
        assert isinstance(action, BatchAction)
        target: str = next_batch_state(current, action)
    else:
        assert isinstance(action, EntryAction)
        target = next_entry_state(current, action)
    session.add(
        DisclosureTransition(
            object_kind=kind,
            object_id=object_id,
            from_state=current,
            to_state=target,
            action=action.value,
            actor=actor.name,
            role=actor.role.value,
            reason=reason[:500] if reason else None,
            at=utcnow(),
        )
    )
    trail.append(
        session,
        AuditEvent(
            actor=actor.name,
            role=actor.role.value,
            action=f"disclosure.{kind}.{action.value}",
            object=f"{kind}:{object_id}",
            subject_token=subject_token,
            detail=f"{current} -> {target}",
        ),
    )
    return target
