"""Which OpenBao node to send a request to: the hub is given every node's address and follows the leader.

`HUB_VAULT_ADDR="http://a:8200,http://b:8200,http://c:8200"` names the nodes of a Raft cluster. The
client talks to one node at a time, the active one when it knows it. When that node is down
(connection refused), or answers that it is not active (a standby's redirect, "local node not
active" during an election, sealed), the client asks the nodes for the leader (`sys/leader`, no
token needed) and moves there, or to the next address if no leader is known yet.

Standbys forward requests to the active node and serve read-only ones themselves, so any unsealed
node gives correct answers; following the leader only saves the forwarding hop and learns of a
failure once, instead of on every request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

import requests

from keys.errors import InvalidRequest

_DISCOVERY_TIMEOUT = 2.0
# While an election runs, every caller that hits a dead node would otherwise ask all nodes at once.
_MIN_DISCOVERY_INTERVAL = 0.1


def parse_addresses(addr: str | Sequence[str]) -> list[str]:
    """Node addresses from "http://a:8200,http://b:8200" (or a list), normalised, in order, no repeats."""
    parts = addr.split(",") if isinstance(addr, str) else list(addr)
    addresses: list[str] = []
    for part in parts:
        address = str(part).strip().rstrip("/")
        if not address:
            continue
        split = urlsplit(address)
        if split.scheme not in ("http", "https") or not split.hostname or split.path not in ("", "/"):
            raise InvalidRequest("OpenBao address must look like https://host:port (several: comma-separated)")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise InvalidRequest("no OpenBao address given")
    return addresses


class Endpoints:
    """The nodes' addresses and the one currently believed active (thread-safe)."""

    def __init__(self, addresses: Sequence[str], http: requests.Session) -> None:
        self.addresses = list(addresses)
        self._http = http
        self._index = 0
        self._lock = threading.Lock()
        self._last_discovery = float("-inf")

    @property
    def several(self) -> bool:
        return len(self.addresses) > 1

    def current(self) -> str:
        with self._lock:
            return self.addresses[self._index]

    def failed(self, addr: str) -> None:
        """`addr` is down or not active: move to the leader if a node names one, else to the next node.
        A caller that reports a node others have already moved away from changes nothing."""
        with self._lock:
            if self.addresses[self._index] != addr or not self.several:
                return
            leader = None
            now = time.monotonic()
            if now - self._last_discovery >= _MIN_DISCOVERY_INTERVAL:
                self._last_discovery = now
                leader = self._discover_leader(skip=addr)
            if leader is not None and leader != addr:
                self._index = self.addresses.index(leader)
            else:
                self._index = (self._index + 1) % len(self.addresses)

    def _discover_leader(self, *, skip: str) -> str | None:
        for address in self.addresses:
            if address == skip:
                continue
            try:
                answer = self._http.get(f"{address}/v1/sys/leader", timeout=_DISCOVERY_TIMEOUT,
                                        allow_redirects=False)
                leader = str(answer.json().get("leader_address") or "").rstrip("/")
            except (requests.RequestException, ValueError, AttributeError):
                continue
            if leader in self.addresses:
                return leader
        return None
