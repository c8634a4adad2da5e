"""Rendering pages: Jinja2 templates shipped as package data, autoescaped, with strict security headers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hub.core.principals import Principal
from hub.disclosure.states import BATCH_STATE_NAMES
from hub.records.catalog import RECORD_TYPES
from hub.web import labels
from redaction.standard import PUBLISHED_RECORD_KINDS

# No script at all, styles from our own origin, forms post only to us, never framed.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    # Pages may show records under review: browsers and proxies must not keep them.
    "cache-control": "no-store",
}

_environment = Environment(
    loader=PackageLoader("hub.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.globals.update(
    batch_state=lambda code: labels.label(BATCH_STATE_NAMES, code),
    record_type=lambda code: RECORD_TYPES[code].label if code in RECORD_TYPES else code,
    published_types=PUBLISHED_RECORD_KINDS,
    source=lambda code: labels.label(labels.SOURCES, code),
    entity=lambda code: labels.label(labels.ENTITY_TYPES, code),
    finding_action=lambda code: labels.label(labels.FINDING_ACTIONS, code),
    finding_status=lambda code: labels.label(labels.FINDING_STATUSES, code),
    item_decision=lambda code: labels.label(labels.ITEM_DECISIONS, code),
    role=lambda code: labels.label(labels.ROLES, code),
    anomaly=lambda code: labels.label(labels.ANOMALIES, code),
    decision_reason=labels.decision_reason,
)
templates = Jinja2Templates(env=_environment)


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    user: Principal | None = None,
    csrf: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    response = templates.TemplateResponse(
        request,
        name,
        {"user": user, "csrf": csrf, "error": None, "notice": None, **(context or {})},
        status_code=status_code,
    )
    response.headers.update(SECURITY_HEADERS)
    return response


def redirect(url: str) -> RedirectResponse:
    """After a successful POST: see the result with a GET (a reload does not resubmit)."""
    response = RedirectResponse(url, status_code=303)
    response.headers.update(SECURITY_HEADERS)
    return response
