"""A fake of the HTTP boundary under `Transit` (the hvac adapter), for unit tests only."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from keys.transit import AppRoleCredentials, Transit


@dataclass
class Call:
    method: str
    url: str
    token: str | None
    body: dict[str, Any] | None


def response(status: int, payload: dict[str, Any] | None = None) -> requests.Response:
    result = requests.Response()
    result.status_code = status
    result._content = json.dumps(payload).encode() if payload is not None else b""
    return result


Handler = Callable[[Call], "requests.Response | Exception"]


@dataclass
class FakeAdapter:
    handler: Handler
    calls: list[Call] = field(default_factory=list)

    def request(self, method: str, url: str, headers: dict[str, str] | None = None,
                raise_exception: bool = True, **kwargs: Any) -> requests.Response:
        call = Call(method, url, (headers or {}).get("X-Vault-Token"), kwargs.get("json"))
        self.calls.append(call)
        outcome = self.handler(call)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def fake_transit(
    handler: Handler, *, credentials: AppRoleCredentials | None = None
) -> tuple[Transit, FakeAdapter]:
    transit = (Transit(addr="http://127.0.0.1:9", credentials=credentials) if credentials
               else Transit(addr="http://127.0.0.1:9", token="static-token"))
    adapter = FakeAdapter(handler)
    transit._adapter = adapter
    return transit, adapter


def login_response(token: str = "hvs.fresh", ttl: int = 3600) -> requests.Response:
    return response(200, {"auth": {"client_token": token, "lease_duration": ttl, "renewable": True}})
