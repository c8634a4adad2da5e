"""The disclosure routes through HTTP: officers signed in with real sessions, the public listing without."""

from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc

import httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from hub.api.app import create_app
from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.disclosure import listing
from hub.disclosure.models import DisclosureBatch
from hub.users.services import add_user
from hub.users.sessions import start_session
from tests.integration.disclosure.helpers import TODAY, approve_confirm_publish, checked_batch, penalty, store

pytestmark = pytest.mark.integration
ADMIN = Principal(name="admin", role=Role.ADMIN)
PASSWORD = "correct horse battery staple 42"


def _signed_in(runtime: Runtime, username: str, role: Role = Role.PUBLICITY_OFFICER) -> dict[str, str]:
    add_user(engine=runtime.engine, actor=ADMIN, username=username, role=role, password=PASSWORD)
    return {"cookie": f"hub_session={start_session(engine=runtime.engine, username=username)}"}


def _ok(response: httpx.Response) -> dict:  # type: ignore[type-arg]
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_officer_routes_need_a_publicity_officer(runtime: Runtime, api: TestClient) -> None:
    assert api.get("/v1/disclosure/batches").status_code == 401
    auditor = _signed_in(runtime, "auditor.one", Role.AUDITOR)
    assert api.get("/v1/disclosure/batches", headers=auditor).status_code == 403
    batch = checked_batch(runtime, store(runtime, [penalty(1)]))
    for path in ("approve", "reject"):
        refused = api.post(f"/v1/disclosure/batches/{batch.id}/{path}", headers=auditor, json={"reason": "x"})
        assert refused.status_code == 403
        assert api.post(f"/v1/disclosure/batches/{batch.id}/{path}", json={"reason": "x"}).status_code == 401
    with Session(runtime.engine) as session:
        assert session.get(DisclosureBatch, batch.id).state == "checked"  # type: ignore[union-attr]
    check = {"record_type": "admin_penalty", "fields": {"违法事实": "联系电话13812345678"}}
    assert api.post("/v1/redaction:check", json=check).status_code == 401
    assert api.get("/v1/public/disclosures").status_code == 200  # the listing is public
    officer = _signed_in(runtime, "officer.c")
    too_long = api.post("/v1/redaction:check", headers=officer,
                        json={"record_type": "admin_penalty", "fields": {"违法事实": "联系电话13812345678" * 2000}})
    assert too_long.status_code == 422 and "13812345678" not in too_long.text


def test_review_and_publication_through_the_api(runtime: Runtime, api: TestClient) -> None:
    department = store(runtime, [penalty(i, facts=f"当事人销售过期食品，联系电话1391234567{i}。") for i in range(3)])
    a, b = _signed_in(runtime, "officer.a"), _signed_in(runtime, "officer.b")

    checked = _ok(api.post("/v1/redaction:check", headers=a,
                           json={"record_type": "admin_penalty", "fields": {"违法事实": "联系电话13812345678"}}))
    assert [f["entity_type"] for f in checked["findings"]] == ["PHONE_NUMBER"]

    batch = _ok(api.post("/v1/disclosure/batches", headers=a, json={
        "department": department, "record_type": "admin_penalty", "date_from": "2000-01-01",
        "date_to": TODAY.isoformat()}))
    assert batch["state"] == "checked" and batch["items"] == 3
    detail = _ok(api.get(f"/v1/disclosure/batches/{batch['id']}", headers=a))
    phone = next(f for f in detail["items"][0]["findings"] if f["entity_type"] == "PHONE_NUMBER")
    assert "1391234567" not in str(detail) and phone["text"] is None
    shown = _ok(api.get(f"/v1/disclosure/batches/{batch['id']}?with_original=true", headers=a))
    number = next(f["text"] for f in shown["items"][0]["findings"] if f["id"] == phone["id"])
    assert number.startswith("1391234567")
    decided = _ok(api.post(f"/v1/disclosure/findings/{phone['id']}/decision", headers=a,
                           json={"decision": "reject", "reason": "单位公开的服务电话"}))
    assert decided["status"] == "rejected"

    _ok(api.post(f"/v1/disclosure/batches/{batch['id']}/approve", headers=a, json={}))
    same = api.post(f"/v1/disclosure/batches/{batch['id']}/confirm", headers=a, json={})
    assert same.status_code == 403 and "different officer" in same.json()["detail"]
    early = api.post(f"/v1/disclosure/batches/{batch['id']}/publish", headers=b)
    assert early.status_code == 409
    _ok(api.post(f"/v1/disclosure/batches/{batch['id']}/confirm", headers=b, json={"reason": "复核无误"}))
    assert _ok(api.post(f"/v1/disclosure/batches/{batch['id']}/publish", headers=b))["state"] == "published"

    found = _ok(api.post("/v1/public/disclosures:search", json={"decision_number": "资市监罚"}))
    assert found["total"] == 3
    texts = [r["fields"]["违法事实"] for r in found["records"]]
    assert f"当事人销售过期食品，联系电话{number}。" in texts  # the rejected finding: published as is
    assert sum("［电话］" in t for t in texts) == 2

    entry = found["records"][0]["id"]
    objection = _ok(api.post(f"/v1/disclosure/entries/{entry}/objections", headers=a, json={"ground": "有误"}))
    assert api.get(f"/v1/public/disclosures/{entry}").status_code == 404
    _ok(api.post(f"/v1/disclosure/objections/{objection['id']}/decision", headers=b,
                 json={"decision": "dismiss", "reason": "无误"}))
    assert api.get(f"/v1/public/disclosures/{entry}").status_code == 200


