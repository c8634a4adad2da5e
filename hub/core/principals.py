"""Who is acting: departments (signed requests) and people (publicity officers, security staff …)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
