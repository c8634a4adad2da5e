"""RaftCluster's directory bookkeeping (no server started): ports are chosen once and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from keys.cluster import RaftCluster
from keys.errors import ManagedOpenBaoError


def test_ports_from_a_base_and_node_directories(tmp_path: Path) -> None:
    cluster = RaftCluster(tmp_path / "c", nodes=3, base_port=18210)
    assert cluster.addresses == ["http://127.0.0.1:18210", "http://127.0.0.1:18212", "http://127.0.0.1:18214"]
    assert cluster.vault_addr == ",".join(cluster.addresses)
    assert [node.directory.name for node in cluster.nodes] == ["node-0", "node-1", "node-2"]
    config = cluster.nodes[1].render_config()
    assert 'node_id = "node-1"' in config
    assert "disable_standby_reads = true" in config  # a standby must never answer from stale state


def test_a_later_start_finds_the_same_cluster(tmp_path: Path) -> None:
    first = RaftCluster(tmp_path / "c", nodes=5)  # free ports, recorded in cluster.json
    assert len(first.addresses) == 5
    assert RaftCluster(tmp_path / "c").addresses == first.addresses
    with pytest.raises(ManagedOpenBaoError, match="5-node cluster"):
        RaftCluster(tmp_path / "c", nodes=3)


@pytest.mark.parametrize("nodes", [0, 2, 4])
def test_an_even_number_of_nodes_is_refused(tmp_path: Path, nodes: int) -> None:
    with pytest.raises(ManagedOpenBaoError, match="odd number"):
        RaftCluster(tmp_path / "c", nodes=nodes)
