"""Errors of the key jobs (rotation, rewrap, retire, re-tokenise). Transit failures are mapped by
`hub.core.keyservice`."""

from __future__ import annotations

from hub.core.errors import HubError


class KeyJobError(HubError):
    status_code = 400


class RetireRefused(KeyJobError):
    status_code = 409
