"""公民身份号码 normalisation and validation (policy §5): format, birth date, check character; no region table."""

import datetime
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from crypto.identifiers import (
    MESSAGES_ZH,
    IdNumberStatus,
    InvalidIdNumber,
    birth_date,
    check_character,
    is_valid_id_number,
    normalize_id_number,
    read_id_number,
    upgrade_15_to_18,
)
from tests.unit.crypto.identifiers.reference import mod11_2, with_mod11_2

TODAY = datetime.date(2026, 11, 26)

# GB 11643's own example, upgraded from its 15-digit predecessor 110105491231002.
GB_EXAMPLE = "11010519491231002X"
# 资阳: 雁江区 512002 and 安岳县 512021 were created in 1998/2000, after these holders were born, and
# stdnum's region table rejects them; 990000 is a made-up code. All must pass.
ZIYANG_YANJIANG = "512002199003071230"
ZIYANG_ANYUE = "512021198511150044"
MADE_UP_REGION = "99000019800229001X"
# The two numbers of the issue's failing sentences: both check characters are right.
ISSUE_NUMBERS = ("512000197410170138", "110105200302213976")
ZIYANG_CODES = ("512002", "512021", "512022")


@pytest.mark.parametrize("number", [GB_EXAMPLE, ZIYANG_YANJIANG, ZIYANG_ANYUE, MADE_UP_REGION, *ISSUE_NUMBERS])
def test_pinned_numbers_have_correct_check_characters(number: str) -> None:
    assert mod11_2(number[:17]) == number[17]
    assert check_character(number[:17]) == number[17]


@given(st.from_regex(r"\A[0-9]{17}\Z"))
def test_check_character_agrees_with_the_independent_formula(first_seventeen: str) -> None:
    # Guards against python-stdnum's 1.x/2.x change in what calc_check_digit takes.
    assert check_character(first_seventeen) == mod11_2(first_seventeen)


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
        # What the finder reads in text, the validator accepts on its own (one rule for both).
        ("110105/19491231/002X", GB_EXAMPLE),
        ("110105.19491231.002X", GB_EXAMPLE),
        ("110105·19491231·002X", GB_EXAMPLE),
        ("110105_19491231_002X", GB_EXAMPLE),
        ("110105，19491231，002X", GB_EXAMPLE),
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
    ("raw", "code", "reason"),
    [
        ("", "id_number.empty", "empty"),
        ("   ", "id_number.empty", "empty"),
        ("\u3000-\u3000", "id_number.empty", "empty"),
        ("11010519491231002", "id_number.wrong_length", "wrong length"),
        ("110105194912310021X", "id_number.wrong_length", "wrong length"),
        ("11010519491231002X1", "id_number.invalid_characters", "invalid characters"),
        ("1101054912310", "id_number.wrong_length", "wrong length"),
        ("1101051949123100", "id_number.wrong_length", "wrong length"),
        ("110105194912A1002X", "id_number.invalid_characters", "invalid characters"),
        ("1101051949123100XX", "id_number.invalid_characters", "invalid characters"),
        ("X1010519491231002X", "id_number.invalid_characters", "invalid characters"),
        ("110105:19491231:002X", "id_number.invalid_characters", "invalid characters"),
        ("11010549123100X", "id_number.invalid_characters", "invalid characters"),
        ("11010519491231002Y", "id_number.invalid_characters", "invalid characters"),
        ("11010519491231002\u0663", "id_number.invalid_characters", "invalid characters"),
        ("11010519491231002A", "id_number.invalid_characters", "invalid characters"),
        ("110105199002310000", "id_number.birth_date", "invalid birth date"),
        ("110105199013010000", "id_number.birth_date", "invalid birth date"),
        ("110105199000010000", "id_number.birth_date", "invalid birth date"),
        ("110105190002290000", "id_number.birth_date", "invalid birth date"),
        ("110105189912310000", "id_number.birth_date", "invalid birth date"),
        ("110105209901010000", "id_number.birth_date", "invalid birth date"),
        ("110105202611270000", "id_number.birth_date", "invalid birth date"),
        ("110105900231000", "id_number.birth_date", "invalid birth date"),
        ("110105000229000", "id_number.birth_date", "invalid birth date"),
        ("110105194912310020", "id_number.check_character", "check character mismatch"),
        ("110105194912310021", "id_number.check_character", "check character mismatch"),
        ("512002199003071231", "id_number.check_character", "check character mismatch"),
        ("51200219900307123X", "id_number.check_character", "check character mismatch"),
    ],
)
def test_rejects_with_exact_code(raw: str, code: str, reason: str) -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        normalize_id_number(raw, today=TODAY)
    assert caught.value.code == code
    assert caught.value.reason == reason
    assert str(caught.value) == reason
    assert caught.value.message_zh == MESSAGES_ZH[code]
    assert not is_valid_id_number(raw, today=TODAY)


