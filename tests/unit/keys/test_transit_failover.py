"""Transit against several nodes (a Raft cluster) behind a fake HTTP boundary: which node gets each
request, when a request may go to another node, and when the client gives up."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
import requests

from keys.endpoints import parse_addresses
from keys.errors import InvalidRequest, VaultUnavailable

from .fake_openbao import Call, fake_transit, response

A, B, C = "http://10.0.0.1:8200", "http://10.0.0.2:8200", "http://10.0.0.3:8200"
CLUSTER = f"{A},{B},{C}"


@pytest.fixture(autouse=True)
def fast_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Sleeping advances a fake clock, so waiting for an election costs no real time."""
    clock = [1000.0]
    monkeypatch.setattr("keys.transit.time.monotonic", lambda: clock[0])
    monkeypatch.setattr("keys.endpoints.time.monotonic", lambda: clock[0])

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    monkeypatch.setattr("keys.transit.time.sleep", sleep)
    return clock


def refused() -> requests.ConnectionError:
    return requests.ConnectionError("HTTPConnectionPool: NewConnectionError: [Errno 111] Connection refused")


def leader_is(addr: str) -> requests.Response:
    return response(200, {"ha_enabled": True, "leader_address": addr})


def hmac_ok(call: Call) -> requests.Response:
    assert call.body is not None
    results = [{"hmac": f"vault:v1:{item['input']}"} for item in call.body["batch_input"]]
    return response(200, {"data": {"batch_results": results}})


Node = Callable[[Call], "requests.Response | Exception"]


def cluster(nodes: dict[str, Node]) -> Node:
    return lambda call: nodes[call.node](call)


def transit_calls(calls: list[Call]) -> list[str]:
    return [call.node for call in calls if call.url.startswith("/v1/transit/")]


def test_addresses_are_split_normalised_and_checked() -> None:
    assert parse_addresses(" http://a:8200/ , https://b:8200,http://a:8200") == ["http://a:8200", "https://b:8200"]
    assert parse_addresses(["http://a:1", "http://b:2"]) == ["http://a:1", "http://b:2"]
    for bad in ("", " , ", "a:8200", "ftp://a:21", "http://a:8200/v1"):
        with pytest.raises(InvalidRequest):
            parse_addresses(bad)


def test_a_dead_node_is_left_for_the_leader_the_others_name() -> None:
    def node_b_or_c(call: Call) -> requests.Response:
        return leader_is(C) if call.url == "/v1/sys/leader" else hmac_ok(call)

    transit, adapter = fake_transit(cluster({A: lambda call: refused(), B: node_b_or_c, C: node_b_or_c}), addr=CLUSTER)
    transit.hmac("subject-token", [b"x"])
    transit.hmac("subject-token", [b"y"])
    # Once moved, the client stays with the leader: the dead node is not tried on every request.
    assert transit_calls(adapter.calls) == [A, C, C]


def test_a_standby_redirect_is_not_followed_blindly_but_leads_to_the_leader() -> None:
    redirect = requests.Response()
    redirect.status_code = 307
    redirect.headers["Location"] = f"{B}/v1/transit/keys/dept-a/rotate"
    nodes = {
        A: lambda call: leader_is(B) if call.url == "/v1/sys/leader" else redirect,
        B: lambda call: response(200, {"data": {"latest_version": 2}}),
        C: lambda call: leader_is(B),
    }
    transit, adapter = fake_transit(cluster(nodes), addr=CLUSTER)
    # Even rotate (never resent after it may have run) moves on: a redirect means "not processed here".
    assert transit.rotate("dept-a") == 2
    assert transit_calls(adapter.calls) == [A, B]


def test_an_election_is_waited_out_then_the_new_leader_serves(fast_clock: list[float]) -> None:
    started = fast_clock[0]
    elected_at = started + 1.5

    def survivor(call: Call) -> requests.Response:
        if fast_clock[0] < elected_at:
            if call.url == "/v1/sys/leader":
                return response(200, {"ha_enabled": True, "leader_address": ""})
            return response(500, {"errors": ["local node not active but active cluster node not found"]})
        return leader_is(B) if call.url == "/v1/sys/leader" else hmac_ok(call)

    transit, adapter = fake_transit(cluster({A: lambda call: refused(), B: survivor, C: survivor}), addr=CLUSTER)
    assert transit.hmac("subject-token", [b"x"])
    assert fast_clock[0] >= elected_at
    assert transit_calls(adapter.calls)[-1] == B


def test_a_sealed_node_is_passed_over() -> None:
    nodes = {
        A: lambda call: response(503, {"errors": ["Vault is sealed"]}),
        B: lambda call: leader_is(B) if call.url == "/v1/sys/leader" else hmac_ok(call),
        C: lambda call: leader_is(B),
    }
    transit, adapter = fake_transit(cluster(nodes), addr=CLUSTER)
    transit.hmac("subject-token", [b"x"])
    assert transit_calls(adapter.calls) == [A, B]


