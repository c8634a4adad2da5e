"""FastAPI dependencies for people: `CurrentUser` (from the session cookie) and `require_roles`.

    @router.post("/v1/publications/{id}/approve")
    def approve(id: str, officer: Annotated[Principal, Depends(require_roles(Role.PUBLICITY_OFFICER))]): ...

A refused role is written to the audit trail (repeated denials are an anomaly in the access review).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.routing import Match

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.db import transaction
from hub.core.deps import RuntimeDep
from hub.core.errors import PermissionDenied, Unauthenticated
from hub.core.principals import Principal, Role
from hub.users.sessions import ABSOLUTE, MAX_COOKIE_LENGTH, resolve_session

SESSION_COOKIE = "hub_session"


def set_session_cookie(response: Response, value: str, *, production: bool) -> None:
    """The session cookie, with the same attributes wherever a login sets it."""
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=int(ABSOLUTE.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=production,
        path="/",
    )


def current_user(request: Request, runtime: RuntimeDep) -> Principal:
    cookie_value = request.cookies.get(SESSION_COOKIE)
    if not cookie_value or len(cookie_value) > MAX_COOKIE_LENGTH:
        raise Unauthenticated()
    return resolve_session(engine=runtime.engine, cookie_value=cookie_value)


CurrentUser = Annotated[Principal, Depends(current_user)]


def route_template(request: Request) -> str:
    """The route's path pattern ("/v1/keys/{name}/rotate"): what was attempted, without the values."""
    matched = request.scope.get("route")
    if matched is not None and hasattr(matched, "path"):
        return str(matched.path)
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match == Match.FULL and hasattr(route, "path"):
            return str(route.path)
    return "?"


def require_roles(*roles: Role) -> Callable[..., Principal]:
    """A dependency that lets only these roles through (403 for the others, audited)."""
    allowed = frozenset(roles)

    def dependency(request: Request, user: CurrentUser, runtime: RuntimeDep) -> Principal:
        if user.role not in allowed:
            with transaction(runtime.engine) as session:
                trail.append(
                    session,
                    AuditEvent(
                        actor=user.name,
                        role=user.role.value,
                        action="access.denied",
                        object=f"{request.method} {route_template(request)}"[:200],
                        outcome="denied",
                        detail="role not permitted",
                    ),
                )
            raise PermissionDenied()
        return user

    return dependency


# Separation of duties, in one place (see hub/users/routes.py).
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
SecurityOfficer = Annotated[Principal, Depends(require_roles(Role.SECURITY_OFFICER))]
AuditReader = Annotated[Principal, Depends(require_roles(Role.SECURITY_OFFICER, Role.AUDITOR))]
