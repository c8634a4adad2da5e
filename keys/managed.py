"""The managed local OpenBao: the single-machine default, started and owned by the hub.

Layout of `data_dir` (created 0700):
  raft/             persistent Raft storage (never dev mode: keys survive restarts)
  openbao.hcl       server configuration, rewritten on every start
  openbao.log       server log (appended)
  openbao.pid       written by the server; lets `start()` adopt a server left by a crashed run
  openbao.lock, openbao.lease, openbao.owner
                    who may stop the server (keys/lease.py): a process stops it only if it owns it
                    and nobody else uses it, so an admin command never stops a serving hub's server
  unseal.key        the single unseal key share (0600)
  bootstrap.token   the root token from initialisation, for administration and tests (0600)
  approle.json      the hub's AppRole role_id and secret_id (0600)

`disable_mlock` is not written: OpenBao 2.x removed mlock support and warns about the field as
unknown; memory is not locked either way.

The listener is plain HTTP on 127.0.0.1 only: this default serves one machine, where the hub and
OpenBao talk over loopback. A multi-machine deployment uses an external OpenBao cluster with TLS
and passes its address to `Transit` instead.

Secrets files are created with mode 0600 by `os.open` (never widened and then chmod-ed), and
replaced atomically, so no other local user ever sees them readable.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

import hvac
import requests

from keys.binary import find_bao_binary
from keys.errors import ManagedOpenBaoError
from keys.lease import Role, ServerLease
from keys.names import HUB_SIGNING_KEY, HUB_SIGNING_KEY_TYPE, SUBJECT_TOKEN_KEY, SUBJECT_TOKEN_KEY_TYPE
from keys.transit import AppRoleCredentials

HUB_ROLE = "credit-hub"
HUB_POLICY = "credit-hub"
TRANSIT_MOUNT = "transit"
_STOP_GRACE_SECONDS = 10.0
_POLL_SECONDS = 0.05
_HTTP_TIMEOUT = 5.0


class ManagedOpenBao:
    """A local OpenBao server with persistent Raft storage, initialised and bootstrapped on demand."""

    def __init__(self, *, data_dir: Path, port: int = 8200) -> None:
        if not 1 <= port <= 65534:
            raise ManagedOpenBaoError("port must be between 1 and 65534 (the cluster port is port+1)")
        self._data_dir = Path(data_dir)
        self._port = port
        self._process: subprocess.Popen[bytes] | None = None
        self._pid: int | None = None
        self._lock = threading.RLock()
        self._lease = ServerLease(self._data_dir)
        self._role: Role = "command"
        self._atexit_registered = False
        self._http = requests.Session()
        self._http.trust_env = False  # loopback only: never through an environment proxy

    # ----------------------------------------------------------------------------- properties

    @property
    def addr(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def log_path(self) -> Path:
        return self._data_dir / "openbao.log"

    @property
    def _config_path(self) -> Path:
        return self._data_dir / "openbao.hcl"

    @property
    def _pid_path(self) -> Path:
        return self._data_dir / "openbao.pid"

    @property
    def _unseal_key_path(self) -> Path:
        return self._data_dir / "unseal.key"

    @property
    def _bootstrap_token_path(self) -> Path:
        return self._data_dir / "bootstrap.token"

    @property
    def _approle_path(self) -> Path:
        return self._data_dir / "approle.json"

    # ----------------------------------------------------------------------------- lifecycle

    def start(self, *, timeout: float = 30.0, take_over: bool = False) -> None:
        """Make the server run, initialised, unsealed and bootstrapped, and use it until `release()`.

        Idempotent: a running (or sealed) server is reused, and so is a server left behind by a
        crashed run. With `take_over` this process serves the hub and becomes the server's owner
        (refused while another hub process owns it); see keys/lease.py for who stops the server."""
        deadline = time.monotonic() + timeout
        with self._lock, self._lease.exclusive():
            if take_over:
                other = self._lease.live_hub_other_than_me()
                if other is not None:
                    raise ManagedOpenBaoError(
                        f"another hub process (pid {other.pid}) already serves with the managed OpenBao in "
                        f"{self._data_dir}: stop it first, or give this hub its own HUB_DATA_DIR"
                    )
                self._role = "hub"
            self._lease.join()
            self._register_atexit()
            if not self._is_running():
                self._adopt_leftover_server()
            if self._is_running() and self._listens_on_another_port():
                self._replace_leftover_on_another_port()
            if not self._is_running():
                self._spawn()
                self._lease.claim(self._role)
            elif self._role == "hub" and not self._lease.is_mine(self._lease.owner()):
                self._lease.claim("hub")
            self._wait_for_listener(deadline)
            self._initialise_if_needed()
            self._unseal_if_needed(deadline)
            self._bootstrap()

    def ensure_up(self, *, timeout: float = 30.0) -> None:
        """After a kill or seal, bring the server back to a usable state; cheap when it is fine."""
        with self._lock:
            if self._is_running() and self._is_active():
                return
            self.start(timeout=timeout)

    def release(self) -> None:
        """Stop using the server. It is stopped only if nobody else uses it and no other live hub
        owns it; if this process owns it and others still use it, the last of them stops it."""
        with self._lock, self._lease.exclusive():
            if not self._lease.held:
                return
            owner = self._lease.owner()
            last_user = self._lease.leave()
            if self._lease.live_hub_other_than_me() is not None:
                return  # a serving hub's server: only that hub stops it
            if last_user:
                if not self._is_running():
                    self._adopt_leftover_server()
                self._terminate()
                self._lease.disown()
            elif self._lease.is_mine(owner):
                self._lease.disown()  # the remaining users inherit it; the last of them stops it

    def stop(self) -> None:
        """Stop the server now, whoever uses it (administration and tests; the hub calls release())."""
        with self._lock, self._lease.exclusive():
            self._terminate()
            self._lease.disown()

    def kill(self) -> None:
        """SIGKILL without a clean shutdown (tests: OpenBao down / crashed)."""
        with self._lock:
            if self._is_running():
                self._signal(signal.SIGKILL)
                self._wait_for_exit(_STOP_GRACE_SECONDS)
            self._forget_process()
            # A killed server cannot remove its own pid file.
            with contextlib.suppress(FileNotFoundError):
                self._pid_path.unlink()

    def seal(self) -> None:
        """Seal the running server (tests: sealed OpenBao)."""
        try:
            self.root_client().sys.seal()
        except (requests.RequestException, hvac.exceptions.VaultError) as exc:
            raise ManagedOpenBaoError(f"sealing the managed OpenBao failed: {type(exc).__name__}") from None

    def unseal(self) -> None:
        """Unseal the running server with the stored key and wait until it is active."""
        with self._lock:
            self._unseal_if_needed(time.monotonic() + 30.0)

    def credentials(self) -> AppRoleCredentials:
        """The hub's AppRole credentials written at bootstrap."""
        try:
            stored = json.loads(self._approle_path.read_text(encoding="utf-8"))
            return AppRoleCredentials(role_id=stored["role_id"], secret_id=stored["secret_id"])
        except (OSError, ValueError, KeyError):
            raise ManagedOpenBaoError(
                f"no usable AppRole credentials in {self._approle_path}: call start() first"
            ) from None

    def root_client(self) -> hvac.Client:
        """An hvac client holding the root token: administration and tests only, never the hub."""
        session = requests.Session()
        session.trust_env = False  # loopback only: never through an environment proxy
        return hvac.Client(url=self.addr, token=self._read_secret(self._bootstrap_token_path),
                           timeout=_HTTP_TIMEOUT, session=session)

    # ----------------------------------------------------------------------------- process

    def _is_running(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        if self._pid is not None:
            return _pid_runs_our_server(self._pid, self._config_path)
        return False

    def _terminate(self) -> None:
        """SIGTERM, wait for a clean shutdown, SIGKILL if it does not come."""
        if not self._is_running():
            self._forget_process()
            return
        self._signal(signal.SIGTERM)
        if not self._wait_for_exit(_STOP_GRACE_SECONDS):
            self._signal(signal.SIGKILL)
            self._wait_for_exit(_STOP_GRACE_SECONDS)
        self._forget_process()

    def _listens_on_another_port(self) -> bool:
        # openbao.hcl is rewritten only when a server is spawned, so it is the running server's.
        try:
            match = re.search(r'address = "127\.0\.0\.1:(\d+)"', self._config_path.read_text(encoding="utf-8"))
        except OSError:
            return False
        return match is not None and int(match.group(1)) != self._port

    def _replace_leftover_on_another_port(self) -> None:
        other = self._lease.live_hub_other_than_me()
        if other is not None:
            raise ManagedOpenBaoError(
                f"the managed OpenBao in {self._data_dir} runs on another port for the hub process "
                f"{other.pid}: stop that hub first, or use its HUB_MANAGED_OPENBAO_PORT"
            )
        self._terminate()

    def _adopt_leftover_server(self) -> None:
        try:
            pid = int(self._pid_path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return
        if _pid_runs_our_server(pid, self._config_path):
            self._pid, self._process = pid, None
        else:
            with contextlib.suppress(FileNotFoundError):
                self._pid_path.unlink()

    def _spawn(self) -> None:
        binary = find_bao_binary()
        self._check_ports_free()
        self._data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        (self._data_dir / "raft").mkdir(mode=0o700, exist_ok=True)
        self._config_path.write_text(self._render_config(), encoding="utf-8")
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                [str(binary), "server", f"-config={self._config_path}"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                close_fds=True,  # never hand the lease (keys/lease.py) to the server
                # Its own session: Ctrl+C in the hub's terminal (SIGINT to the whole foreground
                # process group) must not stop OpenBao under requests the hub is still finishing;
                # the hub stops it after its own graceful shutdown.
                start_new_session=True,
            )
        self._pid = self._process.pid

    def _render_config(self) -> str:
        raft = self._data_dir / "raft"
        return (
            # performance_multiplier 1: a single node elects itself in about a second, not ten.
            f'storage "raft" {{\n  path = {json.dumps(str(raft))}\n  node_id = "credit-hub-local"\n'
            "  performance_multiplier = 1\n}\n"
            f'listener "tcp" {{\n  address = "127.0.0.1:{self._port}"\n'
            f'  cluster_address = "127.0.0.1:{self._port + 1}"\n'
            "  tls_disable = true  # loopback-only single-machine default, see module docstring\n}\n"
            f'api_addr = "{self.addr}"\n'
            f'cluster_addr = "http://127.0.0.1:{self._port + 1}"\n'
            f"pid_file = {json.dumps(str(self._pid_path))}\n"
            "ui = false\n"
        )

    def _check_ports_free(self) -> None:
        for port in (self._port, self._port + 1):
            if not _port_is_free(port):
                raise ManagedOpenBaoError(
                    f"port {port} on 127.0.0.1 is already taken by another program: "
                    f"choose another port for the managed OpenBao (it uses port and port+1)"
                )

    def _signal(self, signum: int) -> None:
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signum)

    def _wait_for_exit(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self._is_running():
                return True
            time.sleep(_POLL_SECONDS)
        return not self._is_running()

    def _forget_process(self) -> None:
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=1)
        self._process, self._pid = None, None

    def _register_atexit(self) -> None:
        # A process that forgets release() still gives its share back when the interpreter exits;
        # after a crash the kernel drops the lease and the next start() adopts the server.
        if not self._atexit_registered:
            atexit.register(self.release)
            self._atexit_registered = True

    # ----------------------------------------------------------------------------- HTTP

    def _wait_for_listener(self, deadline: float) -> None:
        while True:
            try:
                self._http.get(f"{self.addr}/v1/sys/health", timeout=_HTTP_TIMEOUT)
                return
            except requests.ConnectionError:
                pass
            if not self._is_running():
                raise ManagedOpenBaoError(
                    f"the managed OpenBao exited during start-up; see {self.log_path}: {self._log_tail()}"
                )
            if time.monotonic() > deadline:
                raise ManagedOpenBaoError(f"the managed OpenBao did not listen on {self.addr} in time")
            time.sleep(_POLL_SECONDS)

    def _is_active(self) -> bool:
        try:
            return self._http.get(f"{self.addr}/v1/sys/health", timeout=_HTTP_TIMEOUT).status_code == 200
        except requests.RequestException:
            return False

    def _sys(
        self, method: str, path: str, body: dict[str, Any] | None = None, *, timeout: float = _HTTP_TIMEOUT
    ) -> dict[str, Any]:
        try:
            response = self._http.request(method, f"{self.addr}/v1/sys/{path}", json=body, timeout=timeout)
        except requests.RequestException as exc:
            raise ManagedOpenBaoError(
                f"sys/{path} failed: {type(exc).__name__}; see {self.log_path}"
            ) from None
        if response.status_code >= 400:
            raise ManagedOpenBaoError(f"sys/{path} failed with HTTP {response.status_code}")
        result: dict[str, Any] = response.json() if response.content else {}
        return result

    def _initialise_if_needed(self) -> None:
        if self._sys("GET", "init")["initialized"]:
            if not self._unseal_key_path.exists():
                raise ManagedOpenBaoError(
                    f"OpenBao in {self._data_dir} is initialised but {self._unseal_key_path.name} is missing"
                )
            return
        if self._unseal_key_path.exists() or self._bootstrap_token_path.exists():
            raise ManagedOpenBaoError(
                f"{self._data_dir} holds an unseal key but OpenBao storage is empty: refusing to "
                "re-initialise over it (restore raft/ or move the old key files away)"
            )
        try:
            # Initialisation waits for the Raft leader election: allow it more time.
            result = self._sys("PUT", "init", {"secret_shares": 1, "secret_threshold": 1}, timeout=60.0)
            unseal_key, root_token = result["keys_base64"][0], result["root_token"]
        except (KeyError, IndexError, ValueError, requests.RequestException) as exc:
            raise ManagedOpenBaoError(f"initialising the managed OpenBao failed: {exc}") from None
        _write_secret(self._unseal_key_path, unseal_key)
        _write_secret(self._bootstrap_token_path, root_token)

    def _unseal_if_needed(self, deadline: float) -> None:
        if self._sys("GET", "seal-status")["sealed"]:
            self._sys("PUT", "unseal", {"key": self._read_secret(self._unseal_key_path)})
        # Raft elects itself leader shortly after unsealing; only an active node serves requests.
        while True:
            try:
                status = self._http.get(f"{self.addr}/v1/sys/health", timeout=_HTTP_TIMEOUT).status_code
            except requests.ConnectionError:
                status = 0
            if status == 200:
                return
            if time.monotonic() > deadline:
                raise ManagedOpenBaoError(f"the managed OpenBao did not become active (last HTTP {status})")
            time.sleep(_POLL_SECONDS)

    def _bootstrap(self) -> None:
        """Idempotent: transit mount, the hub's keys, policy, AppRole role and credentials."""
        client = self.root_client()
        try:
            if f"{TRANSIT_MOUNT}/" not in client.sys.list_mounted_secrets_engines()["data"]:
                client.sys.enable_secrets_engine("transit", path=TRANSIT_MOUNT)
            for name, key_type in ((SUBJECT_TOKEN_KEY, SUBJECT_TOKEN_KEY_TYPE),
                                   (HUB_SIGNING_KEY, HUB_SIGNING_KEY_TYPE)):
                self._ensure_root_key(client, name, key_type)
            client.sys.create_or_update_policy(name=HUB_POLICY, policy=hub_policy_text())
            if "approle/" not in client.sys.list_auth_methods()["data"]:
                client.sys.enable_auth_method("approle")
            client.auth.approle.create_or_update_approle(
                HUB_ROLE,
                token_policies=[HUB_POLICY],
                token_no_default_policy=True,
                token_ttl="1h",  # noqa: S106 (a duration, not a password)
                token_max_ttl="4h",  # noqa: S106
                secret_id_ttl="0",  # noqa: S106 (the secret_id does not expire; it is rotated by file)
            )
            self._ensure_approle_file(client)
        except hvac.exceptions.VaultError as exc:
            raise ManagedOpenBaoError(
                f"bootstrapping the managed OpenBao failed: {type(exc).__name__}"
            ) from None

    @staticmethod
    def _ensure_root_key(client: hvac.Client, name: str, key_type: str) -> None:
        try:
            client.secrets.transit.read_key(name=name, mount_point=TRANSIT_MOUNT)
        except hvac.exceptions.InvalidPath:
            client.secrets.transit.create_key(name=name, key_type=key_type, mount_point=TRANSIT_MOUNT)

    def _ensure_approle_file(self, client: hvac.Client) -> None:
        role_id = client.auth.approle.read_role_id(HUB_ROLE)["data"]["role_id"]
        with contextlib.suppress(ManagedOpenBaoError):
            current = self.credentials()
            if current.role_id == role_id and _secret_id_is_valid(client, current.secret_id):
                return
        secret_id = client.auth.approle.generate_secret_id(HUB_ROLE)["data"]["secret_id"]
        _write_secret(self._approle_path, json.dumps({"role_id": role_id, "secret_id": secret_id}))

    # ----------------------------------------------------------------------------- files

    def _read_secret(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError:
            raise ManagedOpenBaoError(f"cannot read {path.name} in {self._data_dir}") from None

    def _log_tail(self, lines: int = 5) -> str:
        try:
            tail = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return "(no log)"
        return " | ".join(line.strip() for line in tail)


def hub_policy_text() -> str:
    """The least-privilege `credit-hub` policy, shipped as package data (keys/policy.hcl)."""
    return resources.files("keys").joinpath("policy.hcl").read_text(encoding="utf-8")


def _write_secret(path: Path, content: str) -> None:
    """Create a 0600 temporary file next to `path` and move it into place atomically."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _secret_id_is_valid(client: hvac.Client, secret_id: str) -> bool:
    try:
        response = client.auth.approle.read_secret_id(HUB_ROLE, secret_id)
    except hvac.exceptions.VaultError:
        return False
    return bool(response and response.get("data"))


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Go's listener sets SO_REUSEADDR too: sockets in TIME_WAIT must not count as "taken".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pid_runs_our_server(pid: int, config_path: Path) -> bool:
    """True if `pid` is alive and is a bao server started with this data dir's config file
    (guards against a recycled pid belonging to an unrelated process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    cmdline_file = Path(f"/proc/{pid}/cmdline")
    try:
        arguments = cmdline_file.read_bytes().split(b"\0")
    except OSError:
        return False
    if _is_zombie(pid):
        return False
    return f"-config={config_path}".encode() in arguments


def _is_zombie(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    # Field 3 (after the parenthesised command name) is the state letter.
    return status.rsplit(")", 1)[-1].split()[0] == "Z"


def free_port_pair() -> int:
    """A port p such that p and p+1 are both free on 127.0.0.1 (API and cluster ports).

    Chosen at random below the kernel's ephemeral range: a port the kernel handed out (port 0) is
    soon reused as the local port of some outgoing connection, and then the server cannot bind it."""
    low, _ = _ephemeral_range()
    candidates = random.Random()  # noqa: S311 (picks a port, not a secret)
    for _ in range(200):
        port = candidates.randrange(10_000, low - 1)
        if _port_is_free(port) and _port_is_free(port + 1):
            return port
    raise RuntimeError("no free pair of consecutive ports on 127.0.0.1")


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text(encoding="ascii").split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999  # Linux's default
