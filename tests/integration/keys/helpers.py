"""Small helpers shared by the keys integration tests."""

from __future__ import annotations

import uuid

import hvac
import requests
from hvac.adapters import RawAdapter

from keys.managed import HUB_POLICY, ManagedOpenBao
from keys.transit import AppRoleCredentials, Transit


def raw_client(url: str, token: str | None = None) -> hvac.Client:
    """An hvac client that returns raw responses and never goes through an environment proxy."""
    session = requests.Session()
    session.trust_env = False
    return hvac.Client(url=url, token=token, adapter=RawAdapter, session=session)


def unique_dept_key() -> str:
    return f"dept-t{uuid.uuid4().hex[:12]}"


def root_transit(openbao: ManagedOpenBao) -> Transit:
    return Transit(addr=openbao.addr, token=openbao.root_client().token)


def short_lived_role(openbao: ManagedOpenBao, *, ttl: str, max_ttl: str) -> tuple[str, AppRoleCredentials]:
    """A new AppRole role with the hub's policy and a very short token TTL."""
    root = openbao.root_client()
    role = f"short-{uuid.uuid4().hex[:8]}"
    root.auth.approle.create_or_update_approle(
        role, token_policies=[HUB_POLICY], token_no_default_policy=True, token_ttl=ttl, token_max_ttl=max_ttl
    )
    role_id = root.auth.approle.read_role_id(role)["data"]["role_id"]
    secret_id = root.auth.approle.generate_secret_id(role)["data"]["secret_id"]
    return role, AppRoleCredentials(role_id=role_id, secret_id=secret_id)


def token_accessors(root: hvac.Client) -> set[str]:
    """Every token accessor the server knows (one LIST call)."""
    raw = raw_client(root.url, root.token)
    return set(raw.adapter.request("LIST", "/v1/auth/token/accessors").json()["data"]["keys"])


def live_token_accessors(root: hvac.Client, role: str, *, ignore: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Accessors of the unexpired tokens issued to an AppRole role. Looking up every token of a server
    that has served a whole test session takes seconds: `ignore` skips those known to be older."""
    raw = raw_client(root.url, root.token)
    found = []
    for accessor in sorted(token_accessors(root) - set(ignore)):
        response = raw.adapter.request(
            "POST", "/v1/auth/token/lookup-accessor", json={"accessor": accessor}, raise_exception=False
        )
        if response.status_code != 200:
            continue  # expired meanwhile
        if (response.json()["data"].get("meta") or {}).get("role_name") == role:
            found.append(accessor)
    return found
