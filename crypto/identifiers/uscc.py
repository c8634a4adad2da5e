"""统一社会信用代码 (GB 32100): validating and finding in text.

18 characters: the registering authority and the kind of organisation (one character each), the
6-digit region, the 9-character organisation code, and a check character over the alphabet without
I, O, S, V and Z. ``stdnum.cn.uscc.validate`` insists on digits in the first two places, which rejects
codes of authorities written with a letter (N, Y…), so only its check-character arithmetic is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import uscc as _stdnum_uscc

from crypto.identifiers._text import compact, either_width, fold_width
from crypto.identifiers.errors import InvalidUscc
from crypto.identifiers.resident_id import read_id_number

USCC_LENGTH = 18
_CHARACTER = "[0-9A-HJ-NPQRTUWXY]"
_SHAPE = re.compile(rf"{_CHARACTER}{{2}}[0-9]{{6}}{_CHARACTER}{{10}}")
_ALLOWED = re.compile(rf"{_CHARACTER}*")
_ANY = either_width("0123456789ABCDEFGHJKLMNPQRTUWXY")
_ALNUM = either_width("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGIT = either_width("0123456789")
# (The boundary is checked after the first character so that the search can skip ahead to candidates.)
_CANDIDATE = re.compile(rf"{_ANY}(?<!{_ALNUM}{{2}}){_ANY}{_DIGIT}{{6}}{_ANY}{{10}}(?!{_ALNUM})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UsccMatch:
    """A valid 统一社会信用代码 found in a text (offsets into the text as given)."""

    start: int
    end: int
    code: str  # upper-case ASCII


def uscc_check_character(first_seventeen: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    return _stdnum_uscc.calc_check_digit(first_seventeen)


@lru_cache(maxsize=4096)
def _problem(code: str) -> str | None:
    # Cached: a batch names the same few agencies over and over.
    if len(code) != USCC_LENGTH:
        return "uscc.wrong_length"
    if _ALLOWED.fullmatch(code) is None or _SHAPE.fullmatch(code) is None:
        return "uscc.invalid_characters"
    if uscc_check_character(code[:17]) != code[17]:
        return "uscc.check_character"
    return None


def normalize_uscc(raw: str) -> str:
    """The code in upper-case ASCII without separators, or InvalidUscc with a code."""
    if not isinstance(raw, str):
        raise InvalidUscc("uscc.invalid_characters")
    code = compact(raw)
    problem = _problem(code)
    if problem is not None:
        raise InvalidUscc(problem)
    return code


def is_valid_uscc(raw: str) -> bool:
    try:
        normalize_uscc(raw)
    except InvalidUscc:
        return False
    return True


def is_unambiguous_uscc(code: str) -> bool:
    """``code``, exactly as written (any case), is a valid 统一社会信用代码 that cannot be a resident ID.

    An all-digit code can pass both checks; such a value is never taken for a (public) credit code, since
    it may be someone's 公民身份号码 (right shape and birth date, whatever its check character).
    """
    if not isinstance(code, str):
        return False
    code = code.upper()
    return _problem(code) is None and read_id_number(code) is None


def find_usccs(text: str) -> list[UsccMatch]:
    """Every unambiguous 统一社会信用代码 written whole in ``text`` (full-width or lower-case too).

    A code that could be someone's 公民身份号码 is never returned (``is_unambiguous_uscc``): a credit
    code is public while an identity number is not.
    """
    found = []
    for candidate in _CANDIDATE.finditer(text):
        code = fold_width(candidate.group()).upper()
        if is_unambiguous_uscc(code):
            found.append(UsccMatch(candidate.start(), candidate.end(), code))
    return found
