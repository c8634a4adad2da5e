"""Errors of the web pages. They are HubErrors, but `hub.web.wiring` answers them with HTML (a redirect
to the login page, a Chinese error page) instead of the API's JSON."""

from __future__ import annotations

from hub.core.errors import HubError


class WebError(HubError):
    """Base of the web pages' errors; `message` is the Chinese text shown to the person."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LoginRequired(WebError):
    """No valid session: the browser is sent to the login page."""

    status_code = 401

    def __init__(self) -> None:
        super().__init__("请先登录。")


class PageForbidden(WebError):
    status_code = 403

    def __init__(self) -> None:
        super().__init__("您的角色无权访问此页面。")


class CsrfRejected(WebError):
    """A POST form without the right token: possibly a forged cross-site request."""

    status_code = 403

    def __init__(self) -> None:
        super().__init__("表单已失效或来源不明（CSRF 校验失败），请返回页面刷新后重新提交。")


class BadForm(WebError):
    status_code = 422


class PageNotFound(WebError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("找不到该页面或对象。")


class ServiceRefused(WebError):
    """A service's refusal while building a page (key service down, batch gone …), in Chinese."""

    def __init__(self, message: str, *, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code
