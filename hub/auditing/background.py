"""A thread that writes a signed audit checkpoint when one is due, while the API runs.

Several API workers may each run one: write_checkpoint locks the chain head and skips a head that is
signed already. Failures (OpenBao down) are logged by type only and retried on the next tick.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from hub.auditing import checkpoints
from hub.auditing.checkpoints import checkpoint_if_due

if TYPE_CHECKING:
    from hub.runtime import Runtime

log = logging.getLogger("hub.audit")
TICK_SECONDS = 30.0


class Checkpointer:
    def __init__(self, runtime: Runtime, *, tick_seconds: float | None = None) -> None:
        self._runtime = runtime
        self._tick = TICK_SECONDS if tick_seconds is None else tick_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-checkpoints", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self._tick):
            try:
                checkpoint_if_due(
                    engine=self._runtime.engine,
                    transit=self._runtime.transit,
                    every=checkpoints.CHECKPOINT_EVERY,
                    minutes=checkpoints.CHECKPOINT_MINUTES,
                )
            except Exception as exc:  # the thread must survive; the exception text may not be logged
                log.warning("audit checkpoint failed: %s", type(exc).__name__)
