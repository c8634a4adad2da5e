import pytest

from redaction import InvalidRecordError, check_record

PERSON_PENALTY = {
    "行政相对人名称": "韦红宇",
    "行政相对人类别": "自然人",
    "证件类型": "身份证",
    "证件号码": "11010519491231150X",
    "行政处罚决定书文号": "资市监罚〔2023〕15号",
    "违法事实": "当事人韦红宇销售过期食品，消费者范桐（电话13812345678）投诉。",
    "处罚内容": "罚款3000元",
    "处罚决定日期": "2023-05-01",
    "处罚机关": "资阳市市场监督管理局",
}

COMPANY_LICENSE = {
    "行政相对人名称": "四川永丰商贸有限公司",
    "行政相对人类别": "法人及非法人组织",
    "行政相对人代码_1": "91512002MA62XJ5K12",
    "法定代表人": "侯艳博",
    "法定代表人证件类型": "身份证",
    "法定代表人证件号码": "11010519491231150X",
    "行政许可决定文书号": "资审批许〔2023〕8号",
    "许可内容": "准予法定代表人侯艳博申请的食品经营许可，联系人李明电话0832-6123456。",
    "许可决定日期": "2023/05/01",
}


def test_natural_person_id_fields_are_dropped_and_text_masked() -> None:
    check = check_record(PERSON_PENALTY)
    assert "证件号码" not in check.redacted_record and "证件类型" not in check.redacted_record
    assert check.redacted_record["违法事实"] == "当事人韦红宇销售过期食品，消费者范某（电话［电话］）投诉。"
    assert check.redacted_record["行政处罚决定书文号"] == "资市监罚〔2023〕15号"
    assert check.redacted_record["处罚内容"] == "罚款3000元"
    dropped = {f.field for f in check.findings if f.action == "dropped_field"}
    assert dropped == {"证件类型", "证件号码"}
    masked = [(f.field, f.entity_type) for f in check.findings if f.action == "masked"]
    assert masked == [("违法事实", "PERSON"), ("违法事实", "PHONE_NUMBER")]
    assert not check.needs_officer_decision


def test_legal_representative_is_public_and_their_id_dropped() -> None:
    check = check_record(COMPANY_LICENSE, record_kind="admin_license")
    assert "法定代表人证件号码" not in check.redacted_record
    assert check.redacted_record["法定代表人"] == "侯艳博"
    assert check.redacted_record["许可内容"] == "准予法定代表人侯艳博申请的食品经营许可，联系人李某电话［电话］。"
    assert check.redacted_record["行政相对人代码_1"] == "91512002MA62XJ5K12"


def test_minor_party_needs_an_officer() -> None:
    record = {**PERSON_PENALTY, "证件号码": "110105201001011234", "处罚决定日期": "2023年5月1日"}
    check = check_record(record)
    assert check.needs_officer_decision
    assert any("minor" in reason for reason in check.decision_reasons)


def test_adult_at_decision_date_is_not_a_minor() -> None:
    record = {**PERSON_PENALTY, "证件号码": "110105200001011234", "处罚决定日期": "2023-05-01"}
    assert not check_record(record).needs_officer_decision


@pytest.mark.parametrize(
    "facts",
    [
        "当事人雇佣未成年人从事危险作业",
        "当事人雇佣年仅15岁的学生打工",
        "当事人泄露患者病情及病史",
        "当事人擅自公开他人个人隐私",
        "当事人侵犯他人商业秘密",
    ],
)
def test_art5_facts_need_an_officer(facts: str) -> None:
    check = check_record({**PERSON_PENALTY, "违法事实": facts})
    assert check.needs_officer_decision and check.decision_reasons


def test_property_certificate_numbers_are_flagged() -> None:
    check = check_record({**PERSON_PENALTY, "备注": "涉案房屋不动产权证号川(2021)资阳市不动产权第0012345号"})
    assert any(f.entity_type == "PROPERTY_CERTIFICATE" for f in check.findings)
    assert check.needs_officer_decision


def test_kind_is_inferred_and_validated() -> None:
    assert check_record(PERSON_PENALTY, record_kind="admin_penalty").redacted_record
    with pytest.raises(InvalidRecordError):
        check_record(PERSON_PENALTY, record_kind="other")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "record",
    [["not", "a", "mapping"], {"违法事实": ["13812345678"]}, {1: "x"}, {"违法事实": "x" * 20_001}],
)
def test_bad_records_raise_without_echoing_values(record: object) -> None:
    with pytest.raises(InvalidRecordError) as error:
        check_record(record)  # type: ignore[arg-type]
    assert "13812345678" not in str(error.value) and "xxxx" not in str(error.value)


def test_numbers_and_empty_values_are_accepted() -> None:
    check = check_record({**PERSON_PENALTY, "罚款金额（万元）": 0.3, "备注": None})
    assert check.redacted_record["罚款金额（万元）"] == "0.3"
    assert check.redacted_record["备注"] == ""


def test_a_party_without_category_but_with_a_resident_id_is_a_person() -> None:
    record = {k: v for k, v in PERSON_PENALTY.items() if k != "行政相对人类别"}
    check = check_record({**record, "证件号码": "110105201001011234"})
    assert check.needs_officer_decision
