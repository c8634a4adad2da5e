"""AppRole tokens: renewal near expiry, a new login after expiry or revocation."""

from __future__ import annotations

import time

import pytest

from keys.errors import Forbidden
from keys.managed import ManagedOpenBao
from keys.names import SUBJECT_TOKEN_KEY
from keys.transit import AppRoleCredentials, Transit

from .helpers import live_token_accessors, short_lived_role, token_accessors

pytestmark = pytest.mark.integration


def test_expired_token_leads_to_a_new_login(openbao: ManagedOpenBao) -> None:
    role, credentials = short_lived_role(openbao, ttl="2s", max_ttl="2s")
    transit = Transit(addr=openbao.addr, credentials=credentials)
    first = transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])

    time.sleep(2.5)  # past token_max_ttl: renewal is impossible, only a new login works

    assert transit.hmac(SUBJECT_TOKEN_KEY, [b"a"]) == first
    assert len(live_token_accessors(openbao.root_client(), role)) == 1


def test_token_is_renewed_before_it_expires(openbao: ManagedOpenBao) -> None:
    # 6 s, not less: between two thirds of the TTL (4 s) and the client's own expiry margin (5.4 s)
    # there must be room for a slow, loaded machine to make its call.
    role, credentials = short_lived_role(openbao, ttl="6s", max_ttl="60s")
    root = openbao.root_client()
    older = token_accessors(root)
    transit = Transit(addr=openbao.addr, credentials=credentials)
    transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    logged_in = time.monotonic()
    (accessor,) = live_token_accessors(root, role, ignore=older)

    _sleep_until(logged_in + 4.2)  # past two thirds of the TTL, before expiry
    transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    _sleep_until(logged_in + 8.4)  # the original TTL has passed: only a renewal keeps the same token alive
    transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])

    assert live_token_accessors(root, role, ignore=older) == [accessor]


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def test_revoked_token_leads_to_a_new_login(openbao: ManagedOpenBao) -> None:
    role, credentials = short_lived_role(openbao, ttl="1h", max_ttl="4h")
    transit = Transit(addr=openbao.addr, credentials=credentials)
    first = transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    root = openbao.root_client()
    (accessor,) = live_token_accessors(root, role)

    root.auth.token.revoke_accessor(accessor)

    assert transit.hmac(SUBJECT_TOKEN_KEY, [b"a"]) == first
    assert len(live_token_accessors(root, role)) == 1


def test_wrong_secret_id_is_forbidden_without_echoing_it(openbao: ManagedOpenBao) -> None:
    secret = "11111111-2222-3333-4444-555555555555"
    credentials = AppRoleCredentials(role_id=openbao.credentials().role_id, secret_id=secret)
    transit = Transit(addr=openbao.addr, credentials=credentials)
    with pytest.raises(Forbidden) as caught:
        transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    assert secret not in str(caught.value)
    assert credentials.role_id not in str(caught.value)
    assert secret not in repr(credentials)


def test_static_token_works_without_login(openbao: ManagedOpenBao) -> None:
    transit = Transit(addr=openbao.addr, token=openbao.root_client().token)
    assert len(transit.hmac(SUBJECT_TOKEN_KEY, [b"a", b"b"])) == 2
