"""A real 3-node OpenBao Raft cluster for tests (keys/cluster.py), never a fake.

- `openbao_cluster_server` (session): started once in a temporary directory on free ports, stopped at
  the end of the session; only tests that ask for it pay its start-up (about 15 s).
- `openbao_cluster` (function): the same cluster with every node running again and a leader elected,
  so a test that kills nodes cannot break the tests after it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from keys.cluster import RaftCluster

__all__ = ["openbao_cluster", "openbao_cluster_server"]


@pytest.fixture(scope="session")
def openbao_cluster_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RaftCluster]:
    cluster = RaftCluster(tmp_path_factory.mktemp("openbao-cluster"), nodes=3)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def openbao_cluster(openbao_cluster_server: RaftCluster) -> RaftCluster:
    openbao_cluster_server.ensure_up()
    return openbao_cluster_server
