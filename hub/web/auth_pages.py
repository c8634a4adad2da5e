"""登录 / 退出 and the start page. The session is the API's (`hub.users.sessions`), same cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from hub.core.deps import RuntimeDep
from hub.core.errors import HubError
from hub.users.deps import SESSION_COOKIE, set_session_cookie
from hub.users.schemas import LoginIn
from hub.users.sessions import log_in, log_out
from hub.web import csrf
from hub.web.forms import read_form
from hub.web.people import PageUser
from hub.web.templating import redirect, render

router = APIRouter(prefix="/ui", include_in_schema=False)


def _login_page(request: Request, rt: RuntimeDep, *, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    token = csrf.anonymous_token(request)
    response = render(request, "login.html", {"error": error}, csrf=token, status_code=status_code)
    csrf.remember_token(response, token, secure=rt.settings.environment == "production")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, rt: RuntimeDep) -> HTMLResponse:
    return _login_page(request, rt)


@router.post("/login")
def login(
    request: Request,
    rt: RuntimeDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    csrf.check_anonymous_token(request, csrf_token)
    try:
        form = read_form(LoginIn, username=username.strip(), password=password)
        _principal, value = log_in(
            engine=rt.engine, username=form.username, password=form.password,
            previous=request.cookies.get(SESSION_COOKIE),
        )
    except HubError as exc:
        return _login_page(request, rt, error=exc.message, status_code=exc.status_code)
    response = redirect("/ui/")
    set_session_cookie(response, value, production=rt.settings.environment == "production")
    return response


@router.post("/logout")
def logout(request: Request, rt: RuntimeDep, csrf_token: Annotated[str, Form()] = "") -> Response:
    csrf.check_session_token(request, csrf_token)
    log_out(engine=rt.engine, cookie_value=request.cookies.get(SESSION_COOKIE))
    response = redirect("/ui/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def start_page(request: Request, user: PageUser) -> HTMLResponse:
    return render(request, "home.html", user=user, csrf=csrf.token_for_session(request))
