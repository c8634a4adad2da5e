"""公民身份号码 (GB 11643): normalising, validating, upgrading 15 to 18, and finding in text.

Policy §5: format, birth date and the ISO 7064 MOD 11-2 check character decide validity. There is no
region table, on purpose: a number keeps the code of the county that first issued it, even when that
county was created after the holder's birth (资阳's 512002/512021/512022 and many others) or has since
been abolished, so a table would reject real people. ``stdnum.cn.ric.validate`` has such a table and is
never used; only its check-character arithmetic is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from stdnum.cn import ric

from crypto.identifiers import clock
from crypto.identifiers._text import bare, compact, either_width, separator_class
from crypto.identifiers.errors import InvalidIdNumber

EARLIEST_BIRTH_YEAR = 1900
MODERN_LENGTH = 18
LEGACY_LENGTH = 15

_SHAPE = re.compile(r"[0-9]*X?", re.ASCII)
_DIGITS = frozenset("0123456789０１２３４５６７８９")

# Fifteen digits, then optionally three more characters that make an 18-character number, with up to
# three separators between any two characters. The only boundary is an adjacent digit: letters may
# touch the number (NO512002…, ID:…), and a separator next to a digit does not join two numbers, so a
# phone number followed by "，" and an ID number still leaves the ID number findable.
_SEP = separator_class() + "{0,3}"
_D = either_width("0123456789")
_C = either_width("0123456789Xx")
# (The boundary is checked after the first digit so that the search can skip ahead to digits.)
_CANDIDATE = re.compile(rf"({_D}(?<!{_D}{{2}})(?:{_SEP}{_D}){{14}})((?:{_SEP}{_D}){{2}}{_SEP}{_C})?(?!{_D})")


class IdNumberStatus(StrEnum):
    """What a number that looks like a 公民身份号码 is."""

    VALID = "valid"  # 18 characters, real birth date, right check character
    PLAUSIBLE = "plausible"  # 18 characters and a real birth date, wrong check character: a mistyped
    # number is still someone's number, but only context (身份证…) says it is one
    LEGACY = "legacy"  # 15 digits with a real birth date (issued before 1999; no check character)


@dataclass(frozen=True, slots=True)
class IdNumberReading:
    """A string read as a 公民身份号码."""

    status: IdNumberStatus
    number: str  # 18 characters: a legacy number upgraded; a plausible one as written
    born: dt.date

    @property
    def valid(self) -> bool:
        return self.status is IdNumberStatus.VALID

    @property
    def accepted(self) -> bool:
        """``normalize_id_number`` accepts it: valid, or legacy (no check character to be wrong)."""
        return self.status is not IdNumberStatus.PLAUSIBLE


@dataclass(frozen=True, slots=True)
class IdNumberMatch(IdNumberReading):
    """A 公民身份号码 found in a text; ``start``/``end`` are offsets into the text as given."""

    start: int
    end: int


def check_character(first_seventeen: str) -> str:
    """The ISO 7064 MOD 11-2 check character (0-9 or X) for the first 17 digits."""
    # python-stdnum 2.x takes the whole number and ignores its last character (1.x took 17 digits):
    # pinned to >=2 in pyproject.toml, and tested against an independent computation.
    return ric.calc_check_digit(first_seventeen + "0")


def _birth_date(yyyymmdd: str, today: dt.date) -> dt.date | None:
    try:
        born = dt.date(int(yyyymmdd[0:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None
    if born.year < EARLIEST_BIRTH_YEAR or born > today:
        return None
    return born


def _read(number: str, today: dt.date) -> IdNumberReading | None:
    """Read a bare number of 18 characters ([0-9]{17}[0-9X]) or 15 digits."""
    if len(number) == LEGACY_LENGTH:
        first_seventeen = number[:6] + "19" + number[6:]
        born = _birth_date(first_seventeen[6:14], today)
        if born is None:
            return None
        return IdNumberReading(IdNumberStatus.LEGACY, first_seventeen + check_character(first_seventeen), born)
    born = _birth_date(number[6:14], today)
    if born is None:
        return None
    right = check_character(number[:17]) == number[17]
    return IdNumberReading(IdNumberStatus.VALID if right else IdNumberStatus.PLAUSIBLE, number, born)


def _bare_number(raw: object) -> str:
    """``raw`` compacted, or an InvalidIdNumber for anything that cannot be a number at all."""
    if not isinstance(raw, str):
        raise InvalidIdNumber("id_number.invalid_characters")
    number = compact(raw)
    if not number:
        raise InvalidIdNumber("id_number.empty")
    if _SHAPE.fullmatch(number) is None:
        raise InvalidIdNumber("id_number.invalid_characters")
    if len(number) not in (LEGACY_LENGTH, MODERN_LENGTH):
        raise InvalidIdNumber("id_number.wrong_length")
    if len(number) == LEGACY_LENGTH and not number.isdigit():
        # Legacy numbers have no check character, so an X cannot belong there.
        raise InvalidIdNumber("id_number.invalid_characters")
    return number


def read_id_number(raw: str, *, today: dt.date | None = None) -> IdNumberReading | None:
    """What ``raw`` is as a 公民身份号码 (valid, plausible or legacy), or None when it cannot be one."""
    try:
        number = _bare_number(raw)
    except InvalidIdNumber:
        return None
    return _read(number, today or clock.today())


def normalize_id_number(raw: str, *, today: dt.date | None = None) -> str:
    """The canonical 18-character form (digits, upper-case X), or InvalidIdNumber with a code.

    Accepts full-width characters, every separator of ``SEPARATORS``, a lower-case x and 15-digit legacy
    numbers, which are upgraded so that one person always has one canonical number. ``today`` (China's
    date by default) bounds the birth date.
    """
    reading = _read(_bare_number(raw), today or clock.today())
    if reading is None:
        raise InvalidIdNumber("id_number.birth_date")
    if not reading.accepted:
        raise InvalidIdNumber("id_number.check_character")
    return reading.number


def is_valid_id_number(raw: str, *, today: dt.date | None = None) -> bool:
    """True when ``raw`` normalises to a valid 18-character number (a legacy number upgrades to one)."""
    reading = read_id_number(raw, today=today)
    return reading is not None and reading.accepted


def upgrade_15_to_18(legacy: str, *, today: dt.date | None = None) -> str:
    """The 18-character number of a 15-digit legacy one (19 before the year, check character after)."""
    number = _bare_number(legacy)
    if len(number) != LEGACY_LENGTH:
        raise InvalidIdNumber("id_number.wrong_length")
    return normalize_id_number(number, today=today)


def birth_date(raw: str, *, today: dt.date | None = None) -> dt.date:
    """The birth date inside a valid number (either length); InvalidIdNumber otherwise."""
    number = normalize_id_number(raw, today=today)
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def find_id_numbers(text: str, *, today: dt.date | None = None) -> list[IdNumberMatch]:
    """Every 18- or 15-character 公民身份号码 in ``text``, however it is written, in text order.

    Separators of every kind between the characters, full-width digits, a lower-case x, letters glued to
    either side and no context word at all are all found; offsets are those of ``text``. A match is
    ``valid``, ``plausible`` (right shape and birth date, wrong check character) or ``legacy``.
    """
    day = today or clock.today()
    found: list[IdNumberMatch] = []
    position = 0
    search = _CANDIDATE.search
    while (candidate := search(text, position)) is not None:
        start, end = candidate.span()
        reading = _read(bare(candidate.group()), day)
        if reading is None and candidate.group(2) is not None and text[candidate.end(1)] not in _DIGITS:
            # Fifteen digits, a separator, then three more: the 18 failed, the 15 may stand alone.
            end = candidate.end(1)
            reading = _read(bare(candidate.group(1)), day)
        if reading is None:
            # Not a number at this start; one may begin at a later digit of the same run.
            position = start + 1
            continue
        found.append(IdNumberMatch(reading.status, reading.number, reading.born, start, end))
        position = end
    return found
