import pytest

from redaction import scan_text
from tests.unit.redaction.conftest import found_spans


def covers(text: str, part: str, spans: list[tuple[int, int]]) -> bool:
    start = text.index(part)
    return any(a <= start and start + len(part) <= b for a, b in spans)


@pytest.mark.parametrize(
    ("text", "private", "public_before"),
    [
        ("住址资阳市雁江区石桥铺镇公园大道85号15栋2单元1669室，", "石桥铺镇公园大道85号15栋2单元1669室", "住址"),
        ("王某住乐至县中和场镇南骏小区26栋4单元2645号。", "中和场镇南骏小区26栋4单元2645号", "王某住"),
        ("位于资阳市雁江区石桥铺镇红旗村7组47号，", "石桥铺镇红旗村7组47号", "位于"),
        ("家住安岳县岳阳镇外北街246号附3号，", "岳阳镇外北街246号附3号", "家住"),
        ("现住帅乡大道东段144号9栋3单元2686室", "帅乡大道东段144号9栋3单元2686室", "现住"),
        ("其住所为雁江区松涛镇白鹤村三组十五号", "松涛镇白鹤村三组十五号", "住所为"),
        ("住岳阳镇幸福里24栋1单元3084号", "岳阳镇幸福里24栋1单元3084号", "住"),
        ("住天池镇滨江一号6栋3单元239号", "天池镇滨江一号6栋3单元239号", "住"),
        ("户籍地安岳县石羊镇高峰村", "石羊镇高峰村", "户籍地"),
        ("住址：成都市武侯区人民南路四段12号3-2-501室", "人民南路四段12号3-2-501室", "住址："),
        ("经营场所为乐至县天池镇帅乡大道东段227号", "天池镇帅乡大道东段227号", "经营场所为"),
        ("住址：人民南路12号天府大厦5楼502室。", "人民南路12号天府大厦5楼502室", "住址："),
        ("家住阳光小区5楼", "阳光小区5楼", "家住"),
        ("其住所为安岳县岳阳镇东大街12-3号。", "岳阳镇东大街12-3号", "住所为"),
        ("地址：天府大道中段1268号天府软件园E区3栋5楼。", "天府大道中段1268号天府软件园E区3栋5楼", "地址："),
        ("当事人的住址：乐至县童家镇金顺社区二组。", "童家镇金顺社区二组", "住址："),
        ("现居住于资阳市雁江区三贤南路88号6幢2单元301室", "三贤南路88号6幢2单元301室", "居住于"),
        # a building on a street with no house number
        ("当事人在张家港路M座销售过期食品", "张家港路M座", "当事人在"),
        ("投诉人住吕路U座", "吕路U座", "投诉人住"),
        ("家住中山大道5栋2单元", "中山大道5栋2单元", "家住"),
    ],
)
def test_finds_house_level_addresses(text: str, private: str, public_before: str) -> None:
    spans = found_spans(text, "ADDRESS")
    assert covers(text, private, spans)
    assert not any(a < text.index(public_before) + len(public_before) for a, _ in spans)


@pytest.mark.parametrize(
    "text",
    [
        "资阳市雁江区市场监督管理局作出处罚",
        "四川蜀通环保科技经营部",
        "决定书文号资市监罚〔2023〕15号",
        "违反《中华人民共和国食品安全法》第三十四条",
        "2023年5月1日在雁江区天府商贸店销售",
        "红旗村村民委员会",
        "罚款3000元，没收违法所得200元",
        "当事人在成都市锦江区春熙路开设分店",
        "当事人住所位于资阳市雁江区",
        "车辆在G76厦蓉高速公路K123+500处超限",
        "当事人在雁江区和平路与建设路交叉口处摆摊。",
        "当事人在资阳火车站附近非法营运。",
    ],
)
def test_ignores_agencies_companies_and_numbers(text: str) -> None:
    assert found_spans(text, "ADDRESS") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "资阳恒通建材有限公司住所位于资阳市雁江区岳阳镇仁德西路88号，法定代表人张三。",
            "资阳恒通建材有限公司住所位于资阳市雁江区岳阳镇仁德西路88号，法定代表人张三。",
        ),
        (
            "资阳市市场监督管理局办公地址为雁江区车城大道二段5号。",
            "资阳市市场监督管理局办公地址为雁江区车城大道二段5号。",
        ),
        (
            "四川蓉锦餐饮管理有限责任公司（住所：成都市锦江区滨河路15号）",
            "四川蓉锦餐饮管理有限责任公司（住所：成都市锦江区滨河路15号）",
        ),
        ("当事人住所地为安岳县岳阳镇兴隆街52号。", "当事人住所地为［住址］。"),
        ("当事人张三经营的小餐馆位于安岳县岳阳镇兴隆街52号。", "当事人张三经营的小餐馆位于［住址］。"),
        ("该公司员工王五住安岳县岳阳镇兴隆街52号。", "该公司员工王某住［住址］。"),
        ("当事人受雇于该公司，住安岳县岳阳镇兴隆街52号。", "当事人受雇于该公司，住［住址］。"),
    ],
)
def test_organisation_premises_stay_a_persons_home_goes(text: str, expected: str) -> None:
    assert scan_text(text, public_names=["张三"]).redacted == expected


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("当事人在锦绣花园3-2-501室内吸烟", "锦绣花园3-2-501室"),
        ("证人住锦绣花园3-2-501，", "锦绣花园3-2-501"),
        ("证人住阳光公寓B座1203室", "阳光公寓B座1203室"),
    ],
)
def test_estates_with_hyphenated_rooms_and_lettered_blocks(text: str, part: str) -> None:
    assert covers(text, part, found_spans(text, "ADDRESS"))
