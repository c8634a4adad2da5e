"""OpenBao/Vault failures (keys.errors) become the hub's errors here, and only here (`key_service`).

A missing key is 404, a policy refusal 403, a refused request 400; anything else (unreachable, sealed,
timed out) is 503 and the operation fails closed: nothing is stored in plain.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hub.core.errors import HubError, KeyServiceUnavailable
from keys.errors import Forbidden, InvalidRequest, KeyNotFound, KeyServiceError, ManagedOpenBaoError


class KeyServiceRefused(HubError):
    """OpenBao answered, and said no."""


@contextmanager
def key_service() -> Iterator[None]:
    """Run OpenBao calls; their failures leave as the hub's errors (the server's own message only when
    it refuses a request, scrubbed by `keys`)."""
    try:
        yield
    except KeyNotFound:
        raise KeyServiceRefused("key_service.unknown_key") from None
    except Forbidden:
        raise KeyServiceRefused("key_service.policy_refused") from None
    except InvalidRequest as exc:
        raise KeyServiceRefused("key_service.refused", reason=str(exc)) from None
    except ManagedOpenBaoError as exc:
        # The operator needs the reason (a port taken, a binary missing); it names processes and paths only.
        raise KeyServiceUnavailable("key_service.managed_failed", reason=str(exc)) from None
    except KeyServiceError as exc:
        raise KeyServiceUnavailable() from exc
