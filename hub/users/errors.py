"""Errors of the access package. Messages never carry a password or any submitted value."""

from __future__ import annotations

from hub.core.errors import HubError


class AccessError(HubError):
    """Base of the access package's errors: a request that breaks an access rule."""

    status_code = 400


class LoginFailed(AccessError):
    """Same answer for an unknown user and a wrong password: strangers learn nothing."""

    status_code = 401

    def __init__(self) -> None:
        super().__init__("invalid user name or password")


class AccountLocked(AccessError):
    status_code = 423

    def __init__(self) -> None:
        super().__init__("account locked; try later or ask an administrator")


class UserExists(AccessError):
    status_code = 409


class InvalidUserInput(AccessError):
    status_code = 422
