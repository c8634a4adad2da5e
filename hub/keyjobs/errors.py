"""Errors of the key jobs. Transit failures are mapped here, at the boundary."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hub.errors import HubError, KeyServiceUnavailable
from keys.errors import Forbidden, InvalidRequest, KeyNotFound, KeyServiceError

T = TypeVar("T")


class KeyJobError(HubError):
    status_code = 400


class UnknownKey(KeyJobError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("no such key")


class RetireRefused(KeyJobError):
    status_code = 409


class KeyPolicyRefused(KeyJobError):
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
        raise KeyJobError(f"key service refused: {exc}") from None
    except KeyServiceError as exc:
        raise KeyServiceUnavailable() from exc
