import pytest

from tests.unit.redaction.conftest import found_spans, span_of


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("驾驶车牌号为川M12345的货车", "川M12345"),
        ("车辆川M·A1234被扣", "川M·A1234"),
        ("号牌川A•B2C34", "川A•B2C34"),
        ("新能源车川MD12345", "川MD12345"),
        ("新能源车川AD49556", "川AD49556"),
        ("新能源车粤B12345F", "粤B12345F"),
        ("挂车川A1234挂", "川A1234挂"),
        ("教练车渝B1234学", "渝B1234学"),
        ("车牌号川ｍ１２３４５", "川ｍ１２３４５"),
    ],
)
def test_finds_plates(text: str, plate: str) -> None:
    assert span_of(text, plate) in found_spans(text, "LICENSE_PLATE")


@pytest.mark.parametrize("text", ["川MABCDE公司", "京ICP备12345678号", "四川AB型号", "川A1234567890"])
def test_ignores_non_plates(text: str) -> None:
    assert found_spans(text, "LICENSE_PLATE") == []