def test_a_request_that_may_have_run_is_not_resent_elsewhere_unless_repeating_it_is_harmless() -> None:
    reset = requests.ConnectionError("Connection aborted: RemoteDisconnected")
    nodes = {A: lambda call: reset, B: lambda call: leader_is(B) if call.url == "/v1/sys/leader" else hmac_ok(call),
             C: lambda call: leader_is(B)}
    transit, adapter = fake_transit(cluster(nodes), addr=CLUSTER)
    with pytest.raises(VaultUnavailable):
        transit.rotate("dept-a")
    assert transit_calls(adapter.calls) == [A]

    transit, adapter = fake_transit(cluster(nodes), addr=CLUSTER)
    transit.hmac("subject-token", [b"x"])  # an HMAC computed twice is the same HMAC
    assert transit_calls(adapter.calls) == [A, B]


def test_a_cluster_without_leader_is_unavailable_after_the_failover_time(fast_clock: list[float]) -> None:
    started = fast_clock[0]
    transit, adapter = fake_transit(lambda call: refused(), addr=CLUSTER, failover_seconds=5.0)
    with pytest.raises(VaultUnavailable, match="unreachable"):
        transit.hmac("subject-token", [b"x"])
    assert 5.0 <= fast_clock[0] - started < 6.0
    assert set(transit_calls(adapter.calls)) == {A, B, C}


def test_health_needs_an_active_node_not_just_a_standby() -> None:
    standby = response(503, {"errors": []})  # what a standby answers to standbycode=503
    nodes = {A: lambda call: standby, B: lambda call: standby, C: lambda call: response(200, {"initialized": True})}
    transit, adapter = fake_transit(cluster(nodes), addr=CLUSTER)
    transit.health()
    health_calls = [c for c in adapter.calls if c.url == "/v1/sys/health"]
    assert health_calls[-1].node == C


def test_health_of_a_cluster_without_leader_fails_after_the_failover_time(fast_clock: list[float]) -> None:
    started = fast_clock[0]
    transit, _ = fake_transit(lambda call: refused(), addr=CLUSTER, failover_seconds=3.0)
    with pytest.raises(VaultUnavailable):
        transit.health()
    assert 3.0 <= fast_clock[0] - started < 4.0


def test_one_address_keeps_the_single_node_rules() -> None:
    transit, adapter = fake_transit(lambda call: response(503, {"errors": ["Vault is sealed"]}))
    with pytest.raises(VaultUnavailable):
        transit.hmac("subject-token", [b"a"])
    assert len(adapter.calls) == 1  # a sealed single node: nowhere else to go, no waiting


def test_the_token_is_sent_to_whichever_node_serves() -> None:
    seen: list[str | None] = []

    def node(call: Call) -> requests.Response:
        if call.url == "/v1/sys/leader":
            return leader_is(B)
        seen.append(call.token)
        return response(200, {"data": {"plaintext": base64.b64encode(b"p").decode()}})

    transit, _ = fake_transit(cluster({A: lambda call: refused(), B: node, C: node}), addr=CLUSTER)
    assert transit.decrypt("dept-a", "vault:v1:abc") == b"p"
    assert seen == ["static-token"]


def test_a_token_the_new_leader_does_not_know_leads_to_a_login_there() -> None:
    # A login answered by the old leader just before it died may never have reached the others.
    from keys.transit import AppRoleCredentials

    from .fake_openbao import login_response

    logins: list[str] = []

    def node(name: str) -> Callable[[Call], requests.Response | Exception]:
        def answer(call: Call) -> requests.Response | Exception:
            if name == A and len(logins) > 0 and call.url != "/v1/auth/approle/login":
                return refused()  # A dies after issuing the first token
            if call.url == "/v1/sys/leader":
                return leader_is(B)
            if call.url == "/v1/auth/approle/login":
                logins.append(name)
                return login_response(token=f"hvs.from-{name}")
            if name == B and call.token != f"hvs.from-{B}":
                return response(403, {"errors": ["permission denied"]})
            return hmac_ok(call)
        return answer

    credentials = AppRoleCredentials(role_id="r", secret_id="s")
    transit, adapter = fake_transit(cluster({A: node(A), B: node(B), C: node(C)}), addr=CLUSTER,
                                    credentials=credentials)
    transit.hmac("subject-token", [b"x"])
    assert logins == [A, B]
    assert [c.token for c in adapter.calls if c.url.startswith("/v1/transit/")][-1] == f"hvs.from-{B}"
