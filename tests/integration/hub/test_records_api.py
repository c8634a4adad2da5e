"""The record pipeline end to end: signed API → validation → OpenBao tokens → AES-GCM fields → database."""

from __future__ import annotations

import base64
import copy
import json
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from crypto.sealed import generate_box_keypair, open_sealed
from crypto.signing import sign_request
from hub.audit.models import AuditEntry
from hub.core.runtime import Runtime
from hub.records.models import Record
from tests.factories import id_number, penalty_record, tax_rating_record
from tests.hub_fixtures import SignedClient, register

pytestmark = pytest.mark.integration


def _count(runtime: Runtime, model: type) -> int:
    with runtime.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_batch_is_stored_and_read_back(department: SignedClient) -> None:
    batch = [penalty_record(i) for i in range(20)]
    response = department.post("/v1/records:batch", {"records": batch})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] == 20 and body["duplicates"] == 0
    for sent, stored in zip(batch, body["records"], strict=True):
        assert stored["source_record_id"] == sent["source_record_id"]
        record = department.get(f"/v1/records/{stored['id']}")
        assert record.status_code == 200
        assert record.json()["fields"] == sent["fields"]
        assert record.json()["record_type"] == "admin_penalty"


def test_resending_a_batch_is_idempotent(department: SignedClient, runtime: Runtime) -> None:
    batch = [penalty_record(i) for i in range(5)]
    first = department.post("/v1/records:batch", {"records": batch}).json()
    again = department.post("/v1/records:batch", {"records": [*batch, penalty_record(99)]}).json()
    assert again["stored"] == 1 and again["duplicates"] == 5
    assert [r["id"] for r in again["records"][:5]] == [r["id"] for r in first["records"]]
    assert _count(runtime, Record) == 6


def test_invalid_records_refuse_the_whole_batch_without_echoing_values(
    department: SignedClient, runtime: Runtime
) -> None:
    batch = [penalty_record(i) for i in range(6)]
    good_id = batch[1]["fields"]["证件号码"]  # type: ignore[index]
    bad_id = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    batch[1]["fields"]["证件号码"] = bad_id  # type: ignore[index]
    batch[3]["fields"]["处罚决定日期"] = "2023-02-30"  # type: ignore[index]
    del batch[4]["fields"]["行政处罚决定书文号"]  # type: ignore[attr-defined]
    batch[5]["record_type"] = "no_such_type"
    audit_before = _count(runtime, AuditEntry)

    response = department.post("/v1/records:batch", {"records": batch})

    assert response.status_code == 422
    errors = {(e["index"], e["field"], e["reason"]) for e in response.json()["errors"]}
    assert errors == {
        (1, "证件号码", "check character mismatch"),
        (3, "处罚决定日期", "must be a date YYYY-MM-DD"),
        (4, "行政处罚决定书文号", "required"),
        (5, "record_type", "unknown record type"),
    }
    codes = {(e["index"], e["code"], e["message"]) for e in response.json()["errors"]}
    assert codes == {
        (1, "id_number.check_character", "公民身份号码的校验码不正确"),
        (3, "record.date_format", "应为日期（YYYY-MM-DD）"),
        (4, "record.required", "必填"),
        (5, "record.unknown_type", "未知的记录类型"),
    }
    body = response.json()
    assert (body["code"], body["detail"]) == ("batch.rejected", "batch rejected: 4 invalid records")
    assert body["message"] == "整批被拒收：4 条记录有误，本批记录均未保存。"
    assert bad_id not in response.text
    assert _count(runtime, Record) == 0
    assert _count(runtime, AuditEntry) == audit_before


def test_record_type_outside_the_grant_is_a_record_error(runtime: Runtime, api: TestClient) -> None:
    dept = SignedClient(api, register(runtime, record_types=["tax_credit_rating"]))
    response = dept.post("/v1/records:batch", {"records": [penalty_record(1)]})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "index": 0,
            "field": "record_type",
            "reason": "record type not granted",
            "code": "record.type_not_granted",
            "message": "未获授权报送或查询该类记录",
        }
    ]


