"""One end-to-end run in headless Chromium against a real hub (uvicorn, OpenBao, PostgreSQL):
log in, open a batch, see its redacted text, and keep a screenshot (Chinese must render, not boxes).

Chromium comes from Debian (`apt-get install chromium fonts-noto-cjk`), Playwright from PyPI. Without
them the test skips, except under CI=true, where it fails: CI installs both.
"""

from __future__ import annotations

import importlib.util
import os
import random
from pathlib import Path

import pytest

from hub.core.principals import Principal, Role
from hub.users import services as users
from tests.hub_fixtures import HubServer
from tests.integration.disclosure.helpers import checked_batch, penalty, private_facts, store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
PASSWORD = "correct horse battery staple"


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install playwright)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    return None


@pytest.fixture
def browser_ready() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the browser test cannot run: {reason}")
    pytest.skip(reason)


@pytest.mark.integration
@pytest.mark.postgres
def test_officer_reviews_a_batch_in_chromium(browser_ready: None, hub_server: HubServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    runtime = hub_server.runtime
    facts, private = private_facts("王某某", random.Random(3))
    batch = checked_batch(runtime, store(runtime, [penalty(1, facts=facts)]))
    users.add_user(engine=runtime.engine, actor=Principal(name="bootstrap", role=Role.ADMIN), username="li.na",
                   role=Role.PUBLICITY_OFFICER, password=PASSWORD)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page.goto(f"{hub_server.url}/ui/review")
            expect(page).to_have_url(f"{hub_server.url}/ui/login")  # not logged in: sent to the form
            page.get_by_label("用户名").fill("li.na")
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            expect(page.get_by_role("heading", name="欢迎，li.na")).to_be_visible()

            page.get_by_role("link", name="公示审查").first.click()
            page.get_by_role("link", name=batch.id[:8]).click()
            expect(page.get_by_role("heading", name="第 1 条记录")).to_be_visible()
            facts_cell = page.locator("table.fields tr", has_text="违法事实").locator("td")
            expect(facts_cell).to_contain_text("［电话］")
            expect(facts_cell).to_contain_text("［身份证号］")
            expect(page.locator("mark.finding").first).to_be_visible()
            content = page.content()
            assert all(value not in content for value in private)

            shot = tmp_path / "review-batch.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            print(f"screenshot: {shot}")  # look at it: Chinese glyphs, not boxes
        finally:
            browser.close()
