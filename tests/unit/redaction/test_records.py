import pytest

from redaction import InvalidRecordError, RecordCheck, check_record
from redaction.records import check_records

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


# -- default deny (policy §1) ------------------------------------------------------------------------------

AGENCY_USCC = "11512000MB15704176"  # check character computed by stdnum in test_agency_code_is_valid


def test_agency_code_is_valid() -> None:
    from stdnum.cn import uscc

    assert uscc.calc_check_digit(AGENCY_USCC[:17]) == AGENCY_USCC[17]


def _masked(check: RecordCheck, name: str) -> set[str]:
    return {f.entity_type for f in check.findings if f.field == name and f.action == "masked"}


@pytest.mark.parametrize(
    ("name", "value", "private"),
    [
        ("行政相对人代码_2", "13912345678", "13912345678"),
        ("违法行为类型", "投诉人孙丽娟（电话13812345678）举报的无证经营", "孙丽娟"),
        ("处罚依据", "《中华人民共和国食品安全法》第一百二十二条，举报人周建国提供线索", "周建国"),
        ("处罚类别", "罚款，联系电话13812345678", "13812345678"),
        ("暂扣或吊销证照名称及编号", "驾驶证，车牌川M12345", "川M12345"),
        ("处罚机关", "资阳市市场监督管理局（经办人邓文静，13698765432）", "13698765432"),
        ("数据来源单位", "zhangwei1988@163.com", "zhangwei1988@163.com"),
        ("行政处罚决定书文号", "资市监罚〔2023〕15号 13812345678", "13812345678"),
    ],
)
def test_every_text_field_is_scanned(name: str, value: str, private: str) -> None:
    check = check_record({**PERSON_PENALTY, name: value})
    assert private not in check.redacted_record[name]
    assert _masked(check, name)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("处罚决定日期", "2023-05-01"),
        ("公示截止期", "2026-05-01"),
        ("罚款金额（万元）", "0.5"),
        ("没收违法所得、没收非法财物的金额（万元）", "12.345"),
        ("处罚机关统一社会信用代码", AGENCY_USCC),
        ("行政相对人代码_1", AGENCY_USCC),
        ("行政相对人类别", "自然人"),
    ],
)
def test_structured_values_with_their_format_are_published_as_they_are(name: str, value: str) -> None:
    check = check_record({**PERSON_PENALTY, name: value})
    assert check.redacted_record[name] == value
    assert not [f for f in check.findings if f.field == name]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("处罚决定日期", "2023年5月1日"),
        ("处罚有效期", "138 1234 5678"),
        ("公示截止期", "2023-02-30"),
        ("罚款金额（万元）", "13812345678"),
        ("罚款金额（万元）", "五千元"),
        ("处罚机关统一社会信用代码", "91512002MA62XJ5K1X"),
        ("行政相对人代码_1", "110105194912311503"),  # a resident ID is never a credit code
        ("行政相对人类别", "个人（身份证110105194912311503）"),
    ],
)
def test_a_structured_value_without_its_format_is_a_finding_and_never_published_as_is(name: str, value: str) -> None:
    check = check_record({**PERSON_PENALTY, name: value})
    assert check.redacted_record[name] != value
    assert not any(ch.isdigit() for ch in check.redacted_record[name])
    (invalid,) = [f for f in check.findings if f.field == name and f.entity_type == "INVALID_FORMAT"]
    assert (invalid.start, invalid.end, invalid.action) == (0, len(value), "masked")


def test_a_malformed_value_is_scanned_too_so_restoring_it_keeps_private_items_masked() -> None:
    check = check_record({**PERSON_PENALTY, "处罚有效期": "至2024年5月1日，联系13812345678"})
    assert _masked(check, "处罚有效期") == {"INVALID_FORMAT", "PHONE_NUMBER"}


def test_license_choices_and_dates() -> None:
    check = check_record({**COMPANY_LICENSE, "许可决定日期": "2023-05-01", "当前状态": "有效"})
    assert check.redacted_record["当前状态"] == "有效"
    assert check.redacted_record["许可决定日期"] == "2023-05-01"
    check = check_record({**COMPANY_LICENSE, "当前状态": "有效（联系人张三）"})
    assert "INVALID_FORMAT" in _masked(check, "当前状态")


def test_fields_the_standard_does_not_know_are_withheld() -> None:
    check = check_record({**PERSON_PENALTY, "微信号": "zhao_chen88", "许可内容": "不是处罚的字段"})
    assert "微信号" not in check.redacted_record and "许可内容" not in check.redacted_record
    dropped = {(f.field, f.entity_type) for f in check.findings if f.action == "dropped_field"}
    assert {("微信号", "UNKNOWN_FIELD"), ("许可内容", "UNKNOWN_FIELD")} <= dropped


