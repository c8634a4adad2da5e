"""The `credit-hub` policy, proved against the real server with the hub's AppRole token.

Each refusal is paired with the allowed neighbour, so a test cannot pass because a path is
simply wrong or the token is broken."""

from __future__ import annotations

from typing import Any

import hvac
import pytest

from keys.errors import Forbidden
from keys.managed import ManagedOpenBao
from keys.names import HUB_SIGNING_KEY, SUBJECT_TOKEN_KEY
from keys.transit import Transit

from .helpers import raw_client, unique_dept_key

pytestmark = pytest.mark.integration


@pytest.fixture
def hub_http(openbao: ManagedOpenBao) -> hvac.Client:
    """A raw client with the hub's AppRole token, to send requests Transit never makes."""
    credentials = openbao.credentials()
    client = raw_client(openbao.addr)
    client.auth.approle.login(credentials.role_id, credentials.secret_id)
    return client


@pytest.fixture
def dept_key(transit: Transit) -> str:
    key = unique_dept_key()
    transit.ensure_key(key)
    return key


def status(client: hvac.Client, method: str, path: str, body: dict[str, Any] | None = None) -> int:
    response = client.adapter.request(method, f"/v1/{path}", json=body, raise_exception=False)
    return int(response.status_code)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "transit/export/encryption-key/{dept}", None),
        ("GET", "transit/export/encryption-key/{dept}/1", None),
        ("GET", "transit/export/hmac-key/subject-token", None),
        ("GET", "transit/backup/{dept}", None),
        ("GET", "transit/backup/subject-token", None),
        ("POST", "transit/restore/{dept}", {"backup": "AAAA"}),
        ("DELETE", "transit/keys/{dept}", None),
        ("DELETE", "transit/keys/subject-token", None),
        ("POST", "transit/keys/{dept}/config", {"exportable": True}),
        ("POST", "transit/keys/{dept}/config", {"allow_plaintext_backup": True}),
        ("POST", "transit/keys/{dept}/config", {"deletion_allowed": True}),
        ("POST", "transit/keys/subject-token/config", {"exportable": True}),
        ("POST", "transit/keys/subject-token/config", {"deletion_allowed": True}),
        ("POST", "transit/keys/dept-new-exportable", {"type": "aes256-gcm96", "exportable": True}),
        ("POST", "transit/keys/{dept}/soft-delete", {}),
        ("POST", "transit/keys/{dept}/trim", {"min_available_version": 1}),
        ("POST", "transit/keys/{dept}/import", {"ciphertext": "AAAA"}),
        ("POST", "transit/keys/hub-signing/rotate", {}),
        ("POST", "transit/keys/hub-signing/config", {"min_decryption_version": 1}),
        ("POST", "transit/hmac/{dept}", {"input": "YQ=="}),
        ("POST", "transit/encrypt/subject-token", {"plaintext": "YQ=="}),
        ("POST", "transit/datakey/plaintext/subject-token", {}),
        ("POST", "transit/datakey/plaintext/{dept}", {}),
        ("POST", "transit/sign/{dept}", {"input": "YQ=="}),
        ("GET", "sys/mounts", None),
        ("GET", "sys/policies/acl/credit-hub", None),
        ("POST", "sys/policies/acl/credit-hub", {"policy": 'path "*" { capabilities = ["sudo"] }'}),
        ("GET", "sys/auth", None),
        ("POST", "sys/seal", {}),
        ("POST", "auth/approle/role/credit-hub/secret-id", {}),
    ],
)
def test_hub_token_is_refused(hub_http: hvac.Client, dept_key: str, method: str, path: str,
                              body: dict[str, Any] | None) -> None:
    assert status(hub_http, method, path.format(dept=dept_key), body) == 403


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "transit/keys/{dept}", None),
        ("POST", "transit/keys/{dept}/config", {"auto_rotate_period": "2h"}),
        ("POST", "transit/keys/{dept}/rotate", {}),
        ("POST", "transit/datakey/wrapped/{dept}", {}),
        ("POST", "transit/hmac/subject-token", {"input": "YQ=="}),
        ("GET", "transit/keys/subject-token", None),
        ("GET", "transit/keys/hub-signing", None),
        ("LIST", "transit/keys", None),
        ("GET", "auth/token/lookup-self", None),
        ("POST", "auth/token/renew-self", {}),
    ],
)
def test_hub_token_is_allowed(hub_http: hvac.Client, dept_key: str, method: str, path: str,
                              body: dict[str, Any] | None) -> None:
    assert status(hub_http, method, path.format(dept=dept_key), body) in (200, 204)


def test_transit_maps_policy_denial_to_forbidden(transit: Transit, dept_key: str) -> None:
    with pytest.raises(Forbidden):
        transit.hmac(dept_key, [b"x"])
    with pytest.raises(Forbidden):
        transit.sign(SUBJECT_TOKEN_KEY, b"x")
    with pytest.raises(Forbidden):
        transit.rotate(HUB_SIGNING_KEY)
    # The same client keeps working after denials (the relogin on 403 did no harm).
    assert len(transit.hmac(SUBJECT_TOKEN_KEY, [b"x"])) == 1


def test_created_department_key_is_not_exportable(transit: Transit, openbao: ManagedOpenBao,
                                                  dept_key: str) -> None:
    data = openbao.root_client().secrets.transit.read_key(name=dept_key)["data"]
    assert data["exportable"] is False
    assert data["allow_plaintext_backup"] is False
    assert data["deletion_allowed"] is False
