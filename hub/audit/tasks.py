"""Background work of the audit trail: a thread that writes a signed checkpoint when one is due, while
the API runs.

Several API workers may each run one: write_checkpoint locks the chain head and skips a head that is
signed already. Failures (OpenBao down) are logged by type only and retried on the next tick.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI

from hub.audit import checkpoints
from hub.audit.checkpoints import checkpoint_if_due

if TYPE_CHECKING:
    from hub.core.runtime import Runtime

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


@asynccontextmanager
async def checkpointing(app: FastAPI) -> AsyncIterator[None]:
    """Lifespan of the audit router: the checkpointer runs while the app runs."""
    checkpointer = Checkpointer(app.state.runtime)
    checkpointer.start()
    try:
        yield
    finally:
        checkpointer.stop()
