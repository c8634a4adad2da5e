"""The public 公示信息查询 page and the 安全管理 pages (keys, audit verification, access review)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from hub.audit.models import AuditEntry
from hub.core.db import transaction
from hub.core.principals import Role
from hub.core.runtime import Runtime
from keys.names import SUBJECT_TOKEN_KEY, department_kek
from tests.integration.disclosure.helpers import approve_confirm_publish, checked_batch, penalty, store
from tests.integration.web.conftest import add_person, csrf_token, web_login

pytestmark = pytest.mark.integration


def test_public_search_by_name_number_agency_and_date(runtime: Runtime, api: TestClient) -> None:
    recent = dt.date.today() - dt.timedelta(days=10)
    older = dt.date.today() - dt.timedelta(days=40)
    records = [penalty(1, decided=recent, 行政相对人名称="欧阳娜娜"), penalty(2, decided=older, 行政相对人名称="李四")]
    party_ids = [str(r["fields"]["证件号码"]) for r in records]  # type: ignore[index]
    batch = checked_batch(runtime, store(runtime, records))
    approve_confirm_publish(runtime, batch.id)

    visitor = TestClient(api.app)  # nobody logs in
    first = visitor.get("/gongshi")
    assert first.status_code == 200 and "共 2 条" in first.text and "欧阳娜娜" in first.text
    token = csrf_token(first)

    def search(**form: str) -> str:
        answer = visitor.post("/gongshi", data={**form, "csrf_token": token})
        assert answer.status_code == 200, answer.text
        assert "欧阳" not in str(answer.url)  # the name went in the body, not the URL
        return answer.text

    by_name = search(party_name="欧阳")
    assert "共 1 条" in by_name and "资市监罚〔2023〕1号" in by_name and 'value="欧阳"' in by_name
    assert "共 1 条" in search(decision_number="〔2023〕2号")
    assert "共 2 条" in search(agency="资阳市市场监督管理局")
    assert "共 0 条" in search(agency="成都市")
    assert "共 1 条" in search(date_from=(recent - dt.timedelta(days=1)).isoformat())
    assert "共 1 条" in search(date_to=(older + dt.timedelta(days=1)).isoformat(), record_type="admin_penalty")
    assert "共 0 条" in search(record_type="admin_license")
    for text in (first.text, by_name):
        assert all(value not in text for value in party_ids)  # 证件号码 is never published

    bad = visitor.post("/gongshi", data={"date_from": "2024-13-40", "party_name": "李四", "csrf_token": token})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text and 'value="李四"' in bad.text
    long = visitor.post("/gongshi", data={"party_name": "李" * 500, "csrf_token": token})
    assert long.status_code == 422 and "输入过长" in long.text


def test_security_pages_show_keys_verification_and_review(runtime: Runtime, api: TestClient) -> None:
    department = store(runtime, [penalty(1)])
    officer_name = add_person(runtime, Role.SECURITY_OFFICER)
    officer = web_login(api, officer_name)

    keys = officer.get("/ui/security/keys")
    assert keys.status_code == 200 and "密钥状态" in keys.text
    assert f"<code>{SUBJECT_TOKEN_KEY}</code>" in keys.text and "当前 v1" in keys.text
    row = keys.text.split(f"<code>{department_kek(department)}</code>")[1].split("</tr>")[0]
    assert "v1：1" in row  # the department's key wraps one DEK, under version 1

    verified = officer.get("/ui/security/verify")
    assert verified.status_code == 200 and "审计链完整" in verified.text

    # An intruder's repeated refusals are flagged in the access review.
    publicity = web_login(api, add_person(runtime, Role.PUBLICITY_OFFICER, "curious.officer"))
    for _ in range(3):
        assert publicity.get("/ui/security/keys").status_code == 403
    review = officer.get("/ui/security/review")
    assert review.status_code == 200 and "curious.officer" in review.text and "多次被拒绝" in review.text
    csv_link = review.text.split('class="button" href="')[1].split('"')[0].replace("&amp;", "&")
    exported = officer.get(csv_link)
    assert exported.status_code == 200 and exported.text.startswith("day,actor,role")
    assert "curious.officer" in exported.text and "repeated_denials" in exported.text
    assert officer.get("/ui/security/review?since=2025-02-01&until=2025-01-01").status_code == 422

    # Tampering shows as a broken chain, in Chinese.
    with transaction(runtime.engine) as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(action="tampered"))  # type: ignore[arg-type]
    broken = officer.get("/ui/security/verify")
    assert "审计链已被破坏" in broken.text and "第 2 条" in broken.text
