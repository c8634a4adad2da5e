"""The connector's one base exception and its kinds.

Messages name files, lines, columns and fields, never a cell's value: a value may be an ID number.
"""

from __future__ import annotations


class ConnectorError(Exception):
    """Base of every error the connector raises on purpose."""


class MappingError(ConnectorError):
    """A mapping or connector config file is invalid (the message names the line)."""


class SourceError(ConnectorError):
    """A source (file, sheet, database) cannot be read as declared."""


class ValueRejected(ConnectorError):
    """One cell cannot be parsed; the row is rejected, the rest goes on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class HubError(ConnectorError):
    """The hub answered with an error that retrying will not fix (a 4xx, or a malformed answer)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class HubUnavailable(HubError):
    """The hub stayed unreachable or answered 503 through every retry."""
