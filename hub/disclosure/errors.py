"""Errors of the disclosure workflow. All are HubErrors: the API maps them by `status_code`.

Messages name states, fields and rules, never a record's values.
"""

from __future__ import annotations

from hub.core.errors import HubError


class DisclosureError(HubError):
    """Base of the disclosure workflow's errors: the request breaks a workflow rule."""

    status_code = 409


class IllegalTransition(DisclosureError):
    def __init__(self, *, kind: str, current: str, action: str) -> None:
        super().__init__(f"{kind} is {current}: '{action}' is not allowed from this state")
        self.current = current
        self.action = action


class FourEyesViolation(DisclosureError):
    """The officer who approved a batch may not confirm it."""

    status_code = 403

    def __init__(self) -> None:
        super().__init__("a batch must be confirmed by a different officer than the one who approved it")


class InvalidDisclosureInput(DisclosureError):
    """Bad input to a workflow step (unknown field, span out of range, missing reason …)."""

    status_code = 422


class RecordCheckRefused(InvalidDisclosureInput):
    """The privacy check refused one record of those it was given (``index`` into them)."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index
