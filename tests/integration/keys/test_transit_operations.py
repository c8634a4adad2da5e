"""Transit operations against the real managed OpenBao, with the hub's AppRole token."""

from __future__ import annotations

import base64
import os

import pytest

from keys.errors import InvalidRequest, KeyNotFound
from keys.managed import ManagedOpenBao
from keys.names import HUB_SIGNING_KEY, SUBJECT_TOKEN_KEY
from keys.transit import Transit, key_version_of

from .helpers import root_transit, unique_dept_key

pytestmark = pytest.mark.integration


def test_hmac_batch_of_1000_matches_single_calls_in_order(transit: Transit) -> None:
    items = [f"51200219900307{i:04d}".encode() for i in range(1000)]

    batch = transit.hmac(SUBJECT_TOKEN_KEY, items)
    singles = [transit.hmac(SUBJECT_TOKEN_KEY, [item])[0] for item in items]

    assert batch == singles
    assert len(set(batch)) == 1000
    assert all(token.startswith("vault:v") for token in batch)


def test_hmac_of_nothing_is_nothing(transit: Transit) -> None:
    assert transit.hmac(SUBJECT_TOKEN_KEY, []) == []


def test_pinned_hmac_version_gives_identical_tokens_after_rotation(openbao: ManagedOpenBao) -> None:
    # A dedicated key (root token): rotating the shared subject-token would disturb other tests.
    admin = root_transit(openbao)
    key = unique_dept_key()
    admin.ensure_key(key)
    items = [b"512002199003071234", b"51200219900307123X"]
    before = admin.hmac(key, items, key_version=1)

    assert admin.rotate(key) == 2
    pinned_after = admin.hmac(key, items, key_version=1)
    latest_after = admin.hmac(key, items)

    assert pinned_after == before
    assert all(key_version_of(token) == 2 for token in latest_after)
    assert latest_after != before


def test_data_key_round_trip_through_batch_unwrap(transit: Transit) -> None:
    key = unique_dept_key()
    transit.ensure_key(key)
    generated = [transit.generate_data_key(key) for _ in range(3)]

    assert all(len(material.plaintext) == 32 and material.key_version == 1 for material in generated)
    # 600 wrapped keys: three transit calls of at most 250 items, results in input order.
    wrapped = [generated[i % 3].wrapped for i in range(600)]
    unwrapped = transit.unwrap_data_keys(key, wrapped)
    assert unwrapped == [generated[i % 3].plaintext for i in range(600)]


def test_data_key_material_repr_hides_plaintext(transit: Transit) -> None:
    key = unique_dept_key()
    transit.ensure_key(key)
    material = transit.generate_data_key(key)
    assert base64.b64encode(material.plaintext).decode() not in repr(material)
    assert str(list(material.plaintext)) not in repr(material)


def test_rewrap_after_rotate_moves_to_new_version_and_still_unwraps(transit: Transit) -> None:
    key = unique_dept_key()
    transit.ensure_key(key)
    materials = [transit.generate_data_key(key) for _ in range(2)]

    new_version = transit.rotate(key)
    rewrapped = transit.rewrap(key, [m.wrapped for m in materials])

    assert new_version == 2
    assert [key_version_of(w) for w in rewrapped] == [2, 2]
    assert transit.unwrap_data_keys(key, rewrapped) == [m.plaintext for m in materials]

    transit.set_min_decryption_version(key, 2)
    assert transit.key_info(key).min_decryption_version == 2
    with pytest.raises(InvalidRequest):
        transit.unwrap_data_keys(key, [materials[0].wrapped])
    assert transit.unwrap_data_keys(key, rewrapped) == [m.plaintext for m in materials]


def test_encrypt_decrypt_single_calls(transit: Transit) -> None:
    key = unique_dept_key()
    transit.ensure_key(key)
    plaintext = os.urandom(48)
    ciphertext = transit.encrypt(key, plaintext)
    assert ciphertext.startswith("vault:v1:")
    assert transit.decrypt(key, ciphertext) == plaintext


def test_ensure_key_is_idempotent_and_key_info_reports_versions(transit: Transit) -> None:
    key = unique_dept_key()
    transit.ensure_key(key)
    transit.ensure_key(key)
    transit.rotate(key)
    transit.set_auto_rotate_period(key, 86400)

    info = transit.key_info(key)

    assert info.name == key
    assert info.type == "aes256-gcm96"
    assert info.latest_version == 2
    assert info.min_decryption_version == 1
    assert info.auto_rotate_period_seconds == 86400
    assert sorted(info.versions) == [1, 2]
    assert key in transit.list_keys()


def test_ensure_key_refuses_existing_key_of_other_type(openbao: ManagedOpenBao) -> None:
    admin = root_transit(openbao)
    key = unique_dept_key()
    admin.ensure_key(key, key_type="ed25519")
    with pytest.raises(InvalidRequest):
        admin.ensure_key(key, key_type="aes256-gcm96")


def test_missing_key_is_key_not_found(transit: Transit) -> None:
    with pytest.raises(KeyNotFound):
        transit.key_info(unique_dept_key())


def test_sign_verify_and_public_keys(transit: Transit) -> None:
    signature = transit.sign(HUB_SIGNING_KEY, b"publication batch 42")

    assert signature.startswith("vault:v")
    assert transit.verify(HUB_SIGNING_KEY, b"publication batch 42", signature)
    assert not transit.verify(HUB_SIGNING_KEY, b"publication batch 43", signature)
    assert not transit.verify(HUB_SIGNING_KEY, b"publication batch 42", "vault:v1:AAAA")
    public = transit.public_keys(HUB_SIGNING_KEY)
    assert 1 in public
    assert len(base64.b64decode(public[1])) == 32
    assert transit.key_info(HUB_SIGNING_KEY).type == "ed25519"


def test_health_passes_on_running_server(transit: Transit) -> None:
    transit.health()


def test_one_client_serves_many_threads(transit: Transit) -> None:
    from concurrent.futures import ThreadPoolExecutor

    key = unique_dept_key()
    transit.ensure_key(key)
    expected = transit.hmac(SUBJECT_TOKEN_KEY, [f"id-{i}".encode() for i in range(40)])

    def work(i: int) -> tuple[str, bytes, bytes]:
        material = transit.generate_data_key(key)
        return (transit.hmac(SUBJECT_TOKEN_KEY, [f"id-{i}".encode()])[0], material.plaintext,
                transit.unwrap_data_keys(key, [material.wrapped])[0])

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(40)))

    assert [token for token, _, _ in results] == expected
    assert all(plaintext == unwrapped for _, plaintext, unwrapped in results)
