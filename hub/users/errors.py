"""Errors of the users package. Messages never carry a password or any submitted value."""

from __future__ import annotations

from hub.core.errors import HubError


class UserError(HubError):
    """Base of the users package's errors: a request that breaks a rule about people."""


class LoginFailed(UserError):
    """Same answer for an unknown user and a wrong password: strangers learn nothing."""

    default_code = "auth.login_failed"


class AccountLocked(UserError):
    default_code = "auth.account_locked"
