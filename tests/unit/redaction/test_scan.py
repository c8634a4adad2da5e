import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_anonymizer.entities import OperatorConfig

from redaction import RedactionError, scan_text, scan_texts

TEXT = "当事人韦红宇销售过期食品。消费者欧阳娜娜（联系电话13812345678，住雁江区建设路12号3栋2单元501室）投诉。"


def test_masks_by_policy_and_keeps_the_party() -> None:
    scan = scan_text(TEXT, public_names=["韦红宇"])
    assert scan.redacted == "当事人韦红宇销售过期食品。消费者欧阳某（联系电话［电话］，住［住址］）投诉。"
    assert [TEXT[s.start : s.end] for s in scan.spans] == ["欧阳娜娜", "13812345678", "雁江区建设路12号3栋2单元501室"]
    assert [s.entity_type for s in scan.spans] == ["PERSON", "PHONE_NUMBER", "ADDRESS"]
    assert all(s.recognizer for s in scan.spans)


def test_without_public_names_the_party_is_masked_too() -> None:
    assert "韦某" in scan_text(TEXT).redacted


def test_offsets_refer_to_the_original_full_width_text() -> None:
    text = "投诉人李四，手机１３８１２３４５６７８。"
    scan = scan_text(text)
    assert [text[s.start : s.end] for s in scan.spans] == ["李四", "１３８１２３４５６７８"]
    assert scan.redacted == "投诉人李某，手机［电话］。"


@pytest.mark.parametrize(
    "text",
    [
        "资阳市市场监督管理局于2023年5月1日对四川永丰商贸有限公司作出罚款23200元的行政处罚，"
        "决定书文号资市监罚〔2023〕15号，统一社会信用代码91512002MA62XJ5K12。",
        "依据《中华人民共和国食品安全法》第一百二十四条第一款，吊销其食品经营许可证（JY15120020012345）。",
        "请拨打12315热线反映问题，产品批号C20230101，生产日期2023年1月1日，没收违法所得1200元。",
    ],
)
def test_public_text_stays_untouched(text: str) -> None:
    scan = scan_text(text)
    assert scan.spans == []
    assert scan.redacted == text


def test_operators_can_be_replaced_per_entity() -> None:
    scan = scan_text("投诉人李四电话13812345678", operators={"PHONE_NUMBER": OperatorConfig("hash", {})})
    assert "13812345678" not in scan.redacted
    assert "李某" in scan.redacted and "［电话］" not in scan.redacted


def test_overlapping_findings_become_one_span() -> None:
    scan = scan_text("王某住乐至县中和场镇南骏小区26栋4单元2645号")
    assert len(scan.spans) == 1 and scan.spans[0].entity_type == "ADDRESS"


@pytest.mark.parametrize("text", ["", "   ", "。"])
def test_empty_text(text: str) -> None:
    assert scan_text(text).spans == []


def test_bad_input_errors_do_not_echo_values() -> None:
    with pytest.raises(RedactionError) as error:
        scan_text(12345678901)  # type: ignore[arg-type]
    assert "12345678901" not in str(error.value)
    with pytest.raises(RedactionError):
        scan_text("张三", public_names="张三")
    with pytest.raises(RedactionError):
        scan_text("x" * 100_001)


_ALPHABET = [
    *"张王李欧阳某人员消费者投诉电话住址路号栋单元室村组，。、（）《》〔〕·0123456789XxAB@.-+ \n１２川E",
    "😀",
    "\u3000",
]


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=80), names=st.lists(st.sampled_from(["张王", "李", "欧阳某"])))
def test_any_text_gives_ordered_disjoint_spans_inside_it(text: str, names: list[str]) -> None:
    scan = scan_text(text, public_names=names)
    end = 0
    for span in scan.spans:
        assert end <= span.start < span.end <= len(text)
        end = span.end
    if not scan.spans:
        assert scan.redacted == text


@pytest.mark.parametrize("street", ["吕路U座", "刘街S座", "王路12号"])
def test_a_street_named_after_a_surname_is_an_address_not_a_person(street: str) -> None:
    text = f"当事人张三在{street}无证经营。"
    scan = scan_text(text, public_names=["张三"])
    assert scan.redacted == "当事人张三在［住址］无证经营。"


def test_a_name_followed_by_a_verb_with_road_in_it_is_still_a_person() -> None:
    scan = scan_text("投诉人李华路过现场时报警。")
    assert scan.redacted == "投诉人李某路过现场时报警。"


def test_scanning_many_texts_at_once_equals_scanning_each() -> None:
    texts = [
        "当事人韦红宇销售过期食品，消费者范桐（电话13812345678）投诉。",
        "资阳市市场监督管理局",
        "",
        "  ",
        "资市监罚〔2023〕15号",  # one public span as a whole
        "当事人韦红宇销售过期食品，消费者范桐（电话13812345678）投诉。",  # again, another public name
        "《中华人民共和国食品安全法》第一百二十四条",
        "邮箱ｚｈａｎｇｗｅｉ1988@163.com，住雁江区建设路88号",
    ]
    names = [["韦红宇"], [], [], [], [], ["范桐"], [], ["韦红宇"]]
    alone = [scan_text(text, public_names=n) for text, n in zip(texts, names, strict=True)]
    assert scan_texts(texts, public_names=names) == alone
    assert alone[0] != alone[5]  # the public name changes the result, so the two are not merged
    assert scan_texts([]) == []


def test_many_texts_need_one_list_of_names_each() -> None:
    with pytest.raises(RedactionError):
        scan_texts(["a", "b"], public_names=[["x"]])
    with pytest.raises(RedactionError):
        scan_texts("当事人")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("王伟川A00000", "王某［车牌号］"),
        ("车主王伟川M12345。", "车主王某［车牌号］。"),
        ("联系人李四13812345678", "联系人李某［电话］"),
    ],
)
def test_a_name_ends_where_a_number_or_plate_begins(text: str, redacted: str) -> None:
    assert scan_text(text).redacted == redacted
