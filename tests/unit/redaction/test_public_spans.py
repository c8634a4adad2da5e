import pytest

from redaction.public_spans import public_spans


@pytest.mark.parametrize(
    ("text", "public"),
    [
        ("决定书文号资市监罚〔2023〕15号。", "资市监罚〔2023〕15号"),
        ("文号川卫医罚[2021]3号", "川卫医罚[2021]3号"),
        ("乐交罚（2022）59号", "乐交罚（2022）59号"),
        ("违反了《中华人民共和国食品安全法》第三十四条第一款的规定", "《中华人民共和国食品安全法》第三十四条第一款"),
        ("统一社会信用代码91512002MA62XJ5K12，", "91512002MA62XJ5K12"),
        ("许可证编号JY15120020012345）", "JY15120020012345"),
    ],
)
def test_public_spans_cover_the_public_text(text: str, public: str) -> None:
    start = text.index(public)
    assert any(a <= start and start + len(public) <= b for a, b in public_spans(text))


@pytest.mark.parametrize(
    "text",
    [
        "身份证号110105194912311508",  # a resident ID is never public
        "身份证号110105194912311501",  # nor one with a wrong check character
        "代码91512002MA62XJ5K1B",  # a USCC with a wrong check character is not vouched for
    ],
)
def test_not_public(text: str) -> None:
    assert public_spans(text) == []
