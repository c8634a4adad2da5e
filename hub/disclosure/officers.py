"""Who may act in the disclosure workflow: publicity officers (双公示 reviewers) only."""

from __future__ import annotations

from hub.core.errors import PermissionDenied
from hub.core.principals import Principal, Role

# The purpose recorded in the audit trail when the workflow decrypts a record.
REVIEW_PURPOSE = "双公示审查"


def require_publicity_officer(officer: Principal) -> None:
    if officer.role != Role.PUBLICITY_OFFICER:
        raise PermissionDenied("only publicity officers may do this")
