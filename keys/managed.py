"""The managed local OpenBao: the single-machine default, one node shared by the hub and its commands.

Layout of `data_dir` (created 0700): the node's files (raft/, openbao.hcl, openbao.log, openbao.pid;
see keys/server.py), the secret files (unseal.key, bootstrap.token, approle.json; see
keys/bootstrap.py), and openbao.lock, openbao.lease, openbao.owner, which decide who may stop the
server (keys/lease.py): a process stops it only if it owns it and nobody else uses it, so an admin
command never stops a serving hub's server.

The listener is plain HTTP on 127.0.0.1 only: this default serves one machine, where the hub and
OpenBao talk over loopback. A multi-machine deployment uses an external OpenBao cluster with TLS
and passes its addresses to `Transit` instead (keys/cluster.py starts a local one for development).

Whatever the umask, folders are 0700 and files 0600 (secrets, configuration, log, lease records), and
OpenBao itself runs under umask 077.
"""

from __future__ import annotations

import atexit
import threading
import time
from pathlib import Path

import hvac
import requests

from keys.bootstrap import (
    HUB_POLICY,
    HUB_ROLE,
    TRANSIT_MOUNT,
    SecretFiles,
    bootstrap_hub,
    http_session,
    hub_policy_text,
    initialise_if_needed,
    root_client,
    unseal_if_needed,
    wait_for_health,
    write_secret,
)
from keys.errors import ManagedOpenBaoError
from keys.lease import Role, ServerLease
from keys.server import BaoProcess, free_port_pair
from keys.transit import AppRoleCredentials

__all__ = [
    "HUB_POLICY",
    "HUB_ROLE",
    "TRANSIT_MOUNT",
    "ManagedOpenBao",
    "free_port_pair",
    "hub_policy_text",
    "write_secret",
]

_ACTIVE = frozenset({200})
_NODE_ID = "credit-hub-local"  # stored in raft/: never change it for an existing data dir


class ManagedOpenBao:
    """A local OpenBao server with persistent Raft storage, initialised and bootstrapped on demand."""

    def __init__(self, *, data_dir: Path, port: int = 8200) -> None:
        self._data_dir = Path(data_dir)
        self._node = BaoProcess(directory=self._data_dir, port=port, node_id=_NODE_ID)
        self._secrets = SecretFiles(self._data_dir)
        self._lock = threading.RLock()
        self._lease = ServerLease(self._data_dir)
        self._role: Role = "command"
        self._atexit_registered = False
        self._http = http_session()

    @property
    def addr(self) -> str:
        return self._node.addr

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def log_path(self) -> Path:
        return self._node.log_path

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
            if not self._node.is_running():
                self._node.adopt_leftover()
            if self._node.is_running() and self._node.listens_on_another_port():
                self._replace_leftover_on_another_port()
            if not self._node.is_running():
                self._node.spawn()
                self._lease.claim(self._role)
            elif self._role == "hub" and not self._lease.is_mine(self._lease.owner()):
                self._lease.claim("hub")
            self._node.wait_for_listener(deadline)
            initialise_if_needed(self._http, self.addr, self._secrets)
            unseal_if_needed(self._http, self.addr, self._secrets)
            # Raft elects itself leader shortly after unsealing; only an active node serves requests.
            wait_for_health(self._http, self.addr, deadline, accept=_ACTIVE)
            bootstrap_hub(self.root_client(), self._secrets)

    def ensure_up(self, *, timeout: float = 30.0) -> None:
        """After a kill or seal, bring the server back to a usable state; cheap when it is fine."""
        with self._lock:
            if self._node.is_running() and self._node.health_status() == 200:
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
                if not self._node.is_running():
                    self._node.adopt_leftover()
                self._node.terminate()
                self._lease.disown()
            elif self._lease.is_mine(owner):
                self._lease.disown()  # the remaining users inherit it; the last of them stops it

    def stop(self) -> None:
        """Stop the server now, whoever uses it (administration and tests; the hub calls release())."""
        with self._lock, self._lease.exclusive():
            self._node.terminate()
            self._lease.disown()

    def kill(self) -> None:
        """SIGKILL without a clean shutdown (tests: OpenBao down / crashed)."""
        with self._lock:
            self._node.kill()

    def seal(self) -> None:
        """Seal the running server (tests: sealed OpenBao)."""
        try:
            self.root_client().sys.seal()
        except (requests.RequestException, hvac.exceptions.VaultError) as exc:
            raise ManagedOpenBaoError(f"sealing the managed OpenBao failed: {type(exc).__name__}") from None

    def unseal(self) -> None:
        """Unseal the running server with the stored key and wait until it is active."""
        with self._lock:
            unseal_if_needed(self._http, self.addr, self._secrets)
            wait_for_health(self._http, self.addr, time.monotonic() + 30.0, accept=_ACTIVE)

    def credentials(self) -> AppRoleCredentials:
        """The hub's AppRole credentials written at bootstrap."""
        return self._secrets.credentials()

    def root_client(self) -> hvac.Client:
        """An hvac client holding the root token: administration and tests only, never the hub."""
        return root_client(self.addr, self._secrets)

    # ----------------------------------------------------------------------------- helpers

    def _replace_leftover_on_another_port(self) -> None:
        other = self._lease.live_hub_other_than_me()
        if other is not None:
            raise ManagedOpenBaoError(
                f"the managed OpenBao in {self._data_dir} runs on another port for the hub process "
                f"{other.pid}: stop that hub first, or use its HUB_MANAGED_OPENBAO_PORT"
            )
        self._node.terminate()

    def _register_atexit(self) -> None:
        # A process that forgets release() still gives its share back when the interpreter exits;
        # after a crash the kernel drops the lease and the next start() adopts the server.
        if not self._atexit_registered:
            atexit.register(self.release)
            self._atexit_registered = True
