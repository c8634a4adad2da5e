"""统一社会信用代码 (GB 32100): validation against an independent check, and finding in text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto.identifiers import InvalidUscc, find_usccs, is_valid_uscc, normalize_uscc, uscc_check_character
from tests.unit.crypto.identifiers.reference import USCC_ALPHABET, gb32100, with_mod11_2

VALID = "91512002MA62XJ5K12"
ALPHABET = st.sampled_from(USCC_ALPHABET)


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "53", "N1", "Y1", "31"]))
    region = draw(st.from_regex(r"\A[0-9]{6}\Z"))
    organisation = "".join(draw(st.lists(ALPHABET, min_size=9, max_size=9)))
    body = head + region + organisation
    return body + gb32100(body)


def test_pinned_code() -> None:
    assert gb32100(VALID[:17]) == VALID[17]
    assert normalize_uscc(VALID) == VALID


@given(code=valid_codes())
def test_valid_codes_are_valid_in_any_case_and_width(code: str) -> None:
    assert uscc_check_character(code[:17]) == code[17]
    assert normalize_uscc(code) == code
    assert normalize_uscc(code.lower()) == code
    assert normalize_uscc("".join(chr(ord(c) + 0xFEE0) for c in code)) == code
    assert normalize_uscc(f" {code[:8]} {code[8:]} ") == code


@given(code=valid_codes(), data=st.data())
def test_a_changed_check_character_is_refused(code: str, data: st.DataObject) -> None:
    wrong = data.draw(ALPHABET.filter(lambda c: c != code[17]))
    with pytest.raises(InvalidUscc) as caught:
        normalize_uscc(code[:17] + wrong)
    assert caught.value.code == "uscc.check_character"
    assert not is_valid_uscc(code[:17] + wrong)


@pytest.mark.parametrize(
    ("raw", "code", "reason"),
    [
        ("123", "uscc.wrong_length", "统一社会信用代码 must be 18 characters"),
        ("91512002MA62XJ5K1", "uscc.wrong_length", "统一社会信用代码 must be 18 characters"),
        ("91512002MA62XJ5KI2", "uscc.invalid_characters", "统一社会信用代码 has invalid characters"),
        ("9151200AMA62XJ5K12", "uscc.invalid_characters", "统一社会信用代码 has invalid characters"),
        ("91512002MA62XXXXX0", "uscc.check_character", "统一社会信用代码 check character mismatch"),
    ],
)
def test_rejects_with_exact_code(raw: str, code: str, reason: str) -> None:
    with pytest.raises(InvalidUscc) as caught:
        normalize_uscc(raw)
    assert (caught.value.code, str(caught.value)) == (code, reason)
    assert raw not in repr(caught.value)


@given(
    code=valid_codes(),
    before=st.sampled_from(["统一社会信用代码", "代码：", "（", ""]),
    after=st.sampled_from(["", "）", "，"]),
)
def test_found_in_text(code: str, before: str, after: str) -> None:
    text = f"{before}{code}{after}"
    assert [(m.start, m.end, m.code) for m in find_usccs(text)] == [(len(before), len(before) + 18, code)]
    wide = f"{before}{''.join(chr(ord(c) + 0xFEE0) for c in code)}{after}"
    assert [m.code for m in find_usccs(wide)] == [code]


@pytest.mark.parametrize(
    "text",
    [
        "代码91512002MA62XJ5K1B",  # wrong check character
        "代码91512002MA62XJ5K12A",  # part of a longer token
        "身份证号110105194912311508",  # a resident ID is never a credit code
    ],
)
def test_not_found(text: str) -> None:
    assert find_usccs(text) == []


def test_an_all_digit_code_that_could_be_an_id_number_is_not_returned() -> None:
    # Search for an 18-digit string valid under both rules: it must never be called a (public) credit code.
    for n in range(100_000):
        body = f"512002{1980 + n % 20}0101{n % 1000:03d}"[:17]
        number = with_mod11_2(body)
        if is_valid_uscc(number):
            break
    else:  # pragma: no cover
        pytest.fail("no number valid under both rules found")
    assert find_usccs(f"代码{number}") == []
