"""Mapping errors to HTTP answers. No answer carries a submitted value: only field names and reasons."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from hub.core.errors import BatchRejected, HubError

log = logging.getLogger("hub.api")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BatchRejected)
    async def batch_rejected(_request: Request, exc: BatchRejected) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={
                "detail": str(exc),
                "errors": [{"index": e.index, "field": e.field, "reason": e.reason} for e in exc.errors],
            },
        )

    @app.exception_handler(HubError)
    async def hub_error(_request: Request, exc: HubError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default answer echoes the offending input; ours names the place and the rule only.
        errors = [
            {
                "loc": [str(part) for part in err.get("loc", ())],
                "msg": err.get("msg", ""),
                "type": err.get("type", ""),
            }
            for err in exc.errors()
        ]
        return JSONResponse(status_code=422, content={"detail": "invalid request", "errors": errors})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The exception text may quote data; log its type and where, never its message.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return JSONResponse(status_code=500, content={"detail": "internal error"})
