"""One `bao server` process with persistent Raft storage: the node both the managed OpenBao and each
node of a local Raft cluster are made of.

Layout of a node's directory (created 0700):
  raft/          persistent Raft storage (never dev mode: keys survive restarts)
  openbao.hcl    server configuration, rewritten on every spawn (so it always describes the running server)
  openbao.log    server log (appended)
  openbao.pid    written by the server; lets a new manager adopt a server left by a crashed run

`disable_mlock` is not written: OpenBao 2.x removed mlock support and warns about the field as
unknown; memory is not locked either way. The listener is plain HTTP on 127.0.0.1 only: these
servers serve one machine (the single-machine default, tests, a local cluster for development);
a multi-machine deployment uses an external cluster with TLS.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

from keys.binary import find_bao_binary
from keys.bootstrap import write_secret
from keys.errors import ManagedOpenBaoError

STOP_GRACE_SECONDS = 10.0
POLL_SECONDS = 0.05
HTTP_TIMEOUT = 5.0


class BaoProcess:
    """A `bao server` on 127.0.0.1:`port` (API) and `port`+1 (Raft/cluster traffic)."""

    def __init__(self, *, directory: Path, port: int, node_id: str, standby_reads: bool = True) -> None:
        """`standby_reads=False` makes a standby forward every request to the active node (a cluster
        node: the hub must never read keys a standby has not caught up with yet)."""
        if not 1 <= port <= 65534:
            raise ManagedOpenBaoError("port must be between 1 and 65534 (the cluster port is port+1)")
        self.directory = Path(directory)
        self.port = port
        self.node_id = node_id
        self.standby_reads = standby_reads
        self._process: subprocess.Popen[bytes] | None = None
        self._pid: int | None = None
        self._http = requests.Session()
        self._http.trust_env = False  # loopback only: never through an environment proxy

    @property
    def addr(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def cluster_addr(self) -> str:
        return f"http://127.0.0.1:{self.port + 1}"

    @property
    def log_path(self) -> Path:
        return self.directory / "openbao.log"

    @property
    def config_path(self) -> Path:
        return self.directory / "openbao.hcl"

    @property
    def pid_path(self) -> Path:
        return self.directory / "openbao.pid"

    @property
    def pid(self) -> int | None:
        return self._pid if self.is_running() else None

    # ----------------------------------------------------------------------------- process

    def is_running(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        if self._pid is not None:
            return pid_runs_server(self._pid, self.config_path)
        return False

    def adopt_leftover(self) -> None:
        """Take charge of a server of this directory left running by another (perhaps dead) process."""
        try:
            pid = int(self.pid_path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return
        if pid_runs_server(pid, self.config_path):
            self._pid, self._process = pid, None
        else:
            with contextlib.suppress(FileNotFoundError):
                self.pid_path.unlink()

    def spawn(self) -> None:
        binary = find_bao_binary()
        for port in (self.port, self.port + 1):
            if not port_is_free(port):
                raise ManagedOpenBaoError(
                    f"port {port} on 127.0.0.1 is already taken by another program: "
                    f"choose another port for OpenBao (it uses port and port+1)"
                )
        # Modes are set explicitly: mkdir's and open's are cut by whatever umask the hub runs under.
        for folder in (self.directory, self.directory / "raft"):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        write_secret(self.config_path, self.render_config())
        log_descriptor = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(log_descriptor, 0o600)
        with os.fdopen(log_descriptor, "ab") as log:
            self._process = subprocess.Popen(
                [str(binary), "server", f"-config={self.config_path}"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                close_fds=True,  # never hand a lease (keys/lease.py) to the server
                # Its own session: Ctrl+C in the hub's terminal (SIGINT to the whole foreground
                # process group) must not stop OpenBao under requests the hub is still finishing;
                # whoever started it stops it after its own graceful shutdown.
                start_new_session=True,
                umask=0o077,  # whatever OpenBao creates under raft/ is the hub's user's only
            )
        self._pid = self._process.pid

    def render_config(self) -> str:
        raft = self.directory / "raft"
        return (
            # performance_multiplier 1: elections take about a second, not ten (loopback, no jitter).
            f'storage "raft" {{\n  path = {json.dumps(str(raft))}\n  node_id = {json.dumps(self.node_id)}\n'
            "  performance_multiplier = 1\n}\n"
            f'listener "tcp" {{\n  address = "127.0.0.1:{self.port}"\n'
            f'  cluster_address = "127.0.0.1:{self.port + 1}"\n'
            "  tls_disable = true  # loopback only, see keys/server.py\n}\n"
            f'api_addr = "{self.addr}"\n'
            f'cluster_addr = "{self.cluster_addr}"\n'
            f"pid_file = {json.dumps(str(self.pid_path))}\n"
            "ui = false\n"
            + ("" if self.standby_reads else "disable_standby_reads = true\n")
        )

    def listens_on_another_port(self) -> bool:
        """True if the running server was started with another port (openbao.hcl is its config)."""
        try:
            match = re.search(r'address = "127\.0\.0\.1:(\d+)"', self.config_path.read_text(encoding="utf-8"))
        except OSError:
            return False
        return match is not None and int(match.group(1)) != self.port

    def terminate(self) -> None:
        """SIGTERM, wait for a clean shutdown, SIGKILL if it does not come."""
        if not self.is_running():
            self._forget()
            return
        self._signal(signal.SIGTERM)
        if not self._wait_for_exit(STOP_GRACE_SECONDS):
            self._signal(signal.SIGKILL)
            self._wait_for_exit(STOP_GRACE_SECONDS)
        self._forget()

    def kill(self) -> None:
        """SIGKILL without a clean shutdown (tests and fault drills: a crashed server)."""
        if self.is_running():
            self._signal(signal.SIGKILL)
            self._wait_for_exit(STOP_GRACE_SECONDS)
        self._forget()
        # A killed server cannot remove its own pid file.
        with contextlib.suppress(FileNotFoundError):
            self.pid_path.unlink()

    def _signal(self, signum: int) -> None:
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signum)

    def _wait_for_exit(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.is_running():
                return True
            time.sleep(POLL_SECONDS)
        return not self.is_running()

    def _forget(self) -> None:
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=1)
        self._process, self._pid = None, None

    # ----------------------------------------------------------------------------- HTTP

    def wait_for_listener(self, deadline: float) -> None:
        while True:
            try:
                self._http.get(f"{self.addr}/v1/sys/health", timeout=HTTP_TIMEOUT)
                return
            except requests.ConnectionError:
                pass
            if not self.is_running():
                raise ManagedOpenBaoError(
                    f"OpenBao exited during start-up; see {self.log_path}: {self.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise ManagedOpenBaoError(f"OpenBao did not listen on {self.addr} in time")
            time.sleep(POLL_SECONDS)

    def health_status(self) -> int:
        """sys/health's status: 200 active, 429 standby, 503 sealed, 501 uninitialised, 0 unreachable."""
        try:
            return self._http.get(f"{self.addr}/v1/sys/health", timeout=HTTP_TIMEOUT).status_code
        except requests.RequestException:
            return 0

    def log_tail(self, lines: int = 5) -> str:
        try:
            tail = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return "(no log)"
        return " | ".join(line.strip() for line in tail)


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Go's listener sets SO_REUSEADDR too: sockets in TIME_WAIT must not count as "taken".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pid_runs_server(pid: int, config_path: Path) -> bool:
    """True if `pid` is alive and is a bao server started with this config file (guards against a
    recycled pid belonging to an unrelated process)."""
    if process_start_time(pid) is None:
        return False
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"-config={config_path}".encode() in arguments


def process_start_time(pid: int) -> int | None:
    """Start time of a live, non-zombie process (clock ticks since boot), None if there is none.
    With the pid it names one process for good: a recycled pid has another start time."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # Fields after the parenthesised command name: state is the 1st, starttime the 20th.
    fields = stat.rsplit(")", 1)[-1].split()
    if len(fields) < 20 or fields[0] == "Z":  # a zombie has exited; only its parent has not reaped it
        return None
    return int(fields[19])


def free_port_pair() -> int:
    """A port p such that p and p+1 are both free on 127.0.0.1 (API and cluster ports).

    Chosen at random below the kernel's ephemeral range: a port the kernel handed out (port 0) is
    soon reused as the local port of some outgoing connection, and then the server cannot bind it."""
    low, _ = _ephemeral_range()
    candidates = random.Random()  # noqa: S311 (picks a port, not a secret)
    for _ in range(200):
        port = candidates.randrange(10_000, low - 1)
        if port_is_free(port) and port_is_free(port + 1):
            return port
    raise RuntimeError("no free pair of consecutive ports on 127.0.0.1")


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text(encoding="ascii").split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999  # Linux's default
