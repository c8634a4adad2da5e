"""The connector's one base exception and its kinds.

Messages name files, lines, columns and fields, never a cell's value: a value may be an ID number.
Every error carries a stable `code` (connectors/messages.py) and a Chinese text for department staff.
"""

from __future__ import annotations

from typing import Any, Self

from connectors.messages import chinese, chinese_or_none, english


class ConnectorError(Exception):
    """Base of every error the connector raises on purpose."""

    default_code = "connector.failed"

    def __init__(self, message: str, *, code: str | None = None, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.code = code or self.default_code
        self.message_zh = (
            message_zh or chinese_or_none(self.code, detail=message) or chinese("connector.failed", detail=message)
        )

    @classmethod
    def coded(cls, code: str, *, where: str | None = None, **params: Any) -> Self:
        """The error of `code`, its texts prefixed with the file (or other place) it is about."""
        prefix_en, prefix_zh = (f"{where}: ", f"{where}：") if where else ("", "")
        return cls(prefix_en + english(code, **params), code=code, message_zh=prefix_zh + chinese(code, **params))


class MappingError(ConnectorError):
    """A mapping or connector config file is invalid (the message names the line)."""

    default_code = "mapping.invalid"


class SourceError(ConnectorError):
    """A source (file, sheet, database) cannot be read as declared."""

    default_code = "source.unreadable"


class ValueRejected(ConnectorError):
    """One cell cannot be parsed; the row is rejected, the rest goes on."""

    def __init__(self, code: str) -> None:
        super().__init__(english(code), code=code, message_zh=chinese(code))
        self.reason = english(code)


class HubError(ConnectorError):
    """The hub answered with an error that retrying will not fix (a 4xx, or a malformed answer)."""

    default_code = "hub.error"

    def __init__(
        self, message: str, *, status: int | None = None, code: str | None = None, message_zh: str | None = None
    ) -> None:
        super().__init__(message, code=code, message_zh=message_zh)
        self.status = status


class HubUnavailable(HubError):
    """The hub stayed unreachable or answered 503 through every retry."""

    default_code = "hub.unavailable"
