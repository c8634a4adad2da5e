"""The lease and owner record that decide who stops the managed OpenBao (no server needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from keys.lease import ServerLease
from keys.server import process_start_time


def _joined(directory: Path) -> ServerLease:
    lease = ServerLease(directory)
    with lease.exclusive():
        lease.join()
    return lease


def _leave(lease: ServerLease) -> bool:
    with lease.exclusive():
        return lease.leave()


def test_only_the_last_user_to_leave_is_told_so(tmp_path: Path) -> None:
    first, second = _joined(tmp_path), _joined(tmp_path)
    assert _leave(first) is False
    assert _leave(second) is True
    assert _leave(second) is False  # leaving twice is harmless and says nothing


def test_a_user_that_dies_gives_its_share_back(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time, pathlib; from keys.lease import ServerLease; "
         "lease = ServerLease(pathlib.Path(sys.argv[1]))\n"
         "with lease.exclusive(): lease.join()\n"
         "print('joined', flush=True); time.sleep(60)",
         str(tmp_path)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "joined"
        assert _leave(_joined(tmp_path)) is False  # the other process still uses the server
        mine = _joined(tmp_path)
        holder.kill()  # no clean-up code runs: the kernel drops its lock with the process
        holder.wait(timeout=10)
        assert _leave(mine) is True
    finally:
        holder.kill()


def test_a_live_hub_owner_is_seen_by_others_but_not_by_itself(tmp_path: Path) -> None:
    hub, command = _joined(tmp_path), _joined(tmp_path)
    with hub.exclusive():
        hub.claim("hub")
    assert hub.is_mine(hub.owner())
    assert hub.live_hub_other_than_me() is None
    owner = command.live_hub_other_than_me()
    assert owner is not None and owner.pid == os.getpid()

    with command.exclusive():
        command.claim("command")
    assert hub.live_hub_other_than_me() is None  # a command owner never blocks a hub


def test_an_owner_record_of_a_dead_or_recycled_process_is_not_alive(tmp_path: Path) -> None:
    lease = ServerLease(tmp_path)
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    (tmp_path / "openbao.owner").write_text(
        json.dumps({"pid": child.pid, "started": 1, "role": "hub", "instance": "gone"})
    )
    assert lease.live_hub_other_than_me() is None
    # Our own pid with another start time stands for a recycled pid.
    (tmp_path / "openbao.owner").write_text(
        json.dumps({"pid": os.getpid(), "started": -1, "role": "hub", "instance": "old"})
    )
    assert lease.live_hub_other_than_me() is None


def test_a_damaged_owner_record_counts_as_no_owner(tmp_path: Path) -> None:
    (tmp_path / "openbao.owner").write_text("{not json")
    assert ServerLease(tmp_path).owner() is None


def test_process_start_time_tells_live_from_gone_and_zombie(tmp_path: Path) -> None:
    assert process_start_time(os.getpid()) is not None
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while process_start_time(zombie.pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)  # exited but not yet reaped: a zombie has no start time for us
    assert process_start_time(zombie.pid) is None
    zombie.wait(timeout=5)
    assert process_start_time(zombie.pid) is None
