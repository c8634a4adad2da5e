"""Bringing a fresh OpenBao to the state the hub needs: initialised, unsealed, and bootstrapped with the
transit mount, the hub's keys, the `credit-hub` policy and its AppRole.

One home for these steps: the managed single node (keys/managed.py) and the local Raft cluster
(keys/cluster.py) both call them, so a cluster is set up exactly like the single node.

Secret files (`SecretFiles`, one directory): `unseal.key` (the single unseal key share),
`bootstrap.token` (the root token from initialisation, for administration and tests) and
`approle.json` (the hub's role_id and secret_id). They are created with mode 0600 by `os.open`
(never widened and then chmod-ed) and replaced atomically, so no other local user ever sees them
readable.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import hvac
import requests

from keys.errors import ManagedOpenBaoError
from keys.names import HUB_SIGNING_KEY, HUB_SIGNING_KEY_TYPE, SUBJECT_TOKEN_KEY, SUBJECT_TOKEN_KEY_TYPE
from keys.transit import AppRoleCredentials

HUB_ROLE = "credit-hub"
HUB_POLICY = "credit-hub"
TRANSIT_MOUNT = "transit"
HTTP_TIMEOUT = 5.0
_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class SecretFiles:
    directory: Path

    @property
    def unseal_key(self) -> Path:
        return self.directory / "unseal.key"

    @property
    def bootstrap_token(self) -> Path:
        return self.directory / "bootstrap.token"

    @property
    def approle(self) -> Path:
        return self.directory / "approle.json"

    def read(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError:
            raise ManagedOpenBaoError(f"cannot read {path.name} in {self.directory}") from None

    def credentials(self) -> AppRoleCredentials:
        """The hub's AppRole credentials written at bootstrap."""
        try:
            stored = json.loads(self.approle.read_text(encoding="utf-8"))
            return AppRoleCredentials(role_id=stored["role_id"], secret_id=stored["secret_id"])
        except (OSError, ValueError, KeyError):
            raise ManagedOpenBaoError(
                f"no usable AppRole credentials in {self.approle}: start OpenBao first"
            ) from None


def http_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # loopback only: never through an environment proxy
    return session


def sys_call(
    http: requests.Session, addr: str, method: str, path: str, body: dict[str, Any] | None = None,
    *, timeout: float = HTTP_TIMEOUT,
) -> dict[str, Any]:
    """An unauthenticated sys/ call (init, seal-status, unseal, raft join)."""
    try:
        response = http.request(method, f"{addr}/v1/sys/{path}", json=body, timeout=timeout)
    except requests.RequestException as exc:
        raise ManagedOpenBaoError(f"sys/{path} on {addr} failed: {type(exc).__name__}") from None
    if response.status_code >= 400:
        raise ManagedOpenBaoError(f"sys/{path} on {addr} failed with HTTP {response.status_code}")
    result: dict[str, Any] = response.json() if response.content else {}
    return result


def initialise_if_needed(http: requests.Session, addr: str, secrets: SecretFiles) -> None:
    """Initialise with one key share and keep the share and the root token in `secrets`; refuse to
    initialise over existing key files (that would orphan the data they protect)."""
    if sys_call(http, addr, "GET", "init")["initialized"]:
        if not secrets.unseal_key.exists():
            raise ManagedOpenBaoError(
                f"OpenBao at {addr} is initialised but {secrets.unseal_key.name} is missing in {secrets.directory}"
            )
        return
    if secrets.unseal_key.exists() or secrets.bootstrap_token.exists():
        raise ManagedOpenBaoError(
            f"{secrets.directory} holds an unseal key but OpenBao storage is empty: refusing to "
            "re-initialise over it (restore raft/ or move the old key files away)"
        )
    try:
        # Initialisation waits for the Raft leader election: allow it more time.
        result = sys_call(http, addr, "PUT", "init", {"secret_shares": 1, "secret_threshold": 1}, timeout=60.0)
        unseal_key, root_token = result["keys_base64"][0], result["root_token"]
    except (KeyError, IndexError, ValueError) as exc:
        raise ManagedOpenBaoError(f"initialising OpenBao failed: {type(exc).__name__}") from None
    write_secret(secrets.unseal_key, unseal_key)
    write_secret(secrets.bootstrap_token, root_token)


