"""Errors of the key jobs (rotation, rewrap, retire, re-tokenise). OpenBao's own failures are mapped by
`hub.core.keyservice.key_service`."""

from __future__ import annotations

from hub.core.errors import HubError


class KeyJobError(HubError):
    """Base of the key jobs' errors: the request breaks a rule of key management."""


class RetireRefused(KeyJobError):
    default_code = "key.retire_refused"
