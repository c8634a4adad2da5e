"""One base exception for everything that talks to OpenBao, mapped from HTTP status at the boundary.

Messages are built by this package only from operation names, key names, status codes and
scrubbed server messages: never from request bodies, plaintexts, ciphertexts or tokens.
"""

from __future__ import annotations

import re

# Anything that looks like key material, a ciphertext, base64 input or a token is cut from
# server messages before they reach an exception: Vault sometimes quotes parts of the request.
_SECRET_LOOKING = re.compile(
    r"(vault:v\d+:\S*)|((?:hvs|hvb|hvr|s|b|r)\.[A-Za-z0-9_\-.]{8,})|([A-Za-z0-9+/_\-]{16,}={0,2})"
)
_MAX_MESSAGE = 300


def scrub(message: str) -> str:
    """Remove secret-looking runs from a server message and bound its length."""
    cleaned = _SECRET_LOOKING.sub("[redacted]", message)
    if len(cleaned) > _MAX_MESSAGE:
        cleaned = cleaned[:_MAX_MESSAGE] + "…"
    return cleaned


class KeyServiceError(Exception):
    """Base of every error raised by the `keys` package."""

    status: int | None = None

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status

    @classmethod
    def from_status(cls, status: int, message: str) -> KeyServiceError:
        """The exception class that matches an OpenBao HTTP status (message is scrubbed)."""
        error_class: type[KeyServiceError] = _BY_STATUS.get(status, KeyServiceError)
        return error_class(scrub(message), status=status)


class InvalidRequest(KeyServiceError):
    """OpenBao rejected the request as malformed (400) or a parameter failed local validation."""

    status = 400


class Forbidden(KeyServiceError):
    """The token lacks the capability (403): policy denial or an invalid token."""

    status = 403


class RateLimited(KeyServiceError):
    """OpenBao asked us to slow down (429)."""

    status = 429


class VaultUnavailable(KeyServiceError):
    """OpenBao is unreachable, sealed, uninitialised or timed out (503)."""

    status = 503


class KeyNotFound(KeyServiceError):
    """The named transit key does not exist (404)."""

    status = 404


class ManagedOpenBaoError(KeyServiceError):
    """The managed local OpenBao could not be found, started, initialised or unsealed."""


_BY_STATUS: dict[int, type[KeyServiceError]] = {
    400: InvalidRequest,
    403: Forbidden,
    404: KeyNotFound,
    429: RateLimited,
    501: VaultUnavailable,  # not initialised
    503: VaultUnavailable,
}
