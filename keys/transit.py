"""The hub's client for OpenBao transit: subject-token HMACs, DEKs, signatures, key management.

Design choices:
- DEKs come from `transit/datakey/wrapped/:name`: OpenBao generates the key and returns only its
  wrapped form, which the hub stores before first use; the plaintext DEK is then obtained like any
  stored DEK's, through `decrypt` (one more call per DEK, and DEKs are long-lived: see DekCache).
  So the plaintext of a DEK reaches the hub by one path only, and `datakey/plaintext` is not needed.
- Batch endpoints (hmac, decrypt, rewrap) are called with at most `BATCH_SIZE` items per request:
  OpenBao refuses JSON bodies with more than 1,000 strings (keys count), so items carry no
  `reference` field: transit returns batch results in input order, and the count is checked.
- Authentication: AppRole login on first use; the token is renewed (renew-self) when two thirds
  of its TTL have passed, and replaced by a fresh login when it expired, could not be renewed far
  enough (token_max_ttl), or a call was refused with 403 (e.g. revoked). A static `token` is used
  as is and never renewed.
- Several nodes (a Raft cluster): `addr` may list every node, comma-separated; the client follows the
  active one (keys/endpoints.py). A node that is down, or answers that it is not active (a
  standby's redirect, "local node not active" during an election, sealed), refused the request
  without processing it, so the request goes to another node, whatever the operation; the client
  keeps trying for `failover_seconds` (an election takes a second or two) before it gives up.
- Retries after a request may have been processed (read timeout, connection reset, 502/504, 429):
  only for operations whose repetition changes nothing that matters, marked `idempotent` below:
  - hmac, encrypt, decrypt, rewrap, sign, verify and reads derive a value and change no state
    (encrypt and rewrap give a new ciphertext each time; the caller keeps the one it receives);
  - datakey: each call returns a fresh DEK, but transit keeps no record of data keys, and a DEK
    whose answer was lost is never stored or used, so a repeat leaves nothing behind;
  - key creation of an existing key and key config with the same values are no-ops;
  - an AppRole login twice only leaves one unused token to expire.
  `rotate` is never resent: a lost answer may hide a rotation that happened, and a second one
  would add a key version nobody asked for.
- Thread-safe: the token state sits behind a lock and every request carries its token in its own
  headers, so threads share one connection pool without sharing mutable request state.
"""

from __future__ import annotations

import base64
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from keys.endpoints import Endpoints, parse_addresses
from keys.errors import (
    Forbidden,
    InvalidRequest,
    KeyServiceError,
    VaultUnavailable,
    scrub,
)
from keys.names import validate_key_name

BATCH_SIZE = 250
_CIPHERTEXT_VERSION = re.compile(r"^vault:v(\d+):")
_RETRY_DELAYS = (0.05, 0.2, 0.5)
_RETRYABLE_STATUS = frozenset({429, 502, 504})
_FAILOVER_PAUSES = (0.05, 0.1, 0.2, 0.3, 0.5)  # between rounds over all nodes, the last one repeated
_NOT_ACTIVE = ("local node not active", "active cluster node not found", "node is not active")
_CONNECT_TIMEOUT = 3.0  # a node whose machine is gone answers nothing: do not wait the full timeout
_POOL_SIZE = 32
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

T = TypeVar("T")


@dataclass(frozen=True)
class AppRoleCredentials:
    role_id: str
    secret_id: str = field(repr=False)


@dataclass(frozen=True)
class DataKeyMaterial:
    plaintext: bytes = field(repr=False)
    wrapped: str
    key_version: int


@dataclass(frozen=True)
class KeyInfo:
    name: str
    type: str
    latest_version: int
    min_decryption_version: int
    min_encryption_version: int
    auto_rotate_period_seconds: int
    versions: dict[int, datetime]


@dataclass
class _Token:
    value: str
    renew_at: float
    expires_at: float
    ttl: float


