"""Who is looking at a page: the session's Principal, and the role each group of pages needs.

The role check is `hub.users.deps.require_roles` itself (so a refusal is audited exactly as on the
API); only its answer changes: a login redirect or a Chinese 403 page instead of JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from hub.core.deps import RuntimeDep
from hub.core.errors import PermissionDenied, Unauthenticated
from hub.core.principals import Principal, Role
from hub.users.deps import current_user, require_roles
from hub.web.errors import LoginRequired, PageForbidden


def signed_in(request: Request, runtime: RuntimeDep) -> Principal:
    try:
        return current_user(request, runtime)
    except Unauthenticated:
        raise LoginRequired() from None


def page_roles(*roles: Role) -> Callable[..., Principal]:
    check = require_roles(*roles)

    def dependency(request: Request, runtime: RuntimeDep) -> Principal:
        user = signed_in(request, runtime)
        try:
            return check(request, user, runtime)
        except PermissionDenied:
            raise PageForbidden() from None

    return dependency


PageUser = Annotated[Principal, Depends(signed_in)]
# Separation of duties as on the API: reviewers see redacted drafts only; security staff see keys and
# the audit trail but never a record; admins see neither.
ReviewerPage = Annotated[Principal, Depends(page_roles(Role.PUBLICITY_OFFICER))]
KeysPage = Annotated[Principal, Depends(page_roles(Role.SECURITY_OFFICER))]
AuditPage = Annotated[Principal, Depends(page_roles(Role.SECURITY_OFFICER, Role.AUDITOR))]
