import pytest

from tests.unit.redaction.conftest import found_spans, span_of


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("护照号码E12345678", "E12345678"),
        ("其持有EA1234567出境", "EA1234567"),  # E-series stands alone
        ("护照G12345678", "G12345678"),
        ("港澳通行证C12345678", "C12345678"),
        ("往来港澳通行证CA1234567", "CA1234567"),
        ("回乡证H1234567801", "H1234567801"),
        ("台湾居民来往大陆通行证T12345678", "T12345678"),
    ],
)
def test_finds_passports_and_permits(text: str, number: str) -> None:
    assert span_of(text, number) in found_spans(text, "PASSPORT")


@pytest.mark.parametrize(
    "text",
    ["产品批号C20230101", "型号G12345678", "批号E12345678", "编号C12345678", "样品D20231201", "JY15120020012345"],
)
def test_ignores_batch_and_model_numbers(text: str) -> None:
    assert found_spans(text, "PASSPORT") == []
