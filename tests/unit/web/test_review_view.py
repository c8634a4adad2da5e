"""What the review page makes of one record's draft: never-published fields stay out of sight."""

from __future__ import annotations

from hub.disclosure.review import FindingView, ItemView
from hub.web.review_pages import _item_page
from tests.factories import id_number


def _finding(finding_id: int, field: str, start: int, end: int, entity: str, action: str) -> FindingView:
    return FindingView(id=finding_id, field=field, start=start, end=end, entity_type=entity, score=0.9,
                       recognizer="test", action=action, origin="check", status="accepted", reason=None,
                       decided_by=None, decided_at=None)


def test_never_published_fields_are_named_but_not_shown() -> None:
    party_id, witness_id = id_number(), id_number()
    original_facts = "联系电话13812345678。"
    item = ItemView(
        id="i" * 36, position=0, needs_officer_decision=False, decision_reasons=[], publish_decision=None,
        decision_reason=None, decided_by=None,
        # A draft that (wrongly) still holds the party's number, and a witness's number the check missed.
        redacted={"行政相对人名称": "张三", "证件号码": party_id, "违法事实": f"联系电话［电话］。证人{witness_id}"},
        findings=[
            _finding(1, "证件号码", 0, 18, "ID_DOCUMENT", "dropped_field"),
            _finding(2, "违法事实", 4, 4 + len("13812345678"), "PHONE_NUMBER", "masked"),
        ],
    )
    page = _item_page(item)
    shown = {f.name: "".join(s.text for s in f.segments) for f in page.fields}
    assert list(shown) == ["行政相对人名称", "违法事实"]
    assert page.never_published == ["证件号码"]
    assert party_id not in str(shown) and witness_id not in str(shown)
    facts = next(f for f in page.fields if f.name == "违法事实")
    assert facts.holds_id_number
    assert [(s.text, s.finding_id) for s in facts.segments if s.finding_id] == [("［电话］", 2)]
    assert original_facts not in str(shown)
