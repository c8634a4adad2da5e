"""公民身份号码 normalisation and validation (policy §5)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn.ric import calc_check_digit

from crypto import InvalidIdNumber, birth_date, is_valid_id_number, normalize_id_number

TODAY = datetime.date(2026, 11, 26)

# GB 11643's own example, upgraded from its 15-digit predecessor 110105491231002.
GB_EXAMPLE = "11010519491231002X"
# 资阳: 雁江区 512002 and 安岳县 512021 were created in 1998/2000, after these holders were born, and
# stdnum's region table rejects them; 990000 is a made-up code. All must pass.
ZIYANG_YANJIANG = "512002199003071230"
ZIYANG_ANYUE = "512021198511150044"
MADE_UP_REGION = "99000019800229001X"


def with_check(first_seventeen: str) -> str:
    # calc_check_digit ignores the last character of what it is given.
    return first_seventeen + calc_check_digit(first_seventeen + "0")


def mod11_2_reference(first_seventeen: str) -> str:
    """Independent ISO 7064 MOD 11-2 (GB 11643 weights) to cross-check the pinned numbers."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, weights, strict=True))
    return "10X98765432"[total % 11]


@pytest.mark.parametrize("number", [GB_EXAMPLE, ZIYANG_YANJIANG, ZIYANG_ANYUE, MADE_UP_REGION])
def test_pinned_numbers_have_correct_check_characters(number: str) -> None:
    assert mod11_2_reference(number[:17]) == number[17]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (GB_EXAMPLE, GB_EXAMPLE),
        ("11010519491231002x", GB_EXAMPLE),
        ("１１０１０５１９４９１２３１００２Ｘ", GB_EXAMPLE),
        ("１１０１０５１９４９１２３１００２ｘ", GB_EXAMPLE),
        ("110105 19491231 002X", GB_EXAMPLE),
        ("110105\u300019491231\u3000002x", GB_EXAMPLE),
        ("110105-19491231-002X", GB_EXAMPLE),
        ("110105\u201419491231\u2013002X", GB_EXAMPLE),
        ("１１０１０５－１９４９１２３１－００２Ｘ", GB_EXAMPLE),
        ("\u200b11010519491231002X\ufeff", GB_EXAMPLE),
        ("  11010519491231002X\n", GB_EXAMPLE),
        ("110105491231002", GB_EXAMPLE),
        ("110105 491231 002", GB_EXAMPLE),
        ("１１０１０５４９１２３１００２", GB_EXAMPLE),
        (ZIYANG_YANJIANG, ZIYANG_YANJIANG),
        ("512002900307123", ZIYANG_YANJIANG),
        (ZIYANG_ANYUE, ZIYANG_ANYUE),
        ("512021851115004", ZIYANG_ANYUE),
        (MADE_UP_REGION, MADE_UP_REGION),
        ("990000800229001", MADE_UP_REGION),
    ],
)
def test_normalizes_to_canonical_form(raw: str, expected: str) -> None:
    assert normalize_id_number(raw, today=TODAY) == expected
    assert is_valid_id_number(raw, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u3000-\u3000", "empty"),
        ("11010519491231002", "wrong length"),
        ("110105194912310021X", "wrong length"),
        ("11010519491231002X1", "invalid characters"),
        ("1101054912310", "wrong length"),
        ("1101051949123100", "wrong length"),
        ("110105194912A1002X", "invalid characters"),
        ("1101051949123100XX", "invalid characters"),
        ("X1010519491231002X", "invalid characters"),
        ("110105/19491231/002X", "invalid characters"),
        ("11010549123100X", "invalid characters"),
        ("11010519491231002Y", "invalid characters"),
        ("11010519491231002\u0663", "invalid characters"),
        ("11010519491231002A", "invalid characters"),
        ("110105199002310000", "invalid birth date"),
        ("110105199013010000", "invalid birth date"),
        ("110105199000010000", "invalid birth date"),
        ("110105190002290000", "invalid birth date"),
        ("110105189912310000", "invalid birth date"),
        ("110105209901010000", "invalid birth date"),
        ("110105202611270000", "invalid birth date"),
        ("110105900231000", "invalid birth date"),
        ("110105000229000", "invalid birth date"),
        ("110105194912310020", "check character mismatch"),
        ("110105194912310021", "check character mismatch"),
        ("512002199003071231", "check character mismatch"),
        ("51200219900307123X", "check character mismatch"),
    ],
)
def test_rejects_with_exact_reason(raw: str, reason: str) -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        normalize_id_number(raw, today=TODAY)
    assert caught.value.reason == reason
    assert str(caught.value) == reason
    assert not is_valid_id_number(raw, today=TODAY)


