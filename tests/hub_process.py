"""Real `hub` processes for tests that are about processes: signals, crashes, several users of one OpenBao.

- `HubProcess`: `hub serve` as a subprocess with its own environment, waited for on /healthz.
- `run_hub(env, *args)`: one `hub …` admin command as a subprocess.
- `bao_pids(data_dir)`: the live `bao server` processes of a data dir's managed OpenBao.

Each process gets a clean environment: HUB_* variables of the developer's shell or a `.env` file
never leak in (the working directory is the test's temporary directory).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from keys.managed import free_port_pair
from keys.server import process_start_time

HUB_COMMAND = str(Path(sys.executable).parent / "hub")
START_TIMEOUT = 90.0  # two cores shared by many: imports and the first OpenBao start can be slow


def embedded_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for the embedded defaults (SQLite + managed OpenBao) in `data_dir`, on free ports."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("HUB_")}
    openbao_port = free_port_pair()
    hub_port = free_port_pair()  # a pair: below the ephemeral range, see free_port_pair
    while hub_port in (openbao_port, openbao_port + 1):
        hub_port = free_port_pair()
    env.update(
        HUB_ENVIRONMENT="development",
        HUB_DATA_DIR=str(data_dir),
        HUB_PORT=str(hub_port),
        HUB_MANAGED_OPENBAO_PORT=str(openbao_port),
        COLUMNS="200",  # rich tables: never cut ids in captured output
    )
    env.update(extra)
    return env


class HubProcess:
    """`hub serve` in a subprocess (not a thread): signals and crashes act on a real process."""

    def __init__(self, env: dict[str, str], *, log: Path) -> None:
        self.env = env
        self.url = f"http://127.0.0.1:{env['HUB_PORT']}"
        self._log_path = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> HubProcess:
        with open(self._log_path, "ab") as log:
            self.process = subprocess.Popen(
                [HUB_COMMAND, "serve"], env=self.env, cwd=self._log_path.parent,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"hub serve exited with {self.process.returncode}: {self.log_tail()}")
            if self.health() == 200:
                return self
            time.sleep(0.2)
        raise AssertionError(f"hub serve did not become healthy: {self.log_tail()}")

    def __enter__(self) -> HubProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def health(self) -> int:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=5, trust_env=False).status_code
        except httpx.HTTPError:
            return 0

    def send(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def wait(self, timeout: float = 60.0) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        """Cleanup for tests: SIGTERM, then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.send(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self._log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def run_hub(env: dict[str, str], *args: str, cwd: Path, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """One `hub` command; stdin is closed so a missing password fails instead of waiting for a prompt."""
    return subprocess.run(
        [HUB_COMMAND, *args], env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=timeout, check=False,
    )


def bao_pids(data_dir: Path) -> list[int]:
    """Live (non-zombie) `bao server` processes started with this data dir's managed OpenBao config."""
    marker = f"-config={data_dir / 'openbao' / 'openbao.hcl'}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker in arguments and process_start_time(int(entry.name)) is not None:
            found.append(int(entry.name))
    return found


def wait_until_no_bao(data_dir: Path, timeout: float = 15.0) -> list[int]:
    """Give a stopping server (or init reaping it) a moment; returns whatever is still alive."""
    deadline = time.monotonic() + timeout
    while (alive := bao_pids(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive
