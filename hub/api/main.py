"""ASGI entry point for process managers: `uvicorn hub.api.main:app_from_environment --factory --workers N`.

Each worker builds its own runtime from HUB_* settings (an external OpenBao/Vault is needed: the managed
local one belongs to a single `hub serve` process).
"""

from __future__ import annotations

import atexit

from fastapi import FastAPI

from hub.api.app import create_app
from hub.core.errors import ConfigurationError
from hub.core.runtime import start_runtime
from hub.core.settings import get_settings


def app_from_environment() -> FastAPI:
    settings = get_settings()
    if settings.managed_vault:
        raise ConfigurationError("config.workers_need_vault")
    runtime = start_runtime(settings)
    atexit.register(runtime.close)
    return create_app(runtime)