def unseal_if_needed(http: requests.Session, addr: str, secrets: SecretFiles) -> None:
    if sys_call(http, addr, "GET", "seal-status")["sealed"]:
        sys_call(http, addr, "PUT", "unseal", {"key": secrets.read(secrets.unseal_key)})


def wait_for_health(http: requests.Session, addr: str, deadline: float, *, accept: frozenset[int]) -> int:
    """Poll sys/health until its status is in `accept` (200 active, 429 standby); return it."""
    status = 0
    while True:
        try:
            status = http.get(f"{addr}/v1/sys/health", timeout=HTTP_TIMEOUT).status_code
        except requests.RequestException:
            status = 0
        if status in accept:
            return status
        if time.monotonic() > deadline:
            raise ManagedOpenBaoError(f"OpenBao at {addr} did not become ready (last HTTP {status})")
        time.sleep(_POLL_SECONDS)


def root_client(addr: str, secrets: SecretFiles) -> hvac.Client:
    """An hvac client holding the root token: administration and tests only, never the hub."""
    return hvac.Client(url=addr, token=secrets.read(secrets.bootstrap_token), timeout=HTTP_TIMEOUT,
                       session=http_session())


def bootstrap_hub(client: hvac.Client, secrets: SecretFiles) -> None:
    """Idempotent: transit mount, the hub's keys, policy, AppRole role and credentials file.
    `client` holds the root token and talks to the active node."""
    try:
        if f"{TRANSIT_MOUNT}/" not in client.sys.list_mounted_secrets_engines()["data"]:
            client.sys.enable_secrets_engine("transit", path=TRANSIT_MOUNT)
        for name, key_type in ((SUBJECT_TOKEN_KEY, SUBJECT_TOKEN_KEY_TYPE), (HUB_SIGNING_KEY, HUB_SIGNING_KEY_TYPE)):
            _ensure_root_key(client, name, key_type)
        client.sys.create_or_update_policy(name=HUB_POLICY, policy=hub_policy_text())
        if "approle/" not in client.sys.list_auth_methods()["data"]:
            client.sys.enable_auth_method("approle")
        client.auth.approle.create_or_update_approle(
            HUB_ROLE,
            token_policies=[HUB_POLICY],
            token_no_default_policy=True,
            token_ttl="1h",  # noqa: S106 (a duration, not a password)
            token_max_ttl="4h",  # noqa: S106
            secret_id_ttl="0",  # noqa: S106 (the secret_id does not expire; it is rotated by file)
        )
        _ensure_approle_file(client, secrets)
    except hvac.exceptions.VaultError as exc:
        raise ManagedOpenBaoError(f"bootstrapping OpenBao failed: {type(exc).__name__}") from None


def _ensure_root_key(client: hvac.Client, name: str, key_type: str) -> None:
    try:
        client.secrets.transit.read_key(name=name, mount_point=TRANSIT_MOUNT)
    except hvac.exceptions.InvalidPath:
        client.secrets.transit.create_key(name=name, key_type=key_type, mount_point=TRANSIT_MOUNT)


def _ensure_approle_file(client: hvac.Client, secrets: SecretFiles) -> None:
    role_id = client.auth.approle.read_role_id(HUB_ROLE)["data"]["role_id"]
    with contextlib.suppress(ManagedOpenBaoError):
        current = secrets.credentials()
        if current.role_id == role_id and _secret_id_is_valid(client, current.secret_id):
            return
    secret_id = client.auth.approle.generate_secret_id(HUB_ROLE)["data"]["secret_id"]
    write_secret(secrets.approle, json.dumps({"role_id": role_id, "secret_id": secret_id}))


def _secret_id_is_valid(client: hvac.Client, secret_id: str) -> bool:
    try:
        response = client.auth.approle.read_secret_id(HUB_ROLE, secret_id)
    except hvac.exceptions.VaultError:
        return False
    return bool(response and response.get("data"))


def hub_policy_text() -> str:
    """The least-privilege `credit-hub` policy, shipped as package data (keys/policy.hcl)."""
    return resources.files("keys").joinpath("policy.hcl").read_text(encoding="utf-8")


def write_secret(path: Path, content: str) -> None:
    """Create a 0600 temporary file next to `path` and move it into place atomically."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
