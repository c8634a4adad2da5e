"""Errors of the disclosure workflow. Messages name states, fields and rules, never a record's values."""

from __future__ import annotations

from hub.core.errors import HubError


class DisclosureError(HubError):
    """Base of the disclosure workflow's errors: the request breaks a workflow rule."""


class IllegalTransition(DisclosureError):
    def __init__(self, *, kind: str, kind_zh: str, current: str, current_zh: str, action: str, action_zh: str) -> None:
        super().__init__(
            "disclosure.illegal_transition",
            kind=kind, kind_zh=kind_zh, current=current, current_zh=current_zh, action=action, action_zh=action_zh,
        )
        self.current = current
        self.action = action


class FourEyesViolation(DisclosureError):
    """The officer who approved a batch may not confirm it."""

    default_code = "disclosure.four_eyes"


class InvalidDisclosureInput(DisclosureError):
    """Bad input to a workflow step (unknown field, span out of range, missing reason …)."""


class RecordCheckRefused(InvalidDisclosureInput):
    """The privacy check refused one record of those it was given (``index`` into them)."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__("disclosure.check_refused", reason=reason)
        self.index = index
