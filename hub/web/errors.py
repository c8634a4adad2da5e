"""Errors of the web pages. They are HubErrors with codes of the one error table, but `hub.web.wiring`
answers them with HTML (a redirect to the login page, a Chinese error page) instead of the API's JSON.
A service's refusal becomes a page with `WebError.of(exc)`: same code, same Chinese text."""

from __future__ import annotations

from hub.core.errors import HubError


class WebError(HubError):
    """Base of the web pages' errors; `message` (from the error table) is what the person reads."""

    @classmethod
    def of(cls, error: HubError) -> WebError:
        """A service's refusal, shown as a page."""
        return cls(error.code, **error.params)


class LoginRequired(WebError):
    """No valid session: the browser is sent to the login page."""

    default_code = "web.login_required"


class PageForbidden(WebError):
    default_code = "web.page_forbidden"


class CsrfRejected(WebError):
    """A POST form without the right token: possibly a forged cross-site request."""

    default_code = "web.csrf_rejected"


class PageNotFound(WebError):
    default_code = "web.page_not_found"
