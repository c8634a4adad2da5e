"""OpenBao/Vault failures (keys.errors) mapped to the hub's errors, at the boundary.

A missing key is 404, a policy refusal 403, a refused request 400; anything else (unreachable, sealed,
timed out) is 503 and the operation fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hub.core.errors import HubError, KeyServiceUnavailable
from keys.errors import Forbidden, InvalidRequest, KeyNotFound, KeyServiceError

T = TypeVar("T")


class KeyServiceRefused(HubError):
    """OpenBao answered, and said no."""

    status_code = 400


class UnknownKey(KeyServiceRefused):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("no such key")


class KeyPolicyRefused(KeyServiceRefused):
    """OpenBao's policy for the hub does not allow this operation on this key."""

    status_code = 403


def call_transit(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except KeyNotFound:
        raise UnknownKey() from None
    except Forbidden:
        raise KeyPolicyRefused("the key service's policy does not allow this operation on this key") from None
    except InvalidRequest as exc:
        raise KeyServiceRefused(f"key service refused: {exc}") from None
    except KeyServiceError as exc:
        raise KeyServiceUnavailable() from exc
