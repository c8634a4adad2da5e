"""Mounting the pages on the app: routers, static CSS, and HTML answers for the pages' own errors."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from hub.web import auth_pages, public_pages, review_pages, security_pages
from hub.web.errors import LoginRequired, WebError
from hub.web.templating import redirect, render

STATIC_DIR = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    app.include_router(auth_pages.router)
    app.include_router(review_pages.router)
    app.include_router(security_pages.router)
    app.include_router(public_pages.router)
    app.mount("/ui/static", StaticFiles(directory=STATIC_DIR), name="ui-static")

    # Registered for WebError only: the API's JSON answers for every other HubError stay as they are
    # (Starlette picks the handler of the closest class).
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        if isinstance(exc, LoginRequired):
            return redirect("/ui/login")
        return render(request, "error.html", {"message": exc.message}, status_code=exc.status_code)