def test_source_record_id_must_not_carry_an_id_number(department: SignedClient) -> None:
    record = penalty_record(1)
    record["source_record_id"] = f"row-{record['fields']['证件号码']}"  # type: ignore[index]
    response = department.post("/v1/records:batch", {"records": [record]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "source_record_id"
    assert record["fields"]["证件号码"] not in response.text  # type: ignore[index]


def test_lookup_finds_one_person_across_departments_and_number_forms(
    runtime: Runtime, api: TestClient
) -> None:
    person = "51200219800101000X"  # 资阳 code: stdnum's region table would reject it; we must not
    legacy = "512002800101000"  # the same person's 15-digit number
    market = SignedClient(api, register(runtime))
    tax = SignedClient(api, register(runtime))
    hr = SignedClient(api, register(runtime, purposes=["职称评定"]))
    assert (
        market.post(
            "/v1/records:batch", {"records": [penalty_record(1, person_id=legacy, name="欧阳娜")]}
        ).status_code
        == 200
    )
    assert (
        tax.post(
            "/v1/records:batch",
            {
                "records": [
                    tax_rating_record(1, person_id="５１２００２ １９８００１０１ ０００x", name="欧阳娜")
                ]
            },
        ).status_code
        == 200
    )
    assert market.post("/v1/records:batch", {"records": [penalty_record(2)]}).status_code == 200

    response = hr.post("/v1/subjects:lookup", {"id_number": person.lower(), "purpose": "职称评定"})

    assert response.status_code == 200, response.text
    found = response.json()["records"]
    assert sorted(r["record_type"] for r in found) == ["admin_penalty", "tax_credit_rating"]
    assert {r["fields"]["证件号码"] for r in found} == {person}


def test_lookup_needs_a_granted_purpose_and_is_audited(runtime: Runtime, api: TestClient) -> None:
    hr = SignedClient(api, register(runtime, purposes=["职称评定"]))
    response = hr.post("/v1/subjects:lookup", {"id_number": id_number(), "purpose": "担任企业负责人"})
    assert response.status_code == 403
    with runtime.engine.connect() as conn:
        last = conn.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()  # type: ignore[attr-defined]
    assert (last.action, last.outcome, last.actor) == ("subjects.lookup", "denied", hr.keys.code)


def test_lookup_rejects_an_invalid_number_without_echo(department: SignedClient) -> None:
    response = department.post(
        "/v1/subjects:lookup", {"id_number": "512002198001010021", "purpose": "职称评定"}
    )
    assert response.status_code == 422
    assert "512002198001010021" not in response.text
    assert "check character mismatch" in response.text


def test_fields_outside_the_grant_are_not_returned(runtime: Runtime, api: TestClient) -> None:
    person = id_number()
    market = SignedClient(api, register(runtime))
    narrow = SignedClient(api, register(runtime, fields=["行政相对人名称", "处罚类别"]))
    market.post("/v1/records:batch", {"records": [penalty_record(1, person_id=person)]})
    found = narrow.post("/v1/subjects:lookup", {"id_number": person, "purpose": "职称评定"}).json()["records"]
    assert set(found[0]["fields"]) == {"行政相对人名称", "处罚类别"}


def test_sealed_lookup_opens_only_with_the_right_key(department: SignedClient) -> None:
    person = id_number()
    department.post("/v1/records:batch", {"records": [penalty_record(1, person_id=person)]})
    private, public = generate_box_keypair()
    other_private, _ = generate_box_keypair()
    response = department.post(
        "/v1/subjects:lookup", {"id_number": person, "purpose": "职称评定", "seal_to": public}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"sealed"} and person not in response.text
    sealed = base64.b64decode(body["sealed"])
    opened = json.loads(open_sealed(private_key_b64=private, blob=sealed))
    assert opened["records"][0]["fields"]["证件号码"] == person
    with pytest.raises(Exception):
        open_sealed(private_key_b64=other_private, blob=sealed)


def test_other_departments_cannot_read_a_record(
    runtime: Runtime, api: TestClient, department: SignedClient
) -> None:
    stored = department.post("/v1/records:batch", {"records": [penalty_record(1)]}).json()["records"][0]
    other = SignedClient(api, register(runtime))
    assert other.get(f"/v1/records/{stored['id']}").status_code == 404
    assert department.get("/v1/records/00000000-0000-0000-0000-000000000000").status_code == 404


def test_each_read_and_write_is_audited(runtime: Runtime, department: SignedClient) -> None:
    before = _count(runtime, AuditEntry)
    stored = department.post("/v1/records:batch", {"records": [penalty_record(1)]}).json()["records"][0]
    department.get(f"/v1/records/{stored['id']}")
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(AuditEntry).where(AuditEntry.seq > before).order_by(AuditEntry.seq)).all()  # type: ignore[arg-type]
    assert [(r.action, r.actor) for r in rows] == [
        ("records.submit", department.keys.code),
        ("records.read", department.keys.code),
    ]
    assert rows[1].subject_token and rows[1].subject_token.startswith("vault:v1:")
    assert rows[1].prev_hash == rows[0].entry_hash


class TestRequestAuthentication:
    def test_bad_signature_is_401(self, department: SignedClient, api: TestClient) -> None:
        body = json.dumps({"records": [penalty_record(1)]}).encode()
        headers = sign_request(
            private_key_b64=department.keys.signing_private_key_b64,
            department=department.keys.code,
            method="POST",
            path="/v1/records:batch",
            body=body,
        )
        tampered = body.replace(b"CF-000001", b"CF-000002")
        response = api.post("/v1/records:batch", content=tampered, headers=headers)
        assert response.status_code == 401

    def test_unknown_department_is_401(self, api: TestClient, department: SignedClient) -> None:
        stranger = copy.copy(department.keys)
        stranger.code = "nobody"
        assert SignedClient(api, stranger).get("/v1/catalog").status_code == 401

    def test_stale_timestamp_is_401(self, department: SignedClient, api: TestClient) -> None:
        headers = sign_request(
            private_key_b64=department.keys.signing_private_key_b64,
            department=department.keys.code,
            method="GET",
            path="/v1/catalog",
            body=b"",
            timestamp=int(time.time()) - 3600,
        )
        response = api.get("/v1/catalog", headers=headers)
        assert response.status_code == 401 and response.json()["detail"] == "stale timestamp"

    def test_replay_is_409(self, department: SignedClient, api: TestClient) -> None:
        headers = sign_request(
            private_key_b64=department.keys.signing_private_key_b64,
            department=department.keys.code,
            method="GET",
            path="/v1/catalog",
            body=b"",
        )
        assert api.get("/v1/catalog", headers=headers).status_code == 200
        replayed = api.get("/v1/catalog", headers=headers)
        assert replayed.status_code == 409 and replayed.json()["code"] == "signature.replayed"

    def test_oversized_body_is_413(self, department: SignedClient) -> None:
        response = department.request("POST", "/v1/records:batch", raw=b"{" + b" " * (9 * 1024 * 1024) + b"}")
        assert response.status_code == 413
        assert response.json() == {"code": "request.too_large", "detail": "request body too large",
                                   "message": "请求内容过大。"}

    def test_schema_error_is_422_without_echo(self, department: SignedClient) -> None:
        record = penalty_record(1)
        record["fields"] = ["not", "a", "mapping", record["fields"]["证件号码"]]  # type: ignore[index]
        response = department.post("/v1/records:batch", {"records": [record]})
        assert response.status_code == 422
        assert record["fields"][3] not in response.text  # type: ignore[index]
        body = response.json()
        assert (body["code"], body["message"]) == ("request.invalid", "请求内容不符合要求。")
        assert {e["code"] for e in body["errors"]} == {"form.invalid"}
        assert all(e["loc"][-1] == "fields" and e["message"] == "字段填写有误。" for e in body["errors"])

    def test_more_than_1000_records_is_422(self, department: SignedClient) -> None:
        record = penalty_record(1)
        response = department.post("/v1/records:batch", {"records": [record] * 1001})
        assert response.status_code == 422
