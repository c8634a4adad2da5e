"""Finding 公民身份号码 in text, however written: the one finder of the check, the guard and the page mask."""

import datetime
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.identifiers import SEPARATORS, IdNumberStatus, find_id_numbers
from tests.unit.crypto.identifiers.reference import with_mod11_2

TODAY = datetime.date(2026, 11, 26)

# Written out here rather than taken from the package, so the test says what must be found.
SEPARATOR_VARIANTS = (
    " ", "-", ".", "/", "·", "_", "，", ",", "\u3000", "\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
    "\u00ad", "－", "—", "–", "‐", "−", "・", "．", "／", "＿", "\t", "\n", "、", "\\",
)
HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=12)
LETTERS = st.sampled_from(["", "NO", "No.", "ID:", "ID", "号", "x", "abc", "（", "“"])
TRAILERS = st.sampled_from(["", "号", "X", "abc", "）", "”", "。", "，电话"])


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    region = draw(st.one_of(st.sampled_from(["512002", "512021", "512022", "110105"]), st.from_regex(r"\A[0-9]{6}\Z")))
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    return with_mod11_2(region + born.strftime("%Y%m%d") + draw(st.from_regex(r"\A[0-9]{3}\Z")))


@st.composite
def written(draw: st.DrawFn, number: str) -> str:
    """``number`` as a person might type it: separators anywhere, full width, lower-case x."""
    cuts = draw(st.sets(st.integers(min_value=1, max_value=len(number) - 1), max_size=6))
    separators = st.lists(st.sampled_from(SEPARATOR_VARIANTS), min_size=1, max_size=3).map("".join)
    text = "".join(char + (draw(separators) if index + 1 in cuts else "") for index, char in enumerate(number))
    if draw(st.booleans()):
        text = text.lower()
    if draw(st.booleans()):
        text = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)
    return text


@settings(max_examples=300)
@given(number=valid_numbers(), data=st.data())
def test_a_valid_number_is_found_however_it_is_written(number: str, data: st.DataObject) -> None:
    shown = data.draw(written(number))
    before = data.draw(HAN) + data.draw(LETTERS)
    after = data.draw(TRAILERS) + data.draw(HAN)
    text = before + shown + after
    found = find_id_numbers(text, today=TODAY)
    assert [(m.start, m.end, m.status, m.number) for m in found] == [
        (len(before), len(before) + len(shown), IdNumberStatus.VALID, number)
    ]


@given(number=valid_numbers(), data=st.data())
def test_a_changed_check_character_is_found_as_plausible(number: str, data: st.DataObject) -> None:
    wrong = data.draw(st.sampled_from([c for c in "0123456789X" if c != number[17]]))
    shown = data.draw(written(number[:17] + wrong))
    before = data.draw(HAN)
    found = find_id_numbers(before + shown + data.draw(HAN), today=TODAY)
    assert [(m.start, m.end, m.status) for m in found] == [
        (len(before), len(before) + len(shown), IdNumberStatus.PLAUSIBLE)
    ]
    assert not found[0].valid and not found[0].accepted


@given(born=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31)), data=st.data())
def test_a_legacy_number_is_found_and_upgraded(born: datetime.date, data: st.DataObject) -> None:
    region = data.draw(st.from_regex(r"\A[0-9]{6}\Z"))
    sequence = data.draw(st.from_regex(r"\A[0-9]{3}\Z"))
    shown = data.draw(written(region + born.strftime("%y%m%d") + sequence))
    before = data.draw(HAN)
    found = find_id_numbers(before + shown + data.draw(HAN), today=TODAY)
    assert [(m.start, m.end, m.status, m.number) for m in found] == [
        (len(before), len(before) + len(shown), IdNumberStatus.LEGACY,
         with_mod11_2(region + born.strftime("%Y%m%d") + sequence))
    ]


@given(numbers=st.lists(valid_numbers(), min_size=2, max_size=4), data=st.data())
def test_several_numbers_in_one_text_are_each_found(numbers: list[str], data: st.DataObject) -> None:
    gap = st.one_of(HAN.filter(bool), st.sampled_from(["，", "、", " ", "/", "；"]))
    pieces, spans, at = [], [], 0
    for number in numbers:
        shown = data.draw(written(number))
        lead = data.draw(gap)
        pieces += [lead, shown]
        spans.append((at + len(lead), at + len(lead) + len(shown)))
        at += len(lead) + len(shown)
    found = find_id_numbers("".join(pieces), today=TODAY)
    assert [(m.start, m.end) for m in found] == spans
    assert [m.number for m in found] == numbers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("车辆登记所有人杨某（512000197410170138）不知情。", "512000197410170138"),
        ("他的号码是110105200302213976。", "110105200302213976"),
        ("512002.19800101.0018", "512002.19800101.0018"),
        ("号码512002/19800101/0018", "512002/19800101/0018"),
        ("号码512002·19800101·0018", "512002·19800101·0018"),
        ("号码512002_19800101_0018", "512002_19800101_0018"),
        ("号码512002，19800101，0018", "512002，19800101，0018"),
        ("号码512002\u200b19800101\u200b0018", "512002\u200b19800101\u200b0018"),
        ("NO512002198001010018", "512002198001010018"),
        ("ID:512002198001010018号", "512002198001010018"),
        ("５１２００２１９８００１０１００１８", "５１２００２１９８００１０１００１８"),
        ("经查11010519491231002x系其本人", "11010519491231002x"),
        # A phone number just before it does not hide it.
        ("电话13812345678，512002198001010018", "512002198001010018"),
        ("13812345678 512002198001010018", "512002198001010018"),
        # 15 digits, a space, 3 more that do not make an 18: the legacy number still stands.
        ("旧证110105491231002 123", "110105491231002"),
    ],
)
def test_known_spellings(text: str, number: str) -> None:
    start = text.index(number)
    assert [(m.start, m.end) for m in find_id_numbers(text, today=TODAY)] == [(start, start + len(number))]


@pytest.mark.parametrize(
    "text",
    [
        "罚款人民币5000元整，决定书文号资市监罚〔2023〕15号。",
        "1512002198001010018",  # glued to another digit: part of a longer number
        "5120021980010100189",
        "6222 0212 3456 7890 123",  # a spaced 19-digit card
        "订单1234567890123456789012",
        "110105199013010000",  # month 13
        "51200219800101001",  # 17 digits
        "91512002MA62XJ5K12",  # a credit code
        "",
    ],
)
def test_not_an_id_number(text: str) -> None:
    assert find_id_numbers(text, today=TODAY) == []


def test_the_birth_date_is_judged_against_the_given_day() -> None:
    number = with_mod11_2("51200220261127123")
    assert find_id_numbers(number, today=TODAY) == []
    assert len(find_id_numbers(number, today=TODAY + datetime.timedelta(days=1))) == 1


@pytest.mark.parametrize("category", ["Zs", "Cf", "Pd"])
def test_every_space_format_character_and_dash_is_a_separator(category: str) -> None:
    missing = [
        f"U+{code:04X}" for code in range(0x10000)
        if unicodedata.category(chr(code)) == category and chr(code) not in SEPARATORS
    ]
    assert missing == []
