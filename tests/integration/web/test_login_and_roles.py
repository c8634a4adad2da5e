"""Login through the form, CSRF refusals, and the role check on every group of pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from hub.audit.models import AuditEntry
from hub.core.principals import Role
from hub.core.runtime import Runtime
from hub.disclosure.models import DisclosureBatch
from hub.users.deps import SESSION_COOKIE
from tests.integration.disclosure.helpers import checked_batch, penalty, store
from tests.integration.web.conftest import PASSWORD, add_person, csrf_token, web_login

pytestmark = pytest.mark.integration

REVIEW_PAGES = ("/ui/review",)
KEY_PAGES = ("/ui/security/keys",)
AUDIT_PAGES = ("/ui/security", "/ui/security/verify", "/ui/security/review")


def test_login_form_session_and_logout(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.PUBLICITY_OFFICER)
    browser = TestClient(api.app, follow_redirects=False)
    assert browser.get("/ui/").headers["location"] == "/ui/login"
    form = browser.get("/ui/login")
    assert form.status_code == 200 and "工作人员登录" in form.text
    assert form.headers["content-security-policy"].startswith("default-src 'none'")  # no script runs at all

    wrong = browser.post("/ui/login", data={"username": name, "password": "not the password at all",
                                            "csrf_token": csrf_token(form)})
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    assert SESSION_COOKIE not in browser.cookies
    assert "not the password" not in wrong.text

    signed_in = web_login(api, name)
    cookie = signed_in.cookies[SESSION_COOKIE]
    # A browser holding a known session value logs in: that value does not survive the new login.
    again = TestClient(api.app, follow_redirects=False, cookies={SESSION_COOKIE: cookie})
    relogin = again.post("/ui/login", data={"username": name, "password": PASSWORD,
                                            "csrf_token": csrf_token(again.get("/ui/login"))})
    flags = relogin.headers["set-cookie"].lower()
    assert "httponly" in flags and "samesite=strict" in flags
    assert relogin.status_code == 303 and relogin.cookies[SESSION_COOKIE] != cookie
    assert signed_in.get("/ui/").headers["location"] == "/ui/login"
    signed_in = web_login(api, name)
    cookie = signed_in.cookies[SESSION_COOKIE]
    home = signed_in.get("/ui/")
    assert home.status_code == 200 and name in home.text and "公示审查员" in home.text
    assert signed_in.get("/v1/auth/me").json()["username"] == name  # the API's own session

    out = signed_in.post("/ui/logout", data={"csrf_token": csrf_token(home)})
    assert out.status_code == 303 and out.headers["location"] == "/ui/login"
    # The session is gone server-side, not just forgotten by this browser.
    replay = TestClient(api.app, follow_redirects=False, cookies={SESSION_COOKIE: cookie})
    assert replay.get("/ui/").headers["location"] == "/ui/login"


def test_every_post_form_needs_its_csrf_token(runtime: Runtime, api: TestClient) -> None:
    name = add_person(runtime, Role.PUBLICITY_OFFICER)
    batch = checked_batch(runtime, store(runtime, [penalty(1)]))

    # Login: no double-submit cookie, or a token that does not match it.
    stranger = TestClient(api.app, follow_redirects=False)
    refused = stranger.post("/ui/login", data={"username": name, "password": PASSWORD, "csrf_token": "x" * 43})
    assert refused.status_code == 403 and "CSRF" in refused.text
    stranger.get("/ui/login")
    refused = stranger.post("/ui/login", data={"username": name, "password": PASSWORD, "csrf_token": "y" * 43})
    assert refused.status_code == 403 and SESSION_COOKIE not in stranger.cookies

    officer = web_login(api, name)
    other = web_login(api, name)  # the same person's second session has its own token
    page = officer.get(f"/ui/review/batches/{batch.id}")
    foreign_token = csrf_token(other.get("/ui/"))
    for token in ("", "0" * 64, foreign_token):
        answer = officer.post(f"/ui/review/batches/{batch.id}/approve", data={"reason": "", "csrf_token": token})
        assert answer.status_code == 403 and "CSRF" in answer.text
    assert officer.post("/ui/logout", data={}).status_code == 403
    with Session(runtime.engine) as session:
        assert session.get(DisclosureBatch, batch.id).state == "checked"  # type: ignore[union-attr]

    ok = officer.post(f"/ui/review/batches/{batch.id}/approve", data={"csrf_token": csrf_token(page)})
    assert ok.status_code == 303

    # The public search has no session: its token is the double-submit kind.
    public = TestClient(api.app)
    assert public.post("/gongshi", data={"party_name": "张三", "csrf_token": "z" * 43}).status_code == 403
    listing = public.get("/gongshi")
    assert public.post("/gongshi", data={"party_name": "张三", "csrf_token": csrf_token(listing)}).status_code == 200


def _denials(runtime: Runtime, name: str) -> int:
    with Session(runtime.engine) as session:
        return len(session.exec(select(AuditEntry).where(
            col(AuditEntry.actor) == name, col(AuditEntry.action) == "access.denied")).all())


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (Role.PUBLICITY_OFFICER, REVIEW_PAGES, KEY_PAGES + AUDIT_PAGES),
        (Role.SECURITY_OFFICER, KEY_PAGES + AUDIT_PAGES, REVIEW_PAGES),
        (Role.AUDITOR, AUDIT_PAGES, REVIEW_PAGES + KEY_PAGES),
        (Role.ADMIN, (), REVIEW_PAGES + KEY_PAGES + AUDIT_PAGES),
    ],
)
def test_pages_check_the_role_server_side(
    runtime: Runtime, api: TestClient, role: Role, allowed: tuple[str, ...], refused: tuple[str, ...]
) -> None:
    name = add_person(runtime, role)
    browser = web_login(api, name)
    for path in allowed:
        assert browser.get(path).status_code == 200, path
    for path in refused:
        answer = browser.get(path)
        assert answer.status_code == 403, path
        assert "无权访问" in answer.text
    assert _denials(runtime, name) == len(refused)  # every refusal is on the audit trail
    anonymous = TestClient(api.app, follow_redirects=False)
    for path in allowed + refused:
        assert anonymous.get(path).headers["location"] == "/ui/login"


@pytest.mark.parametrize("role", [Role.SECURITY_OFFICER, Role.AUDITOR, Role.ADMIN])
def test_other_roles_cannot_see_or_change_a_batch(runtime: Runtime, api: TestClient, role: Role) -> None:
    batch = checked_batch(runtime, store(runtime, [penalty(1)]))
    browser = web_login(api, add_person(runtime, role))
    token = csrf_token(browser.get("/ui/"))
    page = browser.get(f"/ui/review/batches/{batch.id}")
    assert page.status_code == 403 and "违法事实" not in page.text
    for action in ("approve", "reject", "publish"):
        answer = browser.post(f"/ui/review/batches/{batch.id}/{action}", data={"reason": "x", "csrf_token": token})
        assert answer.status_code == 403
    with Session(runtime.engine) as session:
        assert session.get(DisclosureBatch, batch.id).state == "checked"  # type: ignore[union-attr]