def test_the_legal_representative_of_a_natural_person_is_a_private_name() -> None:
    record = {**PERSON_PENALTY, "法定代表人": "钱多多", "违法事实": "当事人韦红宇与钱多多共同经营。"}
    check = check_record(record)
    assert check.redacted_record["法定代表人"] == "钱某"
    assert "钱多多" not in check.redacted_record["违法事实"]
    assert check_record({**PERSON_PENALTY, "法定代表人": "无"}).redacted_record["法定代表人"] == "无"
    # Scanned too: restoring the name (an officer rejecting the whole mask) keeps the phone masked.
    assert _masked(check_record({**PERSON_PENALTY, "法定代表人": "钱多多13812345678"}), "法定代表人") == {
        "PERSON",
        "PHONE_NUMBER",
    }


def test_without_a_category_the_party_is_taken_for_a_natural_person() -> None:
    record = {k: v for k, v in COMPANY_LICENSE.items() if k != "行政相对人类别"}
    assert check_record(record, record_kind="admin_license").redacted_record["法定代表人"] == "侯某"


@pytest.mark.parametrize("category", ["法人及非法人组织", "个体工商户"])
def test_the_party_and_its_legal_representative_stay_readable(category: str) -> None:
    record = {
        **COMPANY_LICENSE,
        "行政相对人类别": category,
        "行政相对人名称": "资阳市雁江区侯艳博烧烤店",
        "许可内容": "经营者侯艳博申请，准予许可。",
        "备注": "侯艳博电话13812345678",
    }
    check = check_record(record, record_kind="admin_license")
    assert check.redacted_record["行政相对人名称"] == "资阳市雁江区侯艳博烧烤店"
    assert check.redacted_record["法定代表人"] == "侯艳博"
    assert check.redacted_record["许可内容"] == "经营者侯艳博申请，准予许可。"
    assert check.redacted_record["备注"] == "侯艳博电话［电话］"


def test_a_phone_pasted_into_the_party_name_is_masked_and_the_name_stays() -> None:
    check = check_record({**PERSON_PENALTY, "行政相对人名称": "韦红宇13812345678"})
    assert check.redacted_record["行政相对人名称"] == "韦红宇［电话］"


@pytest.mark.parametrize("category", ["自然人", "法人及非法人组织"])
def test_identity_documents_are_never_published(category: str) -> None:
    record = {**COMPANY_LICENSE, "行政相对人类别": category, "证件类型": "身份证", "证件号码": "11010519491231150X"}
    check = check_record(record, record_kind="admin_license")
    assert not {"证件类型", "证件号码", "法定代表人证件类型", "法定代表人证件号码"} & set(check.redacted_record)


def test_words_inside_a_legal_citation_are_not_art5_facts() -> None:
    cited = check_record({**PERSON_PENALTY, "处罚依据": "《中华人民共和国保守国家秘密法》第四十八条"})
    assert not cited.needs_officer_decision
    facts = check_record({**PERSON_PENALTY, "违法行为类型": "泄露国家秘密"})
    assert facts.needs_officer_decision


def test_checking_many_records_at_once_equals_checking_each() -> None:
    records = [
        PERSON_PENALTY,
        {**PERSON_PENALTY, "处罚有效期": "13812345678", "备注": "资阳市市场监督管理局"},
        {**PERSON_PENALTY, "行政相对人名称": "范桐", "违法事实": "当事人范桐销售过期食品，消费者韦红宇投诉。"},
        {**PERSON_PENALTY, "备注": "资阳市市场监督管理局"},
    ]
    assert check_records(records, record_kind="admin_penalty") == [
        check_record(r, record_kind="admin_penalty") for r in records
    ]
    assert check_records([]) == []


def test_another_persons_name_pasted_into_the_party_name_is_masked() -> None:
    record = {**PERSON_PENALTY, "行政相对人名称": "韦红宇（投诉人范桐）", "备注": "韦红宇已缴纳罚款"}
    check = check_record(record)
    assert check.redacted_record["行政相对人名称"] == "韦红宇（投诉人范某）"
    assert check.redacted_record["备注"] == "韦红宇已缴纳罚款"  # the party's name alone is still public


def test_another_persons_name_pasted_into_a_companys_legal_representative_is_masked() -> None:
    check = check_record({**COMPANY_LICENSE, "法定代表人": "侯艳博，联系人李明"}, record_kind="admin_license")
    assert check.redacted_record["法定代表人"] == "侯艳博，联系人李某"