def test_upload_errors_name_rows_and_fields_but_never_values(runtime: Runtime, api: TestClient) -> None:
    department = store(runtime, [penalty(1)])
    a = _signed_in(runtime, "officer.a")
    fields = penalty(7)["fields"]
    bad_id = str(fields["证件号码"])[:-1] + "Q"  # type: ignore[index]
    fields["证件号码"] = bad_id  # type: ignore[index]
    columns = list(fields)  # type: ignore[arg-type]
    content = (",".join(columns) + "\n" + ",".join(str(fields[c]) for c in columns) + "\n").encode()  # type: ignore[index]
    response = api.post("/v1/disclosure/batches/upload", headers=a,
                        data={"department": department, "record_type": "admin_penalty"},
                        files={"file": ("处罚.csv", content, "text/csv")})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "证件号码"
    assert bad_id not in response.text and str(fields["行政相对人名称"]) not in response.text  # type: ignore[index]
    with Session(runtime.engine) as session:
        assert session.exec(select(DisclosureBatch)).all() == []


def test_a_5_kb_workbook_claiming_a1_xfd1048576_is_refused_in_bounded_memory(
    runtime: Runtime, api: TestClient
) -> None:
    department = store(runtime, [penalty(1)])
    a = _signed_in(runtime, "officer.a")
    book = openpyxl.Workbook()
    book.active["A1"] = "行政相对人名称"  # type: ignore[index]
    book.active["XFD1048576"] = "512002199003071230"  # type: ignore[index]
    buffer = io.BytesIO()
    book.save(buffer)
    bomb = buffer.getvalue()
    assert len(bomb) < 6 * 1024
    tracemalloc.start()
    try:
        response = api.post("/v1/disclosure/batches/upload", headers=a,
                            data={"department": department, "record_type": "admin_penalty"},
                            files={"file": ("处罚.xlsx", bomb, "application/octet-stream")})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 422, response.text
    assert "max_columns" in response.text and "512002199003071230" not in response.text
    assert peak < 16 * 1024 * 1024  # the whole request, sessions and audit included; openpyxl needed gigabytes
    with Session(runtime.engine) as session:
        assert session.exec(select(DisclosureBatch)).all() == []


def test_the_scheduled_job_withdraws_expired_entries(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided = TODAY - dt.timedelta(days=500)
    department = store(runtime, [penalty(1, decided=decided)])
    approve_confirm_publish(runtime, checked_batch(runtime, department).id, today=decided + dt.timedelta(days=10))
    assert listing.search_listing(engine=runtime.engine, query=listing.ListingQuery()).total == 1
    monkeypatch.setenv("HUB_DISCLOSURE_EXPIRE_INTERVAL_SECONDS", "0.2")
    with TestClient(create_app(runtime)) as client:
        deadline = time.monotonic() + 15
        while client.get("/v1/public/disclosures").json()["total"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.get("/v1/public/disclosures").json()["total"] == 0
