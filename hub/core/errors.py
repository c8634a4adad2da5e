"""The hub's one base exception and the errors the API maps to HTTP statuses.

Messages are shown to callers: they name fields and reasons, never values.
"""

from __future__ import annotations


class HubError(Exception):
    """Base of every error the hub raises on purpose."""

    status_code = 500


class NotFound(HubError):
    status_code = 404


class PermissionDenied(HubError):
    status_code = 403


class Unauthenticated(HubError):
    status_code = 401


class Replay(HubError):
    status_code = 409


class KeyServiceUnavailable(HubError):
    """OpenBao is unreachable, sealed or refusing: the request fails closed."""

    status_code = 503

    def __init__(self, message: str = "key service unavailable") -> None:
        super().__init__(message)


class RecordError(HubError):
    """One record of a batch is invalid; `index` is its position, `field` the offending field."""

    status_code = 422

    def __init__(self, *, index: int, field: str, reason: str) -> None:
        super().__init__(f"record {index}: {field}: {reason}")
        self.index = index
        self.field = field
        self.reason = reason


class BatchRejected(HubError):
    """A batch with invalid records is refused whole; nothing of it is stored."""

    status_code = 422

    def __init__(self, errors: list[RecordError]) -> None:
        super().__init__(f"batch rejected: {len(errors)} invalid record{'s' if len(errors) != 1 else ''}")
        self.errors = errors


class ConfigurationError(HubError):
    """The hub refuses to start with this configuration."""
