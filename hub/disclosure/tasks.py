"""The scheduled display-period job: an asyncio task started with the API app, stopped with it.

Every `HUB_DISCLOSURE_EXPIRE_INTERVAL_SECONDS` (default one hour; 0 turns the job off) it withdraws
the entries whose display period has ended. The work runs in a thread; several API workers may run
the job at once (rows are claimed with SKIP LOCKED on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import Engine

from hub.disclosure.publication import expire_publications

log = logging.getLogger("hub.disclosure.scheduler")


class DisclosureSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUB_DISCLOSURE_", env_file=".env", extra="ignore")

    expire_interval_seconds: float = 3600.0


async def expire_periodically(engine: Engine, *, interval_seconds: float) -> None:
    while True:
        try:
            withdrawn = await asyncio.to_thread(expire_publications, engine=engine)
            if withdrawn:
                log.info("display periods ended: %d entries withdrawn", withdrawn)
        except Exception as exc:  # the job must outlive a database or network hiccup
            log.error("display-period job failed: %s", type(exc).__name__)
        await asyncio.sleep(interval_seconds)


@contextlib.asynccontextmanager
async def expiry_job(app: FastAPI) -> AsyncIterator[None]:
    """Lifespan of the disclosure router: runs the job while the app runs."""
    interval = DisclosureSettings().expire_interval_seconds
    task = None
    if interval > 0:
        task = asyncio.create_task(expire_periodically(app.state.runtime.engine, interval_seconds=interval))
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