def test_thirty_first_of_february_is_rejected_even_with_a_correct_check_character() -> None:
    number = with_mod11_2("51200219900231123")
    with pytest.raises(InvalidIdNumber) as caught:
        normalize_id_number(number, today=TODAY)
    assert caught.value.code == "id_number.birth_date"


def test_future_birth_date_is_rejected_even_with_a_correct_check_character() -> None:
    tomorrow = TODAY + datetime.timedelta(days=1)
    number = with_mod11_2("512002" + tomorrow.strftime("%Y%m%d") + "123")
    with pytest.raises(InvalidIdNumber, match=r"^invalid birth date$"):
        normalize_id_number(number, today=TODAY)
    born_today = with_mod11_2("512002" + TODAY.strftime("%Y%m%d") + "123")
    assert normalize_id_number(born_today, today=TODAY) == born_today


def test_default_today_rejects_far_future_and_accepts_the_past() -> None:
    assert not is_valid_id_number(with_mod11_2("51200221000101123"))
    assert is_valid_id_number(GB_EXAMPLE)


def test_non_string_input_is_rejected_cleanly() -> None:
    assert not is_valid_id_number(None)  # type: ignore[arg-type]
    assert not is_valid_id_number(11010519491231002)  # type: ignore[arg-type]
    assert read_id_number(None) is None  # type: ignore[arg-type]
    with pytest.raises(InvalidIdNumber) as caught:
        normalize_id_number(11010519491231002)  # type: ignore[arg-type]
    assert caught.value.code == "id_number.invalid_characters"


def test_rejection_never_carries_the_number() -> None:
    number = "512002199003071231"
    with pytest.raises(InvalidIdNumber) as caught:
        normalize_id_number(number, today=TODAY)
    assert "512002" not in str(caught.value)
    assert "512002" not in repr(caught.value)
    assert all("512002" not in str(arg) for arg in caught.value.args)
    again = pickle.loads(pickle.dumps(caught.value))
    assert (type(again), again.code) == (InvalidIdNumber, "id_number.check_character")


def test_an_error_cannot_be_made_to_carry_a_value() -> None:
    with pytest.raises(ValueError, match="unknown identifier error code"):
        InvalidIdNumber("512002199003071231")
    with pytest.raises(ValueError):
        InvalidIdNumber("uscc.check_character")  # another family's code


def test_birth_date_of_canonical_and_legacy_forms() -> None:
    assert birth_date(GB_EXAMPLE) == datetime.date(1949, 12, 31)
    assert birth_date("110105491231002") == datetime.date(1949, 12, 31)
    assert birth_date(MADE_UP_REGION) == datetime.date(1980, 2, 29)
    with pytest.raises(InvalidIdNumber):
        birth_date("110105194912310020")


