"""A fake of the HTTP boundary under `Transit` (its requests session), for unit tests only."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from keys.transit import AppRoleCredentials, Transit


@dataclass
class Call:
    method: str
    url: str  # the path, e.g. /v1/transit/hmac/subject-token
    token: str | None
    body: dict[str, Any] | None
    node: str = "http://127.0.0.1:9"  # which node it was sent to


def response(status: int, payload: dict[str, Any] | None = None) -> requests.Response:
    result = requests.Response()
    result.status_code = status
    result._content = json.dumps(payload).encode() if payload is not None else b""
    return result


Handler = Callable[[Call], "requests.Response | Exception"]


@dataclass
class FakeAdapter:
    """Stands in for the requests session: every request, to whichever node, goes to `handler`."""

    handler: Handler
    calls: list[Call] = field(default_factory=list)

    def request(self, method: str, url: str, headers: dict[str, str] | None = None, **kwargs: Any) -> requests.Response:
        split = urlsplit(url)
        call = Call(method, split.path, (headers or {}).get("X-Vault-Token"), kwargs.get("json"),
                    node=f"{split.scheme}://{split.netloc}")
        self.calls.append(call)
        outcome = self.handler(call)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)


def fake_transit(
    handler: Handler, *, credentials: AppRoleCredentials | None = None, addr: str = "http://127.0.0.1:9",
    failover_seconds: float = 10.0,
) -> tuple[Transit, FakeAdapter]:
    transit = (Transit(addr=addr, credentials=credentials, failover_seconds=failover_seconds) if credentials
               else Transit(addr=addr, token="static-token", failover_seconds=failover_seconds))
    adapter = FakeAdapter(handler)
    transit._http = adapter  # type: ignore[assignment]
    transit._endpoints._http = adapter  # type: ignore[assignment]
    return transit, adapter


def login_response(token: str = "hvs.fresh", ttl: int = 3600) -> requests.Response:
    return response(200, {"auth": {"client_token": token, "lease_duration": ttl, "renewable": True}})
