"""Errors of the records package (invalid records are `hub.core.errors.RecordError`s, gathered in a
`BatchRejected`). Messages name fields and rules, never a submitted value."""

from __future__ import annotations

from hub.core.errors import HubError


class RecordsError(HubError):
    """Base of the records package's errors."""


class InvalidLookup(RecordsError):
    """The ID number to look up is not valid; `cause` is the identifier's own code."""

    def __init__(self, cause: str) -> None:
        super().__init__("lookup.invalid_id_number", cause=cause)
