"""The national 双公示 standard as policy §1 lists it: the field names of both record kinds and their rules."""

import pytest

from redaction.standard import (
    FIELDS,
    NEVER_PUBLISHED,
    PUBLISHED_RECORD_KINDS,
    Publication,
    ValueFormat,
    is_amount,
    is_iso_date,
    is_natural_person,
    is_uscc,
    published_field_names,
    standard_fields,
)

# Copied from disclosure-policy.md §1, in its order.
PENALTY = (
    "行政相对人名称, 行政相对人类别, 行政相对人代码_1, 行政相对人代码_2, 行政相对人代码_3, 行政相对人代码_4, "
    "行政相对人代码_5, 行政相对人代码_6, 法定代表人, 法定代表人证件类型, 法定代表人证件号码, 证件类型, 证件号码, "
    "行政处罚决定书文号, 违法行为类型, 违法事实, 处罚依据, 处罚类别, 处罚内容, 罚款金额（万元）, "
    "没收违法所得、没收非法财物的金额（万元）, 暂扣或吊销证照名称及编号, 处罚决定日期, 处罚有效期, 公示截止期, "
    "处罚机关, 处罚机关统一社会信用代码, 数据来源单位, 数据来源单位统一社会信用代码, 备注"
).split(", ")
LICENSE = (
    "行政相对人名称, 行政相对人类别, 行政相对人代码_1, 行政相对人代码_2, 行政相对人代码_3, 行政相对人代码_4, "
    "行政相对人代码_5, 行政相对人代码_6, 法定代表人, 法定代表人证件类型, 法定代表人证件号码, 证件类型, 证件号码, "
    "行政许可决定文书名称, 行政许可决定文书号, 许可类别, 许可证书名称, 许可编号, 许可内容, 许可决定日期, 有效期自, "
    "有效期至, 许可机关, 许可机关统一社会信用代码, 当前状态, 数据来源单位, 数据来源单位统一社会信用代码, 备注"
).split(", ")
# The policy's "every other text field" list: published only after the free-text check.
POLICY_TEXT_FIELDS = {
    "违法事实", "处罚内容", "许可内容", "备注", "违法行为类型", "处罚依据", "处罚类别", "暂扣或吊销证照名称及编号",
    "行政许可决定文书名称", "许可类别", "许可证书名称", "许可编号", "处罚机关", "许可机关", "数据来源单位",
    "行政处罚决定书文号", "行政许可决定文书号", *(f"行政相对人代码_{i}" for i in range(2, 7)),
}  # fmt: skip


def test_the_field_names_are_the_policys() -> None:
    assert [f.name for f in FIELDS["admin_penalty"]] == PENALTY
    assert [f.name for f in FIELDS["admin_license"]] == LICENSE
    assert PUBLISHED_RECORD_KINDS == ("admin_penalty", "admin_license")


def test_each_field_has_the_policys_rule() -> None:
    for kind in PUBLISHED_RECORD_KINDS:
        for spec in FIELDS[kind]:
            if spec.name in NEVER_PUBLISHED:
                assert spec.publication is Publication.NEVER
            elif spec.name in ("行政相对人名称", "法定代表人"):
                assert spec.publication is Publication.PUBLIC_NAME
            elif spec.name in POLICY_TEXT_FIELDS:
                assert spec.publication is Publication.FREE_TEXT, spec.name
            else:
                # dates, amounts, credit codes and choices: nothing else skips the free-text check
                assert spec.publication is Publication.BY_FORMAT, spec.name
                assert spec.format in (ValueFormat.DATE, ValueFormat.AMOUNT, ValueFormat.USCC, ValueFormat.CHOICE)


def test_published_fields_leave_out_the_identity_documents() -> None:
    for kind in PUBLISHED_RECORD_KINDS:
        assert published_field_names(kind) == set(standard_fields(kind)) - set(NEVER_PUBLISHED)


def test_without_a_kind_both_kinds_fields_are_known() -> None:
    assert set(standard_fields(None)) == set(PENALTY) | set(LICENSE)


@pytest.mark.parametrize(("value", "ok"), [("2023-05-01", True), ("2024-02-29", True), ("2023-02-29", False),
                                           ("2023/05/01", False), ("20230501", False), ("2023-5-1", False),
                                           ("２０２３-05-01", False), ("", False)])  # fmt: skip
def test_dates(value: str, ok: bool) -> None:
    assert is_iso_date(value) is ok


@pytest.mark.parametrize(("value", "ok"), [("0.5", True), ("100", True), ("999999.123456", True), ("1000000", False),
                                           ("13812345678", False), ("-1", False), ("1e3", False), ("0.5万", False),
                                           ("", False), ("１", False)])  # fmt: skip
def test_amounts(value: str, ok: bool) -> None:
    assert is_amount(value) is ok


@pytest.mark.parametrize(("value", "ok"), [("11512000MB15704176", True), ("91512002MA62XJ5K12", True),
                                           ("110105194912311503", False), ("11512000mb15704176", True),
                                           ("91512002MA62XJ5K13", False)])  # fmt: skip
def test_credit_codes(value: str, ok: bool) -> None:
    assert is_uscc(value) is ok


def test_only_an_organisations_category_makes_a_party_not_a_person() -> None:
    assert not is_natural_person("法人及非法人组织") and not is_natural_person("个体工商户")
    assert is_natural_person("自然人") and is_natural_person("") and is_natural_person("公司")
