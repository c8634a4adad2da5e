"""The published version: the check's redacted record, changed only where officers changed something."""

from __future__ import annotations

from hub.disclosure.rendering import Mark, published_fields

ORIGINAL = {
    "行政相对人名称": "张三",
    "证件类型": "身份证",
    "证件号码": "512002199003071234",
    "违法事实": "当事人张三销售过期食品，投诉人李四，电话13812345678。",
}
FACTS = ORIGINAL["违法事实"]
REDACTED = {"行政相对人名称": "张三", "违法事实": "当事人张三销售过期食品，投诉人李某，电话［电话］。"}


def _mark(text: str, entity: str, *, status: str = "accepted", origin: str = "check") -> Mark:
    start = FACTS.index(text)
    return Mark("违法事实", start, start + len(text), entity, 0.9, "masked", origin, status)


DROPS = [
    Mark("证件类型", 0, 3, "ID_DOCUMENT", 1.0, "dropped_field", "check", "accepted"),
    Mark("证件号码", 0, 18, "ID_DOCUMENT", 1.0, "dropped_field", "check", "accepted"),
]


def test_untouched_records_are_published_as_the_check_redacted_them() -> None:
    marks = [*DROPS, _mark("李四", "PERSON"), _mark("13812345678", "PHONE_NUMBER")]
    assert published_fields(original=ORIGINAL, redacted=REDACTED, marks=marks) == REDACTED


def test_a_rejected_finding_unmasks_only_its_span() -> None:
    marks = [*DROPS, _mark("李四", "PERSON", status="rejected"), _mark("13812345678", "PHONE_NUMBER")]
    fields = published_fields(original=ORIGINAL, redacted=REDACTED, marks=marks)
    assert fields["违法事实"] == "当事人张三销售过期食品，投诉人李四，电话［电话］。"


def test_a_manual_span_is_masked_the_engine_s_way() -> None:
    marks = [*DROPS, _mark("李四", "PERSON"), _mark("13812345678", "PHONE_NUMBER"),
             _mark("过期食品", "OTHER", origin="manual")]
    fields = published_fields(original=ORIGINAL, redacted=REDACTED, marks=marks)
    assert fields["违法事实"] == "当事人张三销售［已隐去］，投诉人李某，电话［电话］。"


def test_overlapping_spans_keep_the_longest() -> None:
    marks = [_mark("电话13812345678", "OTHER", origin="manual"), _mark("13812345678", "PHONE_NUMBER")]
    fields = published_fields(original=ORIGINAL, redacted=REDACTED, marks=marks)
    assert fields["违法事实"].endswith("投诉人李四，［已隐去］。")


def test_id_fields_are_never_published_whatever_the_check_returned() -> None:
    leaky = {**REDACTED, "证件号码": "512002199003071234", "法定代表人证件号码": "x", "证件类型": "身份证"}
    fields = published_fields(original=ORIGINAL, redacted=leaky, marks=[])
    assert set(fields) == {"行政相对人名称", "违法事实"}
