"""A real 3-node OpenBao Raft cluster (keys/cluster.py): set up like the managed node, and the
transit client follows its leader through crashes without a single failed call."""

from __future__ import annotations

import time

import pytest

from keys.bootstrap import HUB_POLICY, HUB_ROLE, hub_policy_text
from keys.cluster import RaftCluster
from keys.names import HUB_SIGNING_KEY, SUBJECT_TOKEN_KEY
from keys.transit import Transit

from .helpers import unique_dept_key

pytestmark = pytest.mark.integration


def _hub_transit(cluster: RaftCluster) -> Transit:
    return Transit(addr=cluster.vault_addr, credentials=cluster.credentials())


def test_the_cluster_is_bootstrapped_like_the_managed_node(openbao_cluster: RaftCluster) -> None:
    root = openbao_cluster.root_client()
    assert root.sys.read_policy(HUB_POLICY)["data"]["rules"] == hub_policy_text()
    role = root.auth.approle.read_role(HUB_ROLE)["data"]
    assert role["token_policies"] == [HUB_POLICY] and role["token_no_default_policy"] is True
    transit = _hub_transit(openbao_cluster)
    assert transit.key_info(SUBJECT_TOKEN_KEY).type == "aes256-gcm96"
    assert transit.key_info(HUB_SIGNING_KEY).type == "ed25519"
    servers = root.adapter.get("/v1/sys/storage/raft/configuration")["data"]["config"]["servers"]
    assert sorted((s["node_id"], s["voter"]) for s in servers) == [("node-0", True), ("node-1", True),
                                                                   ("node-2", True)]


def test_every_node_answers_alike_and_the_leader_is_followed(openbao_cluster: RaftCluster) -> None:
    credentials = openbao_cluster.credentials()
    answers = {tuple(Transit(addr=addr, credentials=credentials).hmac(SUBJECT_TOKEN_KEY, [b"x"]))
               for addr in openbao_cluster.addresses}
    assert len(answers) == 1  # standbys forward to the active node
    key = unique_dept_key()
    # Created through a standby, usable at once through any node (standbys never read stale state).
    standby = openbao_cluster.addresses[(openbao_cluster.leader() + 1) % 3]
    Transit(addr=standby, credentials=credentials).ensure_key(key)
    wrapped = _hub_transit(openbao_cluster).generate_wrapped_data_key(key)
    for addr in openbao_cluster.addresses:
        assert Transit(addr=addr, credentials=credentials).unwrap_data_keys(key, [wrapped])


def test_killing_the_leader_fails_no_call_and_a_new_leader_serves(openbao_cluster: RaftCluster) -> None:
    transit = _hub_transit(openbao_cluster)
    key = unique_dept_key()
    transit.ensure_key(key)
    token = transit.hmac(SUBJECT_TOKEN_KEY, [b"512002199003071234"])
    material = transit.generate_data_key(key)
    old_leader = openbao_cluster.leader()

    openbao_cluster.kill(old_leader)
    slowest = 0.0
    for _ in range(30):
        started = time.monotonic()
        assert transit.hmac(SUBJECT_TOKEN_KEY, [b"512002199003071234"]) == token
        assert transit.unwrap_data_keys(key, [material.wrapped]) == [material.plaintext]
        fresh = transit.generate_data_key(key)  # datakey and decrypt: writes go to the new leader
        transit.sign(HUB_SIGNING_KEY, b"checkpoint")
        slowest = max(slowest, time.monotonic() - started)
    new_leader = openbao_cluster.leader()
    assert new_leader != old_leader
    assert slowest < 10.0  # waited out the election instead of failing

    openbao_cluster.restart(old_leader)  # rejoins as a standby, with everything written meanwhile
    assert openbao_cluster.leader() == new_leader
    node = Transit(addr=openbao_cluster.addresses[old_leader], credentials=openbao_cluster.credentials())
    assert node.unwrap_data_keys(key, [fresh.wrapped]) == [fresh.plaintext]


def test_a_cluster_without_quorum_is_unavailable_then_recovers(openbao_cluster: RaftCluster) -> None:
    from keys.errors import VaultUnavailable

    transit = Transit(addr=openbao_cluster.vault_addr, credentials=openbao_cluster.credentials(),
                      failover_seconds=2.0)
    token = transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    leader = openbao_cluster.leader()
    others = [i for i in range(3) if i != leader]
    openbao_cluster.kill(leader)
    openbao_cluster.kill(others[0])
    with pytest.raises(VaultUnavailable):
        transit.hmac(SUBJECT_TOKEN_KEY, [b"a"])
    with pytest.raises(VaultUnavailable):
        transit.health()

    openbao_cluster.ensure_up()
    assert transit.hmac(SUBJECT_TOKEN_KEY, [b"a"]) == token


def test_a_stopped_cluster_comes_back_with_its_keys(openbao_cluster: RaftCluster) -> None:
    transit = _hub_transit(openbao_cluster)
    token = transit.hmac(SUBJECT_TOKEN_KEY, [b"b"])
    openbao_cluster.stop()

    again = RaftCluster(openbao_cluster.directory)  # a new process: ports and nodes from cluster.json
    again.start()
    assert again.addresses == openbao_cluster.addresses
    assert Transit(addr=again.vault_addr, credentials=again.credentials()).hmac(SUBJECT_TOKEN_KEY, [b"b"]) == token