def test_thirty_first_of_february_is_rejected_even_with_a_correct_check_character() -> None:
    number = with_check("51200219900231123")
    with pytest.raises(InvalidIdNumber, match=r"^invalid birth date$"):
        normalize_id_number(number, today=TODAY)


def test_future_birth_date_is_rejected_even_with_a_correct_check_character() -> None:
    tomorrow = TODAY + datetime.timedelta(days=1)
    number = with_check("512002" + tomorrow.strftime("%Y%m%d") + "123")
    with pytest.raises(InvalidIdNumber, match=r"^invalid birth date$"):
        normalize_id_number(number, today=TODAY)
    born_today = with_check("512002" + TODAY.strftime("%Y%m%d") + "123")
    assert normalize_id_number(born_today, today=TODAY) == born_today


def test_default_today_rejects_far_future_and_accepts_the_past() -> None:
    assert not is_valid_id_number(with_check("51200221000101123"))
    assert is_valid_id_number(GB_EXAMPLE)


def test_non_string_input_is_rejected_cleanly() -> None:
    assert not is_valid_id_number(None)  # type: ignore[arg-type]
    assert not is_valid_id_number(11010519491231002)  # type: ignore[arg-type]


def test_rejection_never_carries_the_number() -> None:
    number = "512002199003071231"
    with pytest.raises(InvalidIdNumber) as caught:
        normalize_id_number(number, today=TODAY)
    assert "512002" not in str(caught.value)
    assert "512002" not in repr(caught.value)
    assert all("512002" not in str(arg) for arg in caught.value.args)


def test_birth_date_of_canonical_and_legacy_forms() -> None:
    assert birth_date(GB_EXAMPLE) == datetime.date(1949, 12, 31)
    assert birth_date("110105491231002") == datetime.date(1949, 12, 31)
    assert birth_date(MADE_UP_REGION) == datetime.date(1980, 2, 29)
    with pytest.raises(InvalidIdNumber):
        birth_date("110105194912310020")


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    region = draw(st.from_regex(r"\A[0-9]{6}\Z"))
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.from_regex(r"\A[0-9]{3}\Z"))
    return with_check(region + born.strftime("%Y%m%d") + sequence)


@given(number=valid_numbers())
def test_every_valid_number_round_trips(number: str) -> None:
    assert normalize_id_number(number, today=TODAY) == number
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in number.lower())
    assert normalize_id_number(full_width, today=TODAY) == number
    assert normalize_id_number(f"{number[:6]} {number[6:14]}-{number[14:]}", today=TODAY) == number


@given(number=valid_numbers(), data=st.data())
def test_any_single_character_change_is_rejected(number: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=17))
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([char for char in alphabet if char != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(InvalidIdNumber):
        normalize_id_number(changed, today=TODAY)


LEGACY_BIRTH_DATES = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31))


@given(born=LEGACY_BIRTH_DATES, data=st.data())
def test_legacy_number_upgrades_to_the_modern_number(born: datetime.date, data: st.DataObject) -> None:
    region = data.draw(st.from_regex(r"\A[0-9]{6}\Z"))
    sequence = data.draw(st.from_regex(r"\A[0-9]{3}\Z"))
    legacy = region + born.strftime("%y%m%d") + sequence
    modern = with_check(region + born.strftime("%Y%m%d") + sequence)
    assert normalize_id_number(legacy, today=TODAY) == modern
