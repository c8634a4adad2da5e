"""Errors of the audit package. Messages name the rule, never a value."""

from __future__ import annotations

from hub.core.errors import HubError


class AuditError(HubError):
    """Base of the audit package's errors: a request that breaks one of its rules."""


class InvalidPeriod(AuditError):
    pass
