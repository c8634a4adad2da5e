"""Mapping errors to HTTP answers, from the one error table. No answer carries a submitted value: only
codes, field names and rules.

Every error body has `code` (stable, for programs), `detail` (English) and `message` (Chinese, for the
people at the departments). A refused batch adds one entry per invalid record, each with its own.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from hub.core.errors import BatchRejected, HubError, input_errors

log = logging.getLogger("hub.api")


def error_body(error: HubError) -> dict[str, Any]:
    return {"code": error.code, "detail": str(error), "message": error.message}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BatchRejected)
    async def batch_rejected(_request: Request, exc: BatchRejected) -> JSONResponse:
        errors = [
            {"index": e.index, "field": e.field, "reason": e.reason, "code": e.code, "message": e.message}
            for e in exc.errors
        ]
        return JSONResponse(status_code=exc.status_code, content={**error_body(exc), "errors": errors})

    @app.exception_handler(HubError)
    async def hub_error(_request: Request, exc: HubError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content=error_body(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default answer echoes the offending input; ours names the place and the rule only.
        problems = list(exc.errors())
        errors = [
            {
                "loc": [str(part) for part in problem.get("loc", ())],
                "msg": problem.get("msg", ""),
                "type": problem.get("type", ""),
                "code": error.code,
                "message": error.message,
            }
            for problem, error in zip(problems, input_errors(problems), strict=True)
        ]
        return JSONResponse(status_code=422, content={**error_body(HubError("request.invalid")), "errors": errors})

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 413:  # raised by hub.api.limits while the body is read
            return JSONResponse(status_code=413, content=error_body(HubError("request.too_large")))
        return await http_exception_handler(request, exc)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The exception text may quote data; log its type and where, never its message.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return JSONResponse(status_code=500, content=error_body(HubError()))