def chunked(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items, in order."""
    if size < 1:
        raise ValueError("chunk size must be positive")
    for start in range(0, len(items), size):
        yield items[start : start + size]


def key_version_of(ciphertext: str) -> int:
    """The key version from a transit ciphertext/HMAC/signature prefix `vault:vN:`."""
    match = _CIPHERTEXT_VERSION.match(ciphertext) if isinstance(ciphertext, str) else None
    if match is None:
        raise InvalidRequest("not a transit value: expected a 'vault:vN:' prefix")
    return int(match.group(1))


class Transit:
    """Transit operations with the hub's credentials. See the module docstring for the rules."""

    def __init__(
        self,
        *,
        addr: str | Sequence[str],
        credentials: AppRoleCredentials | None = None,
        token: str | None = None,
        mount: str = "transit",
        timeout: float = 10.0,
        failover_seconds: float = 10.0,
    ) -> None:
        """`addr`: one node, or every node of a cluster ("http://a:8200,http://b:8200,…" or a list)."""
        if (credentials is None) == (token is None):
            raise InvalidRequest("give exactly one of credentials (AppRole) or token")
        if not re.fullmatch(r"[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*", mount):
            raise InvalidRequest("invalid transit mount path")
        if timeout <= 0 or failover_seconds < 0:
            raise InvalidRequest("timeout must be positive and failover_seconds not negative")
        addresses = parse_addresses(addr)
        self._credentials = credentials
        self._mount = mount
        self._timeout = (min(_CONNECT_TIMEOUT, timeout), timeout)
        self._failover_seconds = failover_seconds
        self._auth_lock = threading.Lock()
        self._token: _Token | None = None
        if token is not None:
            self._token = _Token(value=token, renew_at=float("inf"), expires_at=float("inf"),
                                 ttl=float("inf"))
        session = requests.Session()
        # A proxy from the environment must never see loopback traffic to the managed OpenBao.
        session.trust_env = any(urlsplit(a).hostname not in _LOOPBACK_HOSTS for a in addresses)
        # Retries are decided per operation below, not by urllib3 (which would skip POSTs anyway).
        pool = HTTPAdapter(pool_connections=len(addresses), pool_maxsize=_POOL_SIZE, max_retries=0)
        session.mount("http://", pool)
        session.mount("https://", pool)
        self._http = session
        self._endpoints = Endpoints(addresses, session)

    @property
    def addresses(self) -> list[str]:
        return list(self._endpoints.addresses)

    # ----------------------------------------------------------------------------- health

    def health(self) -> None:
        """Raise VaultUnavailable unless OpenBao can serve requests: the node is unsealed (active or
        standby); with several nodes, one of them must be active (a standby alone, without quorum,
        has nobody to forward to)."""
        if self._endpoints.several:
            # Standbys answer 503 here, so the round below moves on to the active node.
            params = {"standbycode": "503", "perfstandbyok": "false"}
        else:
            params = {"standbyok": "true", "perfstandbyok": "true"}
        # Like every call, it waits out an election (up to failover_seconds): the hub checks health
        # before it touches personal data, and a request that can be served after a 2-second election
        # should be served, not refused.
        response = self._send("GET", "sys/health", token=None, body=None, idempotent=True, params=params)
        if response.status_code != 200:
            raise VaultUnavailable(f"OpenBao is not ready (health HTTP {response.status_code})",
                                   status=response.status_code)

    # ----------------------------------------------------------------------------- HMAC

    def hmac(self, key_name: str, items: Sequence[bytes], *, key_version: int | None = None) -> list[str]:
        """HMAC-SHA256 of each item with the named key, in input order, as `vault:vN:<base64>`.

        `key_version` pins the key version (transit uses the latest by default, which would change
        every token after a rotation)."""
        validate_key_name(key_name)
        _check_version(key_version)
        extra: dict[str, Any] = {} if key_version is None else {"key_version": key_version}
        return self._batch(
            f"hmac/{key_name}",
            [{"input": _b64(_as_bytes(item))} for item in items],
            lambda result: str(result["hmac"]),
            extra=extra,
        )

    # ----------------------------------------------------------------------------- DEKs

    def generate_wrapped_data_key(self, key_name: str) -> str:
        """A fresh 256-bit DEK generated inside OpenBao, returned only wrapped under `key_name`."""
        validate_key_name(key_name)
        data = self._data("POST", f"{self._mount}/datakey/wrapped/{key_name}", body={"bits": 256},
                          idempotent=True)  # see the module docstring: a lost DEK is never used
        return str(data["ciphertext"])

    def generate_data_key(self, key_name: str) -> DataKeyMaterial:
        """A fresh 256-bit DEK: wrapped under `key_name` for storage, and unwrapped for local use."""
        wrapped = self.generate_wrapped_data_key(key_name)
        (plaintext,) = self.unwrap_data_keys(key_name, [wrapped])
        return DataKeyMaterial(plaintext=plaintext, wrapped=wrapped, key_version=key_version_of(wrapped))

    def unwrap_data_keys(self, key_name: str, wrapped: Sequence[str]) -> list[bytes]:
        """Plaintext DEKs for wrapped DEKs (batch decrypt), in input order."""
        validate_key_name(key_name)
        return self._batch(f"decrypt/{key_name}", [{"ciphertext": _as_ciphertext(w)} for w in wrapped],
                           lambda result: _unb64(result["plaintext"]))

    def rewrap(self, key_name: str, wrapped: Sequence[str]) -> list[str]:
        """Wrapped DEKs re-encrypted under the latest key version, in input order."""
        validate_key_name(key_name)
        return self._batch(f"rewrap/{key_name}", [{"ciphertext": _as_ciphertext(w)} for w in wrapped],
                           lambda result: str(result["ciphertext"]))

    def encrypt(self, key_name: str, plaintext: bytes) -> str:
        validate_key_name(key_name)
        data = self._data("POST", f"{self._mount}/encrypt/{key_name}",
                          body={"plaintext": _b64(_as_bytes(plaintext))}, idempotent=True)
        return str(data["ciphertext"])

    def decrypt(self, key_name: str, ciphertext: str) -> bytes:
        validate_key_name(key_name)
        data = self._data("POST", f"{self._mount}/decrypt/{key_name}",
                          body={"ciphertext": _as_ciphertext(ciphertext)}, idempotent=True)
        return _unb64(data["plaintext"])

    # ----------------------------------------------------------------------------- keys

    def ensure_key(self, key_name: str, *, key_type: str = "aes256-gcm96") -> None:
        """Create the key if it does not exist; an existing key of another type is an error."""
        validate_key_name(key_name)
        try:
            existing = self._key_data(key_name)
        except KeyServiceError as exc:
            if exc.status != 404:
                raise
            self._data("POST", f"{self._mount}/keys/{key_name}", body={"type": key_type}, idempotent=True)
            return
        if existing.get("type") != key_type:
            raise InvalidRequest(f"transit key {key_name!r} exists with another type")

    def key_info(self, key_name: str) -> KeyInfo:
        validate_key_name(key_name)
        data = self._key_data(key_name)
        return KeyInfo(
            name=str(data["name"]),
            type=str(data["type"]),
            latest_version=int(data["latest_version"]),
            min_decryption_version=int(data["min_decryption_version"]),
            min_encryption_version=int(data.get("min_encryption_version", 0)),
            auto_rotate_period_seconds=_seconds(data.get("auto_rotate_period", 0)),
            versions={int(version): _creation_time(value) for version, value in data["keys"].items()},
        )

    def list_keys(self) -> list[str]:
        try:
            data = self._data("LIST", f"{self._mount}/keys", body=None, idempotent=True)
        except KeyServiceError as exc:
            if exc.status == 404:  # no key at all yet
                return []
            raise
        return sorted(str(name) for name in data.get("keys", []))

    def rotate(self, key_name: str) -> int:
        """Add a key version; returns the new latest version."""
        validate_key_name(key_name)
        data = self._data("POST", f"{self._mount}/keys/{key_name}/rotate", body={}, idempotent=False)
        if "latest_version" in data:
            return int(data["latest_version"])
        return self.key_info(key_name).latest_version

    def set_min_decryption_version(self, key_name: str, version: int) -> None:
        validate_key_name(key_name)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise InvalidRequest("min_decryption_version must be a positive integer")
        self._data("POST", f"{self._mount}/keys/{key_name}/config",
                   body={"min_decryption_version": version}, idempotent=True)

    def set_auto_rotate_period(self, key_name: str, seconds: int) -> None:
        """0 disables automatic rotation; OpenBao's minimum otherwise is one hour."""
        validate_key_name(key_name)
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
            raise InvalidRequest("auto_rotate_period must be a non-negative number of seconds")
        self._data("POST", f"{self._mount}/keys/{key_name}/config",
                   body={"auto_rotate_period": f"{seconds}s"}, idempotent=True)

    # ----------------------------------------------------------------------------- signatures

    def sign(self, key_name: str, data: bytes) -> str:
        validate_key_name(key_name)
        result = self._data("POST", f"{self._mount}/sign/{key_name}",
                            body={"input": _b64(_as_bytes(data))}, idempotent=True)
        return str(result["signature"])

    def verify(self, key_name: str, data: bytes, signature: str) -> bool:
        validate_key_name(key_name)
        if not isinstance(signature, str):
            raise InvalidRequest("signature must be a string")
        try:
            result = self._data("POST", f"{self._mount}/verify/{key_name}",
                                body={"input": _b64(_as_bytes(data)), "signature": signature},
                                idempotent=True)
        except InvalidRequest:
            # A malformed signature (bad prefix, unknown version, bad base64) is simply not valid.
            return False
        return bool(result.get("valid", False))

    def public_keys(self, key_name: str) -> dict[int, str]:
        validate_key_name(key_name)
        keys = self._key_data(key_name)["keys"]
        public: dict[int, str] = {}
        for version, entry in keys.items():
            if not isinstance(entry, dict) or not entry.get("public_key"):
                raise InvalidRequest(f"transit key {key_name!r} has no public keys (not asymmetric)")
            public[int(version)] = str(entry["public_key"])
        return public

    # ----------------------------------------------------------------------------- plumbing

    def _key_data(self, key_name: str) -> dict[str, Any]:
        return self._data("GET", f"{self._mount}/keys/{key_name}", body=None, idempotent=True)

    def _batch(
        self,
        endpoint: str,
        batch_items: list[dict[str, Any]],
        parse: Callable[[dict[str, Any]], T],
        *,
        extra: dict[str, Any] | None = None,
    ) -> list[T]:
        results: list[T] = []
        for offset, chunk in _offset_chunks(batch_items):
            body = dict(extra or {})
            body["batch_input"] = list(chunk)
            data = self._data("POST", f"{self._mount}/{endpoint}", body=body, idempotent=True, batch=True)
            batch_results = data.get("batch_results")
            if not isinstance(batch_results, list) or len(batch_results) != len(chunk):
                raise KeyServiceError(f"transit {_operation(endpoint)}: unexpected batch response")
            failed = [offset + i for i, result in enumerate(batch_results) if result.get("error")]
            if failed:
                raise InvalidRequest(
                    f"transit {_operation(endpoint)}: {len(failed)} item(s) failed, "
                    f"first at index {failed[0]}"
                )
            results.extend(parse(result) for result in batch_results)
        return results

    def _data(
        self, method: str, path: str, *, body: dict[str, Any] | None, idempotent: bool, batch: bool = False
    ) -> dict[str, Any]:
        """Send an authenticated request; return its `data` (empty for 204). With `batch`, a 400
        that carries per-item results is returned, so the caller can say which item failed."""
        relogged = False
        while True:
            token = self._current_token()
            response = self._send(method, path, token=token, body=body, idempotent=idempotent)
            if response.status_code == 403 and self._credentials is not None and not relogged:
                # An expired or revoked token looks like a policy denial: log in once and retry.
                self._drop_token(token)
                relogged = True
                continue
            if response.status_code == 204:
                return {}
            payload = _json(response)
            data = payload.get("data")
            if batch and response.status_code == 400 and isinstance(data, dict) and "batch_results" in data:
                return data
            if response.status_code >= 400:
                raise _error_for(response.status_code, payload, operation=f"{method} {_operation(path)}")
            return data if isinstance(data, dict) else {}

    def _send(
        self,
        method: str,
        path: str,
        *,
        token: str | None,
        body: dict[str, Any] | None,
        idempotent: bool,
        params: dict[str, str] | None = None,
    ) -> requests.Response:
        """Send to the current node; fail over and retry as the module docstring says."""
        headers = {"X-Vault-Token": token} if token else {}
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs["json"] = body
        if params:
            kwargs["params"] = params
        delays = iter(_RETRY_DELAYS)
        pauses = iter(_FAILOVER_PAUSES)
        failover_until = time.monotonic() + self._failover_seconds
        nodes_tried: set[str] = set()
        while True:
            addr = self._endpoints.current()
            nodes_tried.add(addr)
            response: requests.Response | None = None
            try:
                response = self._http.request(
                    method, f"{addr}/v1/{path}", headers=headers, timeout=self._timeout,
                    allow_redirects=False,  # a standby's redirect is handled here, not followed blindly
                    **kwargs,
                )
            except requests.ConnectionError as exc:
                # A refused connection never reached OpenBao: resending is safe for any operation.
                never_reached = _is_connect_failure(exc)
                may_retry = idempotent or never_reached
                node_failed = True
                failure = f"OpenBao unreachable ({_operation(path)})"
            except requests.Timeout:
                may_retry, node_failed, failure = idempotent, True, f"OpenBao timed out ({_operation(path)})"
            except requests.RequestException:
                raise VaultUnavailable(f"OpenBao request failed ({_operation(path)})") from None
            else:
                if self._endpoints.several and _not_active(response):
                    # Refused unprocessed: safe to resend whatever the operation.
                    may_retry, node_failed = True, True
                    failure = f"no active OpenBao node (HTTP {response.status_code}, {_operation(path)})"
                elif idempotent and response.status_code in _RETRYABLE_STATUS:
                    may_retry, node_failed, failure = True, False, ""
                else:
                    return response
            if not may_retry:
                raise VaultUnavailable(failure)
            if node_failed and self._endpoints.several:
                self._endpoints.failed(addr)
                if len(nodes_tried) < len(self._endpoints.addresses):
                    continue  # another node at once
                if time.monotonic() < failover_until:
                    nodes_tried.clear()  # every node failed once: wait a little (an election), go round again
                    time.sleep(next(pauses, _FAILOVER_PAUSES[-1]))
                    continue
                raise VaultUnavailable(failure)
            delay = next(delays, None)
            if delay is None:
                if response is not None:
                    return response  # retries exhausted: the caller maps the status
                raise VaultUnavailable(failure)
            time.sleep(delay)

    # ----------------------------------------------------------------------------- auth

    def _current_token(self) -> str:
        with self._auth_lock:
            now = time.monotonic()
            token = self._token
            if token is None or now >= token.expires_at:
                token = self._login()
            elif now >= token.renew_at:
                token = self._renew(token)
            self._token = token
            return token.value

    def _drop_token(self, value: str) -> None:
        with self._auth_lock:
            if self._token is not None and self._token.value == value:
                self._token = None

    def _login(self) -> _Token:
        assert self._credentials is not None  # static tokens never expire in this client
        response = self._send(
            "POST", "auth/approle/login", token=None, idempotent=True,
            body={"role_id": self._credentials.role_id, "secret_id": self._credentials.secret_id},
        )
        payload = _json(response)
        if response.status_code in (400, 403):
            # OpenBao answers 400 to a wrong role_id/secret_id; for the hub that is a refusal, not
            # a malformed request. The credentials are never part of the message.
            raise Forbidden("AppRole login refused (invalid role or secret ID)", status=403)
        if response.status_code >= 400:
            raise _error_for(response.status_code, payload, operation="AppRole login")
        return _token_from_auth(payload)

    def _renew(self, token: _Token) -> _Token:
        response = self._send("POST", "auth/token/renew-self", token=token.value, body={}, idempotent=True)
        if response.status_code >= 400:
            return self._login()
        renewed = _token_from_auth(_json(response), previous_ttl=token.ttl)
        # Near token_max_ttl a renewal grants little time: a fresh login is better than many renewals.
        if renewed.expires_at - time.monotonic() < token.ttl / 2:
            return self._login()
        return renewed


# --------------------------------------------------------------------------------- helpers


def _offset_chunks(items: list[dict[str, Any]]) -> Iterator[tuple[int, Sequence[dict[str, Any]]]]:
    offset = 0
    for chunk in chunked(items):
        yield offset, chunk
        offset += len(chunk)


def _token_from_auth(payload: dict[str, Any], previous_ttl: float | None = None) -> _Token:
    auth = payload.get("auth")
    if not isinstance(auth, dict) or not auth.get("client_token"):
        raise KeyServiceError("OpenBao login returned no token")
    ttl = float(auth.get("lease_duration") or 0)
    now = time.monotonic()
    if ttl <= 0:  # a non-expiring token
        return _Token(value=str(auth["client_token"]), renew_at=float("inf"), expires_at=float("inf"),
                      ttl=float("inf"))
    full_ttl = previous_ttl if previous_ttl is not None else ttl
    # Consider the token gone slightly before OpenBao does, so no request races its expiry.
    margin = min(5.0, ttl / 10)
    return _Token(value=str(auth["client_token"]), renew_at=now + ttl * 2 / 3, expires_at=now + ttl - margin,
                  ttl=full_ttl)


def _error_for(status: int, payload: dict[str, Any], *, operation: str) -> KeyServiceError:
    errors = payload.get("errors")
    detail = "; ".join(str(e) for e in errors) if isinstance(errors, list) and errors else "no detail"
    if status == 503 or "sealed" in detail.lower():
        return VaultUnavailable(f"{operation}: OpenBao unavailable (HTTP {status}): {scrub(detail)}",
                                status=503)
    if status == 403:
        return Forbidden(f"{operation}: permission denied", status=403)
    return KeyServiceError.from_status(status, f"{operation}: HTTP {status}: {detail}")


def _json(response: requests.Response) -> dict[str, Any]:
    if not response.content:
        return {}
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _operation(path: str) -> str:
    """The request path without anything after the key name (never contains data)."""
    return path.split("?", 1)[0]


def _not_active(response: requests.Response) -> bool:
    """The node refused the request without processing it: a standby redirecting to the leader, a
    node that lost its leader (election under way), or a sealed node."""
    if response.status_code in (307, 308, 503):
        return True
    if response.status_code == 500:
        detail = " ".join(str(e) for e in (_json(response).get("errors") or [])).lower()
        return any(marker in detail for marker in _NOT_ACTIVE)
    return False


def _is_connect_failure(exc: requests.ConnectionError) -> bool:
    """True when the TCP connection was never established (so OpenBao never saw the request)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, NewConnectionError | ConnectTimeoutError):
        return True
    return "NewConnectionError" in repr(exc)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except ValueError:
        raise KeyServiceError("OpenBao returned malformed base64") from None


def _as_bytes(value: Any) -> bytes:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise InvalidRequest("transit input must be bytes")
    return bytes(value)


def _as_ciphertext(value: Any) -> str:
    key_version_of(value)  # validates the prefix without echoing the value
    return str(value)


def _check_version(version: int | None) -> None:
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or version < 1):
        raise InvalidRequest("key_version must be a positive integer")


def _seconds(value: Any) -> int:
    if isinstance(value, int | float):
        return int(value)
    text = str(value).strip()
    if text.endswith("s") and text[:-1].isdigit():
        return int(text[:-1])
    return int(float(text)) if text else 0


def _creation_time(value: Any) -> datetime:
    """Symmetric keys report a Unix timestamp; asymmetric ones an RFC 3339 string with nanoseconds."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    stamp = str(value.get("creation_time", "")) if isinstance(value, dict) else str(value)
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)", stamp)
    if match is None:
        raise KeyServiceError("OpenBao returned an unreadable key creation time")
    fraction = (match.group(2) or ".0")[:7]  # Python keeps microseconds, OpenBao sends nanoseconds
    zone = "+00:00" if match.group(3) == "Z" else match.group(3)
    return datetime.fromisoformat(f"{match.group(1)}{fraction}{zone}")
