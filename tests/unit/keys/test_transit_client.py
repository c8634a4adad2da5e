"""Transit's request logic against a fake HTTP boundary: chunking, order, errors, retries, auth."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import requests

from keys.errors import Forbidden, InvalidRequest, KeyServiceError, VaultUnavailable
from keys.transit import BATCH_SIZE, AppRoleCredentials, DataKeyMaterial, Transit, chunked, key_version_of

from .fake_openbao import Call, fake_transit, login_response, response

CREDENTIALS = AppRoleCredentials(role_id="role-123", secret_id="secret-456")


def hmac_echo(call: Call) -> requests.Response:
    """HMAC stand-in: returns each input back, so order and completeness are visible."""
    assert call.body is not None
    return response(200, {"data": {"batch_results": [
        {"hmac": f"vault:v1:{item['input']}"} for item in call.body["batch_input"]
    ]}})


def decoded(tokens: list[str]) -> list[bytes]:
    return [base64.b64decode(token.split(":", 2)[2]) for token in tokens]


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("keys.transit.time.sleep", lambda _seconds: None)


def test_chunked_slices_in_order() -> None:
    assert [list(c) for c in chunked(list(range(7)), 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []
    with pytest.raises(ValueError):
        list(chunked([1], 0))


def test_hmac_splits_into_batches_of_250_and_keeps_order() -> None:
    transit, adapter = fake_transit(hmac_echo)
    items = [f"id-{i}".encode() for i in range(600)]

    tokens = transit.hmac("subject-token", items)

    assert decoded(tokens) == items
    sizes = [len(call.body["batch_input"]) for call in adapter.calls if call.body]
    assert sizes == [250, 250, 100]
    assert {call.url for call in adapter.calls} == {"/v1/transit/hmac/subject-token"}
    assert all("key_version" not in call.body for call in adapter.calls if call.body)


def test_a_full_batch_stays_under_openbao_json_string_limit() -> None:
    transit, adapter = fake_transit(hmac_echo)
    transit.hmac("subject-token", [b"x"] * BATCH_SIZE, key_version=1)

    def count_strings(value: Any) -> int:
        if isinstance(value, str):
            return 1
        if isinstance(value, dict):
            return sum(1 + count_strings(v) for v in value.values())
        if isinstance(value, list):
            return sum(count_strings(v) for v in value)
        return 0

    assert count_strings(adapter.calls[0].body) < 1000


def test_hmac_pins_key_version_when_asked() -> None:
    transit, adapter = fake_transit(hmac_echo)
    transit.hmac("subject-token", [b"a"], key_version=1)
    assert adapter.calls[0].body is not None
    assert adapter.calls[0].body["key_version"] == 1


@pytest.mark.parametrize("version", [0, -1, True, "1"])
def test_hmac_refuses_bad_key_version(version: Any) -> None:
    transit, adapter = fake_transit(hmac_echo)
    with pytest.raises(InvalidRequest):
        transit.hmac("subject-token", [b"a"], key_version=version)
    assert adapter.calls == []


def test_empty_batch_sends_nothing() -> None:
    transit, adapter = fake_transit(hmac_echo)
    assert transit.hmac("subject-token", []) == []
    assert transit.unwrap_data_keys("dept-a", []) == []
    assert adapter.calls == []


def test_bad_key_name_or_input_sends_nothing() -> None:
    transit, adapter = fake_transit(hmac_echo)
    with pytest.raises(InvalidRequest):
        transit.hmac("Subject_Token", [b"a"])
    with pytest.raises(InvalidRequest):
        transit.hmac("subject-token", ["512002199003071234"])  # type: ignore[list-item]
    with pytest.raises(InvalidRequest) as caught:
        transit.unwrap_data_keys("dept-a", ["512002199003071234"])
    assert "512002199003071234" not in str(caught.value)
    assert adapter.calls == []


def test_failed_batch_item_raises_with_index_but_no_content() -> None:
    def one_bad(call: Call) -> requests.Response:
        assert call.body is not None
        results: list[dict[str, str]] = [{"plaintext": "AAAA"} for _ in call.body["batch_input"]]
        results[3] = {"error": "cipher: message authentication failed"}
        return response(400, {"data": {"batch_results": results}, "errors": ["batch failed"]})

    transit, _ = fake_transit(one_bad)
    wrapped = [f"vault:v1:{base64.b64encode(b'k' * 40).decode()}"] * 5
    with pytest.raises(InvalidRequest) as caught:
        transit.unwrap_data_keys("dept-a", wrapped)
    assert "1 item(s) failed, first at index 3" in str(caught.value)
    assert wrapped[0] not in str(caught.value)


def test_partial_failure_with_200_is_still_an_error() -> None:
    def one_bad(call: Call) -> requests.Response:
        assert call.body is not None
        results: list[dict[str, str]] = [{"plaintext": "AAAA"} for _ in call.body["batch_input"]]
        results[1] = {"error": "invalid ciphertext"}
        return response(200, {"data": {"batch_results": results}})

    transit, _ = fake_transit(one_bad)
    with pytest.raises(InvalidRequest, match="first at index 1"):
        transit.unwrap_data_keys("dept-a", ["vault:v1:AAAA"] * 3)


def test_short_batch_response_is_an_error() -> None:
    one_result = {"data": {"batch_results": [{"hmac": "vault:v1:x"}]}}
    transit, _ = fake_transit(lambda call: response(200, one_result))
    with pytest.raises(KeyServiceError, match="unexpected batch response"):
        transit.hmac("subject-token", [b"a", b"b"])


def test_generate_data_key_is_wrapped_by_openbao_then_unwrapped() -> None:
    dek = base64.b64encode(b"\x01" * 32).decode()

    def handler(call: Call) -> requests.Response:
        if call.url.endswith("/datakey/wrapped/dept-a"):
            return response(200, {"data": {"ciphertext": "vault:v7:Zm9v"}})
        return response(200, {"data": {"batch_results": [{"plaintext": dek}]}})

    transit, adapter = fake_transit(handler)
    material = transit.generate_data_key("dept-a")
    assert material == DataKeyMaterial(plaintext=b"\x01" * 32, wrapped="vault:v7:Zm9v", key_version=7)
    assert [c.url for c in adapter.calls] == ["/v1/transit/datakey/wrapped/dept-a", "/v1/transit/decrypt/dept-a"]
    assert dek not in repr(material) and "\\x01" not in repr(material)


def test_key_version_of() -> None:
    assert key_version_of("vault:v12:abc") == 12
    for bad in ("v1:abc", "vault:vx:abc", "", "vault:v:abc"):
        with pytest.raises(InvalidRequest):
            key_version_of(bad)


def test_sealed_is_vault_unavailable_and_not_retried() -> None:
    transit, adapter = fake_transit(lambda call: response(503, {"errors": ["Vault is sealed"]}))
    with pytest.raises(VaultUnavailable):
        transit.hmac("subject-token", [b"a"])
    assert len(adapter.calls) == 1


def test_rate_limited_idempotent_call_is_retried() -> None:
    outcomes = [response(429, {"errors": ["slow down"]}), None]

    def handler(call: Call) -> requests.Response:
        first = outcomes.pop(0)
        return first if first is not None else hmac_echo(call)

    transit, adapter = fake_transit(handler)
    assert decoded(transit.hmac("subject-token", [b"a"])) == [b"a"]
    assert len(adapter.calls) == 2


def refused() -> requests.ConnectionError:
    return requests.ConnectionError("HTTPConnectionPool: NewConnectionError: [Errno 111] Connection refused")


def test_refused_connection_is_retried_then_unavailable() -> None:
    transit, adapter = fake_transit(lambda call: refused())
    with pytest.raises(VaultUnavailable, match="unreachable"):
        transit.hmac("subject-token", [b"a"])
    assert len(adapter.calls) == 4


def test_refused_connection_is_retried_even_for_datakey_and_rotate() -> None:
    # A refused connection never reached OpenBao, so even non-idempotent calls may be resent.
    transit, adapter = fake_transit(lambda call: refused())
    with pytest.raises(VaultUnavailable):
        transit.rotate("dept-a")
    assert len(adapter.calls) == 4


def test_timeout_after_sending_is_not_retried_for_rotate() -> None:
    # The rotation may have happened; a second one would add a key version nobody asked for.
    transit, adapter = fake_transit(lambda call: requests.ReadTimeout("read timed out"))
    with pytest.raises(VaultUnavailable, match="timed out"):
        transit.rotate("dept-a")
    assert len(adapter.calls) == 1


def test_timeout_after_sending_is_retried_for_datakey() -> None:
    # A DEK whose answer was lost is never stored or used, and transit keeps no record of it.
    outcomes: list[Exception | None] = [requests.ReadTimeout("read timed out"), None]

    def handler(call: Call) -> requests.Response | Exception:
        if call.url.endswith("/datakey/wrapped/dept-a"):
            first = outcomes.pop(0)
            return first if first is not None else response(200, {"data": {"ciphertext": "vault:v1:d3JhcA=="}})
        return response(200, {"data": {"batch_results": [{"plaintext": base64.b64encode(b"k" * 32).decode()}]}})

    transit, adapter = fake_transit(handler)
    assert transit.generate_data_key("dept-a").wrapped == "vault:v1:d3JhcA=="
    assert [c.url for c in adapter.calls].count("/v1/transit/datakey/wrapped/dept-a") == 2


def test_timeout_is_retried_for_hmac() -> None:
    outcomes: list[Exception | None] = [requests.ReadTimeout("read timed out"), None]

    def handler(call: Call) -> requests.Response | Exception:
        first = outcomes.pop(0)
        return first if first is not None else hmac_echo(call)

    transit, adapter = fake_transit(handler)
    assert decoded(transit.hmac("subject-token", [b"a"])) == [b"a"]
    assert len(adapter.calls) == 2


def test_approle_login_on_first_use_and_token_in_header() -> None:
    def handler(call: Call) -> requests.Response:
        if call.url == "/v1/auth/approle/login":
            assert call.body == {"role_id": "role-123", "secret_id": "secret-456"}
            return login_response("hvs.first")
        assert call.token == "hvs.first"
        return hmac_echo(call)

    transit, adapter = fake_transit(handler, credentials=CREDENTIALS)
    transit.hmac("subject-token", [b"a"])
    transit.hmac("subject-token", [b"b"])
    assert [call.url for call in adapter.calls].count("/v1/auth/approle/login") == 1


def test_permission_denied_triggers_one_relogin_then_forbidden() -> None:
    logins = iter(["hvs.one", "hvs.two", "hvs.three"])

    def handler(call: Call) -> requests.Response:
        if call.url == "/v1/auth/approle/login":
            return login_response(next(logins))
        return response(403, {"errors": ["permission denied"]})

    transit, adapter = fake_transit(handler, credentials=CREDENTIALS)
    with pytest.raises(Forbidden):
        transit.hmac("subject-token", [b"a"])
    urls = [call.url for call in adapter.calls]
    assert urls == ["/v1/auth/approle/login", "/v1/transit/hmac/subject-token",
                    "/v1/auth/approle/login", "/v1/transit/hmac/subject-token"]


def test_revoked_token_recovers_through_relogin() -> None:
    def handler(call: Call) -> requests.Response:
        if call.url == "/v1/auth/approle/login":
            count = sum(1 for c in adapter.calls if c.url == call.url)
            return login_response(f"hvs.token{count}")
        if call.token == "hvs.token1":
            return response(403, {"errors": ["permission denied"]})
        return hmac_echo(call)

    transit, adapter = fake_transit(handler, credentials=CREDENTIALS)
    assert decoded(transit.hmac("subject-token", [b"a"])) == [b"a"]


def test_static_token_is_never_replaced() -> None:
    transit, adapter = fake_transit(lambda call: response(403, {"errors": ["permission denied"]}))
    with pytest.raises(Forbidden):
        transit.hmac("subject-token", [b"a"])
    assert [call.url for call in adapter.calls] == ["/v1/transit/hmac/subject-token"]
    assert adapter.calls[0].token == "static-token"


def test_token_is_renewed_after_two_thirds_of_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("keys.transit.time.monotonic", lambda: clock[0])

    def handler(call: Call) -> requests.Response:
        if call.url == "/v1/auth/approle/login":
            return login_response("hvs.first", ttl=300)
        if call.url == "/v1/auth/token/renew-self":
            assert call.token == "hvs.first"
            return login_response("hvs.first", ttl=300)
        return hmac_echo(call)

    transit, adapter = fake_transit(handler, credentials=CREDENTIALS)
    transit.hmac("subject-token", [b"a"])
    clock[0] += 150  # half the TTL: no renewal yet
    transit.hmac("subject-token", [b"a"])
    clock[0] += 60  # 210 s > 200 s: renew
    transit.hmac("subject-token", [b"a"])
    urls = [call.url for call in adapter.calls if not call.url.startswith("/v1/transit")]
    assert urls == ["/v1/auth/approle/login", "/v1/auth/token/renew-self"]


def test_expired_token_is_replaced_by_login(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("keys.transit.time.monotonic", lambda: clock[0])
    transit, adapter = fake_transit(
        lambda call: login_response(ttl=300) if "login" in call.url else hmac_echo(call),
        credentials=CREDENTIALS,
    )
    transit.hmac("subject-token", [b"a"])
    clock[0] += 400
    transit.hmac("subject-token", [b"a"])
    urls = [call.url for call in adapter.calls if not call.url.startswith("/v1/transit")]
    assert urls == ["/v1/auth/approle/login", "/v1/auth/approle/login"]


def test_renewal_capped_by_max_ttl_leads_to_login(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("keys.transit.time.monotonic", lambda: clock[0])

    def handler(call: Call) -> requests.Response:
        if "login" in call.url:
            return login_response(ttl=300)
        if "renew-self" in call.url:
            return login_response(ttl=20)  # token_max_ttl is near
        return hmac_echo(call)

    transit, adapter = fake_transit(handler, credentials=CREDENTIALS)
    transit.hmac("subject-token", [b"a"])
    clock[0] += 250
    transit.hmac("subject-token", [b"a"])
    urls = [call.url for call in adapter.calls if not call.url.startswith("/v1/transit")]
    assert urls == ["/v1/auth/approle/login", "/v1/auth/token/renew-self", "/v1/auth/approle/login"]


def test_wrong_credentials_are_forbidden_without_echo() -> None:
    transit, _ = fake_transit(lambda call: response(400, {"errors": ["invalid role or secret ID"]}),
                              credentials=CREDENTIALS)
    with pytest.raises(Forbidden) as caught:
        transit.hmac("subject-token", [b"a"])
    assert "secret-456" not in str(caught.value)


def test_credentials_repr_hides_secret_id() -> None:
    assert "secret-456" not in repr(CREDENTIALS)
    assert "role-123" in repr(CREDENTIALS)


def test_constructor_needs_exactly_one_way_to_authenticate() -> None:
    with pytest.raises(InvalidRequest):
        Transit(addr="http://127.0.0.1:9")
    with pytest.raises(InvalidRequest):
        Transit(addr="http://127.0.0.1:9", credentials=CREDENTIALS, token="t")
    with pytest.raises(InvalidRequest):
        Transit(addr="http://127.0.0.1:9", token="t", mount="../sys")


def test_key_info_parses_symmetric_and_asymmetric_versions() -> None:
    keys_by_name = {
        "dept-a": {"name": "dept-a", "type": "aes256-gcm96", "latest_version": 2, "min_decryption_version": 1,
                   "min_encryption_version": 0, "auto_rotate_period": 3600,
                   "keys": {"1": 1764000000, "2": 1764000600}},
        "hub-signing": {"name": "hub-signing", "type": "ed25519", "latest_version": 1,
                        "min_decryption_version": 1, "min_encryption_version": 0, "auto_rotate_period": 0,
                        "keys": {"1": {"creation_time": "2026-11-26T14:48:03.127971234Z",
                                       "public_key": "cHVi"}}},
    }
    transit, _ = fake_transit(
        lambda call: response(200, {"data": keys_by_name[call.url.rsplit("/", 1)[1]]})
    )
    aes = transit.key_info("dept-a")
    ed = transit.key_info("hub-signing")
    assert aes.latest_version == 2 and aes.auto_rotate_period_seconds == 3600
    assert aes.versions[2].timestamp() == 1764000600
    assert ed.versions[1].microsecond == 127971
    assert transit.public_keys("hub-signing") == {1: "cHVi"}
    with pytest.raises(InvalidRequest):
        transit.public_keys("dept-a")


def test_request_bodies_carry_base64_not_raw_values() -> None:
    transit, adapter = fake_transit(hmac_echo)
    transit.hmac("subject-token", [b"512002199003071234"])
    assert "512002199003071234" not in json.dumps(adapter.calls[0].body)


def test_rate_limit_that_persists_becomes_rate_limited() -> None:
    from keys.errors import RateLimited

    transit, adapter = fake_transit(lambda call: response(429, {"errors": ["request rate limit exceeded"]}))
    with pytest.raises(RateLimited):
        transit.hmac("subject-token", [b"a"])
    assert len(adapter.calls) == 4
