"""CSRF tokens for every POST form.

Signed-in forms carry a token derived from the session cookie (HMAC keyed by the cookie value): it is
checked server-side on each POST, needs no table and works on any API worker. A cross-site page can
neither read the cookie (HttpOnly) nor the token (same-origin policy), so it cannot forge the form.

Forms without a session (login, the public search) use a double-submit token: a random value in a
SameSite=Strict cookie that the form must repeat.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from hub.users.deps import SESSION_COOKIE
from hub.users.sessions import MAX_COOKIE_LENGTH
from hub.web.errors import CsrfRejected

FORM_COOKIE = "hub_form"
_PURPOSE = b"hub.web csrf v1"


def session_token(cookie_value: str) -> str:
    return hmac.new(cookie_value.encode(), _PURPOSE, hashlib.sha256).hexdigest()


def token_for_session(request: Request) -> str:
    """The token of the request's session (call only behind a signed-in dependency)."""
    return session_token(request.cookies.get(SESSION_COOKIE, ""))


def check_session_token(request: Request, submitted: str) -> None:
    cookie_value = request.cookies.get(SESSION_COOKIE, "")
    if not cookie_value or len(cookie_value) > MAX_COOKIE_LENGTH:
        raise CsrfRejected()
    if not hmac.compare_digest(session_token(cookie_value).encode(), submitted.encode()):
        raise CsrfRejected()


def anonymous_token(request: Request) -> str:
    """The double-submit value of this browser: its cookie's, or a new one (set it with `remember_token`)."""
    existing = request.cookies.get(FORM_COOKIE, "")
    if 32 <= len(existing) <= MAX_COOKIE_LENGTH:
        return existing
    return secrets.token_urlsafe(32)


def remember_token(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/")


def check_anonymous_token(request: Request, submitted: str) -> None:
    cookie_value = request.cookies.get(FORM_COOKIE, "")
    if not 32 <= len(cookie_value) <= MAX_COOKIE_LENGTH:
        raise CsrfRejected()
    if not hmac.compare_digest(cookie_value.encode(), submitted.encode()):
        raise CsrfRejected()
