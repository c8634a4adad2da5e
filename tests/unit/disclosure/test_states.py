"""The lifecycle tables: every allowed step, and every other step refused."""

from __future__ import annotations

import itertools

import pytest

from hub.disclosure.errors import IllegalTransition
from hub.disclosure.states import (
    BATCH_TRANSITIONS,
    ENTRY_TRANSITIONS,
    BatchAction,
    BatchState,
    EntryAction,
    EntryState,
    next_batch_state,
    next_entry_state,
)

HAPPY_PATH = [
    (BatchState.DRAFT, BatchAction.CHECK, BatchState.CHECKED),
    (BatchState.CHECKED, BatchAction.APPROVE, BatchState.APPROVED),
    (BatchState.APPROVED, BatchAction.CONFIRM, BatchState.CONFIRMED),
    (BatchState.CONFIRMED, BatchAction.PUBLISH, BatchState.PUBLISHED),
    (BatchState.PUBLISHED, BatchAction.WITHDRAW, BatchState.WITHDRAWN),
]


@pytest.mark.parametrize(("current", "action", "target"), HAPPY_PATH)
def test_the_publication_path(current: BatchState, action: BatchAction, target: BatchState) -> None:
    assert next_batch_state(current.value, action) == target


@pytest.mark.parametrize(
    "current", [BatchState.DRAFT, BatchState.CHECKED, BatchState.APPROVED, BatchState.CONFIRMED]
)
def test_rejection_at_any_review_step(current: BatchState) -> None:
    assert next_batch_state(current.value, BatchAction.REJECT) == BatchState.REJECTED


def test_everything_else_is_refused() -> None:
    allowed = set(BATCH_TRANSITIONS)
    assert len(allowed) == 9
    for current, action in itertools.product(BatchState, BatchAction):
        if (current, action) in allowed:
            continue
        with pytest.raises(IllegalTransition, match=f"batch is {current.value}: '{action.value}' is not allowed"):
            next_batch_state(current.value, action)


def test_terminal_states_have_no_way_out() -> None:
    for terminal in (BatchState.WITHDRAWN, BatchState.REJECTED):
        assert not [a for (s, a) in BATCH_TRANSITIONS if s == terminal]
    assert not [a for (s, a) in ENTRY_TRANSITIONS if s == EntryState.WITHDRAWN]


def test_entry_steps() -> None:
    assert next_entry_state("listed", EntryAction.HIDE) == EntryState.HIDDEN
    assert next_entry_state("hidden", EntryAction.RESTORE) == EntryState.LISTED
    assert next_entry_state("hidden", EntryAction.WITHDRAW) == EntryState.WITHDRAWN
    for current, action in [("listed", EntryAction.RESTORE), ("hidden", EntryAction.HIDE),
                            ("withdrawn", EntryAction.RESTORE), ("withdrawn", EntryAction.WITHDRAW)]:
        with pytest.raises(IllegalTransition):
            next_entry_state(current, action)
