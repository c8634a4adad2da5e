"""Errors of departments and their grants. Messages name fields and rules, never submitted values."""

from __future__ import annotations

from hub.core.errors import HubError


class DepartmentError(HubError):
    """Base of the departments package's errors."""


class InvalidGrant(DepartmentError):
    """A grant that would give what no grant may."""