def test_read_id_number_says_what_a_number_is() -> None:
    valid = read_id_number(GB_EXAMPLE.lower(), today=TODAY)
    assert valid is not None and valid.valid and valid.accepted
    assert (valid.number, valid.born) == (GB_EXAMPLE, datetime.date(1949, 12, 31))
    wrong = read_id_number("110105194912310021", today=TODAY)
    assert wrong is not None and wrong.status is IdNumberStatus.PLAUSIBLE and not wrong.accepted
    assert wrong.number == "110105194912310021"  # as written: no "correction" of someone's number
    legacy = read_id_number("110105491231002", today=TODAY)
    assert legacy is not None and legacy.status is IdNumberStatus.LEGACY and legacy.accepted
    assert legacy.number == GB_EXAMPLE
    assert read_id_number("110105491331002", today=TODAY) is None  # month 13
    assert read_id_number("abc", today=TODAY) is None


def test_upgrade_15_to_18() -> None:
    # (The old redaction copy expected ...150X here: its check character came from the stdnum 1.x call.)
    assert upgrade_15_to_18("110105491231150", today=TODAY) == "110105194912311508"
    assert upgrade_15_to_18("110105 491231 002", today=TODAY) == GB_EXAMPLE
    with pytest.raises(InvalidIdNumber) as caught:
        upgrade_15_to_18(GB_EXAMPLE, today=TODAY)
    assert caught.value.code == "id_number.wrong_length"
    with pytest.raises(InvalidIdNumber) as caught:
        upgrade_15_to_18("110105491331002", today=TODAY)
    assert caught.value.code == "id_number.birth_date"


@st.composite
def valid_numbers(draw: st.DrawFn, *, regions: st.SearchStrategy[str] | None = None) -> str:
    region = draw(regions if regions is not None else st.from_regex(r"\A[0-9]{6}\Z"))
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.from_regex(r"\A[0-9]{3}\Z"))
    return with_mod11_2(region + born.strftime("%Y%m%d") + sequence)


@given(number=valid_numbers())
def test_every_valid_number_round_trips(number: str) -> None:
    assert normalize_id_number(number, today=TODAY) == number
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in number.lower())
    assert normalize_id_number(full_width, today=TODAY) == number
    assert normalize_id_number(f"{number[:6]} {number[6:14]}-{number[14:]}", today=TODAY) == number
    reading = read_id_number(number, today=TODAY)
    assert reading is not None and reading.status is IdNumberStatus.VALID


@given(number=valid_numbers(), data=st.data())
def test_any_single_character_change_is_rejected(number: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=17))
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([char for char in alphabet if char != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(InvalidIdNumber):
        normalize_id_number(changed, today=TODAY)


@given(number=valid_numbers(), data=st.data())
def test_a_changed_check_character_is_plausible_not_valid(number: str, data: st.DataObject) -> None:
    wrong = data.draw(st.sampled_from([char for char in "0123456789X" if char != number[17]]))
    reading = read_id_number(number[:17] + wrong, today=TODAY)
    assert reading is not None and reading.status is IdNumberStatus.PLAUSIBLE
    with pytest.raises(InvalidIdNumber) as caught:
        normalize_id_number(number[:17] + wrong, today=TODAY)
    assert caught.value.code == "id_number.check_character"


LEGACY_BIRTH_DATES = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31))


@given(born=LEGACY_BIRTH_DATES, data=st.data())
def test_legacy_number_upgrades_to_the_modern_number(born: datetime.date, data: st.DataObject) -> None:
    region = data.draw(st.from_regex(r"\A[0-9]{6}\Z"))
    sequence = data.draw(st.from_regex(r"\A[0-9]{3}\Z"))
    legacy = region + born.strftime("%y%m%d") + sequence
    modern = with_mod11_2(region + born.strftime("%Y%m%d") + sequence)
    assert normalize_id_number(legacy, today=TODAY) == modern
    assert upgrade_15_to_18(legacy, today=TODAY) == modern
    assert birth_date(legacy, today=TODAY) == born


@given(
    number=valid_numbers(
        regions=st.sampled_from(ZIYANG_CODES),
    ).filter(lambda n: n[6:10] < "2001")
)
def test_ziyang_numbers_of_people_born_before_2001_are_valid(number: str) -> None:
    assert normalize_id_number(number, today=TODAY) == number
    if number[6:10] < "2000":
        # stdnum's region table rejects them: the proof that validity here never consults it.
        assert not ric.is_valid(number)
