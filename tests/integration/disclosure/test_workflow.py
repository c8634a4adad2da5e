"""The 双公示 workflow end to end: real redaction engine, real OpenBao, SQLite and real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping, Sequence

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from hub.audit.models import AuditEntry
from hub.audit.trail import hash_of
from hub.core.errors import BatchRejected, PermissionDenied
from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.disclosure import batches, listing, publication, remedies, review
from hub.disclosure.display import add_months
from hub.disclosure.errors import (
    DisclosureError,
    FourEyesViolation,
    IllegalTransition,
    InvalidDisclosureInput,
    RecordCheckRefused,
)
from hub.disclosure.models import DisclosureBatch, DisclosureTransition, PublishedEntry
from redaction.models import RecordCheck
from tests.factories import id_number, phone
from tests.integration.disclosure.helpers import (
    OFFICER_A,
    OFFICER_B,
    RECENT,
    TODAY,
    approve_confirm_publish,
    checked_batch,
    penalty,
    private_facts,
    store,
)

pytestmark = pytest.mark.integration


def _listing(runtime: Runtime, **query: object) -> listing.ListingPage:
    return listing.search_listing(engine=runtime.engine, query=listing.ListingQuery(**query))  # type: ignore[arg-type]


def test_private_data_in_the_facts_never_reaches_the_listing(runtime: Runtime, api: TestClient) -> None:
    rng = random.Random(5)
    sent, private = [], []
    for i in range(4):
        record = penalty(i)
        fields: dict[str, str] = record["fields"]  # type: ignore[assignment]
        facts, values = private_facts(fields["行政相对人名称"], rng)
        fields["违法事实"] = facts
        private += [*values, fields["证件号码"]]
        sent.append(record)
    department = store(runtime, sent)

    summary = checked_batch(runtime, department)
    assert summary.state == "checked" and summary.items == 4 and summary.findings >= 4 * 4
    published = approve_confirm_publish(runtime, summary.id)
    assert published.state == "published"

    page = _listing(runtime, limit=100)
    assert page.total == 4
    for record in page.records:
        assert "证件号码" not in record.fields and "证件类型" not in record.fields
        assert "［身份证号］" in record.fields["违法事实"] and "［电话］" in record.fields["违法事实"]
        assert record.party_name == record.fields["行政相对人名称"]  # the party stays named
    # The public API: nothing private anywhere in what it answers.
    everything = api.get("/v1/public/disclosures?limit=100").text
    searched = api.post("/v1/public/disclosures:search", json={"party_name": sent[0]["fields"]["行政相对人名称"]})  # type: ignore[index]
    assert searched.status_code == 200 and searched.json()["total"] >= 1
    one = api.get(f"/v1/public/disclosures/{page.records[0].id}")
    assert one.status_code == 200
    for text in (everything, searched.text, one.text):
        for value in private:
            assert value not in text
    # Only the approved redacted version is stored in clear; the personal values are in no clear column.
    with Session(runtime.engine) as session:
        stored = json.dumps([e.fields for e in session.exec(select(PublishedEntry)).all()], ensure_ascii=False)
    for value in private:
        assert value not in stored


def test_private_data_in_any_field_never_reaches_the_public_api(runtime: Runtime, api: TestClient) -> None:
    # Policy §1, default deny: departments paste anything into any column.
    rng = random.Random(7)
    mobile, complainant_phone = phone(rng), phone(rng)
    record = penalty(
        1,
        行政相对人代码_2=mobile,
        违法行为类型=f"投诉人孙丽娟（电话{complainant_phone}，住资阳市雁江区建设路88号3栋2单元501室）举报的无证经营",
        处罚依据="《中华人民共和国食品安全法》第一百二十二条，举报人周建国提供线索",
        备注="经办人邓文静",
    )
    department = store(runtime, [record])
    summary = checked_batch(runtime, department)
    approve_confirm_publish(runtime, summary.id)
    everything = api.get("/v1/public/disclosures?limit=100")
    assert everything.status_code == 200 and everything.json()["total"] == 1
    (listed,) = everything.json()["records"]
    one = api.get(f"/v1/public/disclosures/{listed['id']}").text
    for text in (everything.text, one):
        for value in (mobile, complainant_phone, "孙丽娟", "周建国", "邓文静", "建设路88号"):
            assert value not in text
    assert record["fields"]["行政相对人名称"] in one  # type: ignore[index]


def test_the_approving_officer_cannot_confirm(runtime: Runtime) -> None:
    department = store(runtime, [penalty(1)])
    summary = checked_batch(runtime, department)
    review.approve_batch(engine=runtime.engine, officer=OFFICER_A, batch_id=summary.id)

    with pytest.raises(FourEyesViolation):
        review.confirm_batch(engine=runtime.engine, officer=OFFICER_A, batch_id=summary.id)
    assert batches.get_batch(engine=runtime.engine, batch_id=summary.id).state == "approved"
    with Session(runtime.engine) as session:
        refused = session.exec(
            select(AuditEntry).where(AuditEntry.action == "disclosure.batch.confirm", AuditEntry.actor == "officer.a")
        ).all()
    assert [e.detail for e in refused] == ["refused: same officer as the approval"]

    confirmed = review.confirm_batch(engine=runtime.engine, officer=OFFICER_B, batch_id=summary.id)
    assert confirmed.state == "confirmed"
    assert (confirmed.approved_by, confirmed.confirmed_by) == ("officer.a", "officer.b")


def test_illegal_transitions_are_refused_and_every_step_is_recorded(runtime: Runtime) -> None:
    department = store(runtime, [penalty(1)])
    summary = checked_batch(runtime, department)
    with pytest.raises(IllegalTransition, match="batch is checked: 'publish' is not allowed"):
        publication.publish_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                                  batch_id=summary.id)
    with pytest.raises(IllegalTransition):
        review.confirm_batch(engine=runtime.engine, officer=OFFICER_B, batch_id=summary.id)
    approve_confirm_publish(runtime, summary.id)
    with pytest.raises(IllegalTransition):
        review.reject_batch(engine=runtime.engine, officer=OFFICER_B, batch_id=summary.id, reason="too late")
    with pytest.raises(PermissionDenied):
        review.approve_batch(engine=runtime.engine, officer=Principal("sec", Role.SECURITY_OFFICER),
                             batch_id=summary.id)

    with Session(runtime.engine) as session:
        steps = session.exec(
            select(DisclosureTransition)
            .where(DisclosureTransition.object_id == summary.id)
            .order_by(col(DisclosureTransition.id))
        ).all()
    assert [(s.from_state, s.to_state, s.actor) for s in steps] == [
        ("draft", "checked", "officer.a"),
        ("checked", "approved", "officer.a"),
        ("approved", "confirmed", "officer.b"),
        ("confirmed", "published", "officer.a"),
    ]
    assert all(s.at is not None for s in steps)


def test_a_rejected_finding_stays_visible_with_its_reason(runtime: Runtime) -> None:
    # 华为 is a company (public), but a plate-like code and a phone are in the text too.
    department = store(runtime, [penalty(1, facts="当事人销售假冒商品，客服电话13912345678，车辆川M12345。")])
    summary = checked_batch(runtime, department)
    draft = review.review_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                                batch_id=summary.id, with_original=True)
    plate = next(f for f in draft.items[0].findings if f.entity_type == "LICENSE_PLATE")
    assert plate.text == "川M12345"

    with pytest.raises(DisclosureError, match="reason"):
        review.decide_finding(engine=runtime.engine, officer=OFFICER_A, finding_id=plate.id, decision="reject")
    review.decide_finding(engine=runtime.engine, officer=OFFICER_A, finding_id=plate.id, decision="reject",
                          reason="单位车辆，非个人信息")

    after = review.review_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_B,
                                batch_id=summary.id)
    rejected = next(f for f in after.items[0].findings if f.id == plate.id)
    assert (rejected.status, rejected.reason, rejected.decided_by) == ("rejected", "单位车辆，非个人信息", "officer.a")
    assert rejected.text is None  # the masked text is shown only on an audited request

    approve_confirm_publish(runtime, summary.id)
    (entry,) = _listing(runtime).records
    assert "川M12345" in entry.fields["违法事实"] and "13912345678" not in entry.fields["违法事实"]
    # Decisions are frozen once the batch left review.
    with pytest.raises(DisclosureError, match="only be decided while checked"):
        review.decide_finding(engine=runtime.engine, officer=OFFICER_A, finding_id=plate.id, decision="accept")


def test_a_manual_span_masks_what_the_check_missed(runtime: Runtime) -> None:
    # A health condition is private (policy §2) but no recognizer finds it: the officer masks it.
    facts = "当事人在经营场所销售过期食品，其亲属患有糖尿病。"
    department = store(runtime, [penalty(1, facts=facts)])
    summary = checked_batch(runtime, department)
    item = review.review_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                               batch_id=summary.id).items[0]
    start = facts.index("糖尿病")
    with pytest.raises(DisclosureError, match="start/end"):
        review.add_manual_span(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                               item_id=item.id, field_name="违法事实", start=start, end=len(facts) + 5,
                               entity_type="PERSON")
    review.add_manual_span(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A, item_id=item.id,
                           field_name="违法事实", start=start, end=start + 3, entity_type="OTHER", reason="健康状况")
    approve_confirm_publish(runtime, summary.id)
    (entry,) = _listing(runtime).records
    assert "糖尿病" not in entry.fields["违法事实"] and "［已隐去］" in entry.fields["违法事实"]


def test_art5_records_need_a_decision_before_approval(runtime: Runtime) -> None:
    department = store(runtime, [
        penalty(1, facts="当事人向未成年人销售烟草制品。"),
        penalty(2, facts="当事人销售过期食品。"),
    ])
    summary = checked_batch(runtime, department)
    assert summary.needs_decision == 1
    with pytest.raises(DisclosureError, match="1 record"):
        review.approve_batch(engine=runtime.engine, officer=OFFICER_A, batch_id=summary.id)

    items = review.review_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                                batch_id=summary.id).items
    flagged = next(i for i in items if i.needs_officer_decision)
    assert flagged.decision_reasons
    review.decide_item(engine=runtime.engine, officer=OFFICER_A, item_id=flagged.id, decision="withhold",
                       reason="涉及未成年人")
    approve_confirm_publish(runtime, summary.id)
    page = _listing(runtime)
    assert page.total == 1 and "未成年" not in page.records[0].fields.get("违法事实", "")


def test_an_expired_record_leaves_the_listing(runtime: Runtime) -> None:
    department = store(runtime, [penalty(1), penalty(2, 处罚类别="吊销许可证")])
    summary = checked_batch(runtime, department)
    approve_confirm_publish(runtime, summary.id)
    entries = {e.decision_number: e for e in _listing(runtime).records}
    assert len(entries) == 2
    general = next(e for e in entries.values() if e.display_until < RECENT + dt.timedelta(days=400))
    serious = next(e for e in entries.values() if e.id != general.id)
    assert general.display_until == add_months(RECENT, 12) and serious.display_until == add_months(RECENT, 36)
    assert serious.display_until > general.display_until

    assert publication.expire_publications(engine=runtime.engine, today=general.display_until) == 0
    assert publication.expire_publications(engine=runtime.engine, today=general.display_until + dt.timedelta(1)) == 1
    assert [e.id for e in _listing(runtime).records] == [serious.id]
    with Session(runtime.engine) as session:
        gone = session.get(PublishedEntry, general.id)
        assert gone is not None
        assert (gone.status, gone.withdrawn_reason, gone.fields, gone.party_name) == (
            "withdrawn", "display_period_ended", None, ""
        )
    assert publication.expire_publications(engine=runtime.engine, today=serious.display_until + dt.timedelta(1)) == 1
    assert batches.get_batch(engine=runtime.engine, batch_id=summary.id).state == "withdrawn"


def test_records_past_their_period_are_not_listed_at_publication(runtime: Runtime) -> None:
    department = store(runtime, [penalty(1, decided=TODAY - dt.timedelta(days=800))])
    summary = checked_batch(runtime, department)
    approve_confirm_publish(runtime, summary.id)
    assert _listing(runtime).total == 0


def test_an_objection_hides_the_record_until_decided(runtime: Runtime, api: TestClient) -> None:
    department = store(runtime, [penalty(1)])
    approve_confirm_publish(runtime, checked_batch(runtime, department).id)
    (entry,) = _listing(runtime).records

    first = remedies.file_objection(engine=runtime.engine, officer=OFFICER_A, entry_id=entry.id,
                                    ground="当事人称处罚已撤销")
    assert _listing(runtime).total == 0
    assert api.get(f"/v1/public/disclosures/{entry.id}").status_code == 404
    remedies.decide_objection(engine=runtime.engine, officer=OFFICER_B, objection_id=first.id, uphold=False,
                              reason="处罚决定有效")
    assert _listing(runtime).total == 1

    second = remedies.file_objection(engine=runtime.engine, officer=OFFICER_A, entry_id=entry.id, ground="信息有误")
    decided = remedies.decide_objection(engine=runtime.engine, officer=OFFICER_B, objection_id=second.id,
                                        uphold=True, reason="文号录入错误")
    assert decided.state == "upheld" and _listing(runtime).total == 0
    with Session(runtime.engine) as session:
        assert session.get(PublishedEntry, entry.id).withdrawn_reason == "objection"  # type: ignore[union-attr]
        actions = {e.action for e in session.exec(select(AuditEntry)).all()}
    assert {"disclosure.objection.file", "disclosure.objection.dismissed", "disclosure.objection.upheld"} <= actions


def test_credit_repair_only_after_the_minimum_period(runtime: Runtime) -> None:
    department = store(runtime, [penalty(1)])
    approve_confirm_publish(runtime, checked_batch(runtime, department).id)
    (entry,) = _listing(runtime).records
    with Session(runtime.engine) as session:
        repair_after = session.get(PublishedEntry, entry.id).repair_after  # type: ignore[union-attr]
    assert repair_after > TODAY

    with pytest.raises(DisclosureError, match="minimum display period"):
        remedies.apply_credit_repair(engine=runtime.engine, officer=OFFICER_A, entry_id=entry.id, ground="已整改")
    application = remedies.apply_credit_repair(engine=runtime.engine, officer=OFFICER_A, entry_id=entry.id,
                                               ground="已整改并缴纳罚款", today=repair_after)
    remedies.decide_credit_repair(engine=runtime.engine, officer=OFFICER_B, repair_id=application.id, approve=True,
                                  reason="符合信用修复条件")
    assert _listing(runtime).total == 0
    with Session(runtime.engine) as session:
        assert session.get(PublishedEntry, entry.id).withdrawn_reason == "credit_repair"  # type: ignore[union-attr]


def test_records_are_not_put_into_two_live_batches(runtime: Runtime) -> None:
    department = store(runtime, [penalty(1), penalty(2)])
    first = checked_batch(runtime, department)
    with pytest.raises(DisclosureError, match="no records"):
        checked_batch(runtime, department)
    review.reject_batch(engine=runtime.engine, officer=OFFICER_B, batch_id=first.id, reason="重新审核")
    assert checked_batch(runtime, department).items == 2


def test_an_uploaded_file_becomes_a_checked_batch(runtime: Runtime) -> None:
    department = store(runtime, [penalty(1)])
    rows = [penalty(10 + i)["fields"] for i in range(3)]
    columns = list(rows[0])  # type: ignore[arg-type]
    lines = [",".join(columns)] + [",".join(str(r[c]) for c in columns) for r in rows]  # type: ignore[index]
    content = ("\n".join(lines) + "\n").encode("utf-8-sig")
    summary = batches.create_batch_from_upload(
        engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A, department=department,
        record_type="admin_penalty", filename="处罚.csv", content=content,
    )
    assert summary.state == "checked" and summary.items == 3 and summary.source == "upload"
    approve_confirm_publish(runtime, summary.id)
    assert _listing(runtime).total == 3

    bad_id = id_number(random.Random(3))[:-1] + "Q"
    broken = content.replace(str(rows[1]["证件号码"]).encode(), bad_id.encode())  # type: ignore[index]
    with pytest.raises(BatchRejected) as refused:
        batches.create_batch_from_upload(
            engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A, department=department,
            record_type="admin_penalty", filename="处罚.csv", content=broken,
        )
    assert [(e.index, e.field) for e in refused.value.errors] == [(3, "证件号码")]
    assert bad_id not in str(refused.value)
    with Session(runtime.engine) as session:
        assert len(session.exec(select(DisclosureBatch)).all()) == 1


def test_rejecting_an_id_number_finding_cannot_leak_it(runtime: Runtime) -> None:
    witness = id_number(random.Random(11))
    department = store(runtime, [penalty(1, facts=f"证人身份证号{witness}。")])
    summary = checked_batch(runtime, department)
    items = review.review_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                                batch_id=summary.id).items
    found = next(f for f in items[0].findings if f.entity_type == "CN_RESIDENT_ID")
    review.decide_finding(engine=runtime.engine, officer=OFFICER_A, finding_id=found.id, decision="reject",
                          reason="误报")
    review.approve_batch(engine=runtime.engine, officer=OFFICER_A, batch_id=summary.id)
    review.confirm_batch(engine=runtime.engine, officer=OFFICER_B, batch_id=summary.id)
    with pytest.raises(DisclosureError, match="still contains an identity number") as refused:
        publication.publish_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                                  batch_id=summary.id)
    assert witness not in str(refused.value)
    assert batches.get_batch(engine=runtime.engine, batch_id=summary.id).state == "confirmed"
    assert _listing(runtime).total == 0
    # A dropped field (the party's own 证件号码) cannot even be rejected.
    review.reject_batch(engine=runtime.engine, officer=OFFICER_B, batch_id=summary.id, reason="重新审核")
    again = checked_batch(runtime, department)
    dropped = next(
        f for f in review.review_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                                       batch_id=again.id).items[0].findings
        if f.action == "dropped_field"
    )
    with pytest.raises(DisclosureError, match="never published"):
        review.decide_finding(engine=runtime.engine, officer=OFFICER_A, finding_id=dropped.id, decision="reject",
                              reason="x")


def test_licences_are_listed_while_valid(runtime: Runtime) -> None:
    base = penalty(1)["fields"]
    licence: dict[str, object] = {
        "行政相对人名称": base["行政相对人名称"],  # type: ignore[index]
        "行政相对人类别": "自然人",
        "证件类型": "身份证",
        "证件号码": base["证件号码"],  # type: ignore[index]
        "行政许可决定文书名称": "食品经营许可决定书",
        "许可类别": "普通",
        "许可内容": "预包装食品销售",
        "许可机关": "资阳市市场监督管理局",
        "许可机关统一社会信用代码": base["处罚机关统一社会信用代码"],  # type: ignore[index]
        "许可决定日期": RECENT.isoformat(),
        "有效期自": RECENT.isoformat(),
    }
    until = (TODAY + dt.timedelta(days=30)).isoformat()
    valid = {**licence, "行政许可决定文书号": "资市监许〔2026〕1号", "有效期至": until}
    void = {**valid, "行政许可决定文书号": "资市监许〔2026〕2号", "当前状态": "无效"}
    department = store(runtime, [
        {"record_type": "admin_license", "source_record_id": "XK-1", "fields": valid},
        {"record_type": "admin_license", "source_record_id": "XK-2", "fields": void},
    ])
    summary = checked_batch(runtime, department, record_type="admin_license")
    approve_confirm_publish(runtime, summary.id)
    (entry,) = _listing(runtime).records
    assert entry.decision_number == "资市监许〔2026〕1号" and entry.display_until == TODAY + dt.timedelta(days=30)
    assert "证件号码" not in entry.fields
    with pytest.raises(DisclosureError, match="penalty records only"):
        remedies.apply_credit_repair(engine=runtime.engine, officer=OFFICER_A, entry_id=entry.id, ground="x")
    assert publication.expire_publications(engine=runtime.engine, today=TODAY + dt.timedelta(days=31)) == 1


def test_the_audit_chain_stays_intact(runtime: Runtime) -> None:
    department = store(runtime, [penalty(i) for i in range(5)])
    summary = checked_batch(runtime, department)
    approve_confirm_publish(runtime, summary.id)
    with Session(runtime.engine) as session:
        entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
    opened = [e for e in entries if e.action == "disclosure.record.open"]
    assert len(opened) == 5 and all(e.subject_token and e.purpose == "双公示审查" for e in opened)
    previous = "0" * 64
    for entry in entries:
        assert entry.prev_hash == previous and hash_of(entry) == entry.entry_hash, entry.seq
        previous = entry.entry_hash


def test_an_interrupted_check_leaves_a_draft_that_can_be_checked_again(runtime: Runtime) -> None:
    department = store(runtime, [penalty(i) for i in range(3)])
    calls = []

    def failing_on_the_third(records: Sequence[Mapping[str, str]], kind: str) -> list[RecordCheck]:
        calls.append(kind)
        if len(records) >= 3:
            raise RecordCheckRefused(2, "the check engine gave up")
        return batches.redaction_checker(records, kind)

    with pytest.raises(
        InvalidDisclosureInput, match="record 3: the record check refused the record: the check engine gave up"
    ):
        batches.create_batch_from_records(
            engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A, department=department,
            record_type="admin_penalty", date_from=dt.date(2000, 1, 1), date_to=TODAY, checker=failing_on_the_third,
        )
    (draft,) = batches.list_batches(engine=runtime.engine)
    assert draft.state == "draft" and draft.items == 3
    with pytest.raises(IllegalTransition):
        review.approve_batch(engine=runtime.engine, officer=OFFICER_A, batch_id=draft.id)

    seen = []
    checked = batches.run_check(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_B,
                                batch_id=draft.id, progress=lambda done, total: seen.append((done, total)))
    assert checked.state == "checked" and checked.findings >= 3 * 3
    assert seen[-1] == (3, 3)
    with pytest.raises(IllegalTransition):
        batches.run_check(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_B, batch_id=draft.id)


def test_a_check_over_several_chunks_stores_every_chunk_and_stops_at_a_refused_one(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks are checked while the next one is opened and the previous one stored: each lands whole.
    monkeypatch.setattr(batches, "CHECK_CHUNK", 2)
    department = store(runtime, [penalty(i) for i in range(5)])
    chunks: list[int] = []

    def refusing_the_second_chunk(records: Sequence[Mapping[str, str]], kind: str) -> list[RecordCheck]:
        chunks.append(len(records))
        if len(chunks) == 2:
            raise RecordCheckRefused(1, "the check engine gave up")
        return batches.redaction_checker(records, kind)

    with pytest.raises(
        InvalidDisclosureInput, match="record 4: the record check refused the record: the check engine gave up"
    ):
        batches.create_batch_from_records(
            engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A, department=department,
            record_type="admin_penalty", date_from=dt.date(2000, 1, 1), date_to=TODAY,
            checker=refusing_the_second_chunk,
        )
    (draft,) = batches.list_batches(engine=runtime.engine)
    assert draft.state == "draft"
    stored = review.review_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                                 batch_id=draft.id)
    assert [bool(item.redacted) for item in stored.items] == [True, True, False, False, False]

    seen: list[tuple[int, int]] = []
    checked = batches.run_check(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_B,
                                batch_id=draft.id, progress=lambda done, total: seen.append((done, total)))
    assert checked.state == "checked" and seen == [(2, 5), (4, 5), (5, 5)]
    review_all = review.review_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A,
                                     batch_id=draft.id)
    assert all(item.redacted and item.findings for item in review_all.items)
