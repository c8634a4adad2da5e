"""Who is acting: departments (signed requests) and people (publicity officers, security staff …)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hub.core.errors import PermissionDenied


class Role(StrEnum):
    DEPARTMENT = "department"
    PUBLICITY_OFFICER = "publicity_officer"
    SECURITY_OFFICER = "security_officer"
    AUDITOR = "auditor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """An authenticated actor. `name` is a user name or a department code, never a personal number."""

    name: str
    role: Role
    department: str | None = None


def require_role(actor: Principal, *roles: Role) -> None:
    """Every service that acts for someone calls this first, so the API, the CLI and the web pages get
    the same rule. (The API and the web pages also refuse at the route, to audit the attempt.)"""
    if actor.role not in roles:
        raise PermissionDenied()
