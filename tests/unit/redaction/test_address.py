import pytest

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
    ],
)
def test_ignores_agencies_companies_and_numbers(text: str) -> None:
    assert found_spans(text, "ADDRESS") == []
