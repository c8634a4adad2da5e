"""The 公示审查 flow through the forms: create, see redacted drafts, decide, approve, confirm, publish."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from hub.core.principals import Role
from hub.core.runtime import Runtime
from hub.disclosure.models import DisclosureBatch, DisclosureFinding
from tests.factories import id_number
from tests.integration.disclosure.helpers import TODAY, penalty, private_facts, store
from tests.integration.web.conftest import add_person, csrf_token, web_login

pytestmark = pytest.mark.integration
_FINDING = re.compile(r'<tr id="finding-(\d+)" class="status-accepted">\s*<td>#\d+</td>\s*<td>违法事实</td>\s*'
                      r"<td>电话号码</td>")


def _state(runtime: Runtime, batch_id: str) -> str:
    with Session(runtime.engine) as session:
        batch = session.get(DisclosureBatch, batch_id)
        assert batch is not None
        return batch.state


def test_review_flow_through_the_forms(runtime: Runtime, api: TestClient) -> None:
    rng = random.Random(7)
    facts, private = private_facts("王某某", rng)
    minor = id_number(rng, born=TODAY - dt.timedelta(days=365 * 15))
    plain = "当事人销售超过保质期的食品。"
    records = [penalty(1, facts=facts), penalty(2, facts=plain), penalty(3, facts=plain, 证件号码=minor)]
    party_ids = [str(r["fields"]["证件号码"]) for r in records]  # type: ignore[index]
    department = store(runtime, records)
    a = web_login(api, add_person(runtime, Role.PUBLICITY_OFFICER, "officer.a"))
    b = web_login(api, add_person(runtime, Role.PUBLICITY_OFFICER, "officer.b"))

    listing = a.get("/ui/review")
    assert department in listing.text  # offered in the department list
    created = a.post("/ui/review/batches", data={
        "department": department, "record_type": "admin_penalty", "date_from": "2000-01-01",
        "date_to": TODAY.isoformat(), "csrf_token": csrf_token(listing)})
    assert created.status_code == 303
    batch_url = created.headers["location"]
    batch_id = batch_url.rsplit("/", 1)[1]
    assert _state(runtime, batch_id) == "checked"

    page = a.get(batch_url)
    assert page.status_code == 200 and "已检查，待审查" in page.text
    # Redacted drafts only: no ID number (party's or witness's), no phone, no 证件号码 value.
    for value in [*private, *party_ids]:
        assert value not in page.text
    assert "［身份证号］" in page.text and "［电话］" in page.text
    assert "（依规定不公示）" in page.text
    phone_finding = int(_FINDING.search(page.text).group(1))  # type: ignore[union-attr]
    # The phone's replacement in the draft is highlighted and linked to its finding.
    assert f"［电话］<sup>#{phone_finding}</sup></mark>" in page.text
    assert "当事人为未成年人" in page.text  # art. 5: the officer must decide
    token = csrf_token(page)

    no_reason = a.post(f"/ui/review/findings/{phone_finding}", data={
        "decision": "reject", "reason": " ", "batch_id": batch_id, "offset": "0", "csrf_token": token})
    assert no_reason.status_code == 422 and "请填写理由" in no_reason.text
    rejected = a.post(f"/ui/review/findings/{phone_finding}", data={
        "decision": "reject", "reason": "单位公开的服务电话", "batch_id": batch_id, "offset": "0", "csrf_token": token})
    assert rejected.status_code == 303
    with Session(runtime.engine) as session:
        assert session.get(DisclosureFinding, phone_finding).status == "rejected"  # type: ignore[union-attr]
    assert "已驳回（误报）" in a.get(batch_url).text

    early = a.post(f"{batch_url}/approve", data={"csrf_token": token})
    assert early.status_code == 409 and "有 1 条记录需要审查员先作出是否公示的决定" in early.text
    item_id = re.search(r'action="/ui/review/items/([0-9a-f-]{36})"', page.text).group(1)  # type: ignore[union-attr]
    decided = a.post(f"/ui/review/items/{item_id}", data={
        "decision": "withhold", "reason": "当事人未成年", "batch_id": batch_id, "offset": "0", "csrf_token": token})
    assert decided.status_code == 303
    assert a.post(f"{batch_url}/approve", data={"reason": "", "csrf_token": token}).status_code == 303
    assert _state(runtime, batch_id) == "approved"

    same = a.post(f"{batch_url}/confirm", data={"csrf_token": token})
    assert same.status_code == 403 and "四眼原则" in same.text
    assert _state(runtime, batch_id) == "approved"
    too_early = b.post(f"{batch_url}/publish", data={"csrf_token": csrf_token(b.get(batch_url))})
    assert too_early.status_code == 409 and "不能执行“发布”" in too_early.text
    b_token = csrf_token(b.get(batch_url))
    assert b.post(f"{batch_url}/confirm", data={"reason": "复核无误", "csrf_token": b_token}).status_code == 303
    assert b.post(f"{batch_url}/publish", data={"csrf_token": b_token}).status_code == 303
    assert _state(runtime, batch_id) == "published"
    assert "已发布" in b.get(batch_url).text

    public = TestClient(api.app)
    listing_token = csrf_token(public.get("/gongshi"))
    shown = public.post("/gongshi", data={"decision_number": "资市监罚", "csrf_token": listing_token})
    assert "共 2 条" in shown.text  # the minor's record was withheld
    assert private[1] in shown.text  # the rejected phone finding: published as is
    assert private[0] not in shown.text and all(value not in shown.text for value in party_ids)


def test_unknown_batch_and_bad_input_get_chinese_pages(runtime: Runtime, api: TestClient) -> None:
    a = web_login(api, add_person(runtime, Role.PUBLICITY_OFFICER))
    token = csrf_token(a.get("/ui/review"))
    missing = a.get("/ui/review/batches/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404 and "找不到" in missing.text
    assert a.get("/ui/review/batches/not-an-id").status_code == 404
    bad_dates = a.post("/ui/review/batches", data={"department": "x", "record_type": "admin_penalty",
                                                    "date_from": "yesterday", "date_to": "", "csrf_token": token})
    assert bad_dates.status_code == 422 and "YYYY-MM-DD" in bad_dates.text
    nothing = a.post("/ui/review/batches", data={"department": "nope", "record_type": "admin_penalty",
                                                  "date_from": "2020-01-01", "date_to": "2020-02-01",
                                                  "csrf_token": token})
    assert nothing.status_code == 404 and "找不到该部门" in nothing.text
