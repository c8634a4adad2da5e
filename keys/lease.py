"""Who may stop the managed OpenBao: one owner, and a lease shared by every process that uses it.

The rule (also in the README, "The managed OpenBao"):
- A server spawned or adopted by `hub serve` belongs to that hub. No other process stops it while
  that hub lives; the hub stops it when it exits, unless commands are still using it, in which
  case the last of them stops it.
- A server spawned by an admin command (because no hub was running) is temporary: the last
  process that uses it stops it, unless a hub has taken it over meanwhile.
- A server whose owner died (a hub killed with -9) is adopted by the next process that needs it;
  a hub takes it over, a command uses it and stops it as the last user.
- A second `hub serve` on the same data directory is refused while the first one lives.

Files in the server's directory:
  openbao.lock    flock, exclusive: serialises start-up and stop decisions between processes
  openbao.lease   flock, shared: held by every process using the server, for as long as it does
  openbao.owner   JSON {pid, started, role, instance} of the owner, replaced atomically

The kernel drops a process's flocks when it dies, however it dies, so a crashed user never keeps a
server alive and never blocks the next start. Server processes are started with close_fds, so they
never inherit a lease.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from keys.bootstrap import write_secret
from keys.server import process_start_time

Role = Literal["hub", "command"]


@dataclass(frozen=True)
class Owner:
    pid: int
    started: int  # the process's start time in clock ticks since boot: tells a recycled pid apart
    role: Role
    instance: str

    def is_alive(self) -> bool:
        return process_start_time(self.pid) == self.started


class ServerLease:
    """This process's share of one managed server (one instance per ManagedOpenBao)."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self.instance = uuid.uuid4().hex
        self._mutex = threading.RLock()
        self._mutex_fd: int | None = None
        self._mutex_depth = 0
        self._lease_fd: int | None = None

    @property
    def held(self) -> bool:
        return self._lease_fd is not None

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the directory's start/stop lock (re-entrant within this instance)."""
        with self._mutex:
            if self._mutex_depth == 0:
                self._directory.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(self._directory / "openbao.lock", os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
                self._mutex_fd = fd
            self._mutex_depth += 1
            try:
                yield
            finally:
                self._mutex_depth -= 1
                if self._mutex_depth == 0 and self._mutex_fd is not None:
                    os.close(self._mutex_fd)  # closing the descriptor drops the flock
                    self._mutex_fd = None

    def join(self) -> None:
        """Become a user of the server (call under `exclusive`)."""
        if self._lease_fd is not None:
            return
        fd = os.open(self._directory / "openbao.lease", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_SH)
        self._lease_fd = fd

    def leave(self) -> bool:
        """Stop being a user (call under `exclusive`); True if nobody else uses the server now."""
        if self._lease_fd is None:
            return False
        fd, self._lease_fd = self._lease_fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True
        finally:
            os.close(fd)

    def owner(self) -> Owner | None:
        try:
            stored = json.loads((self._directory / "openbao.owner").read_text(encoding="utf-8"))
            return Owner(pid=int(stored["pid"]), started=int(stored["started"]), role=stored["role"],
                         instance=str(stored["instance"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def claim(self, role: Role) -> None:
        """Record this process as the owner (call under `exclusive`)."""
        pid = os.getpid()
        record = {"pid": pid, "started": process_start_time(pid), "role": role, "instance": self.instance}
        write_secret(self._directory / "openbao.owner", json.dumps(record))  # 0600 whatever the umask

    def disown(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self._directory / "openbao.owner").unlink()

    def is_mine(self, owner: Owner | None) -> bool:
        return owner is not None and owner.instance == self.instance

    def live_hub_other_than_me(self) -> Owner | None:
        """The owner if it is another `hub serve` process that is still running."""
        owner = self.owner()
        if owner is not None and owner.role == "hub" and not self.is_mine(owner) and owner.is_alive():
            return owner
        return None
