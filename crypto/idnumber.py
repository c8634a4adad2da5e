"""Normalisation and validation of 公民身份号码 (resident identity numbers, GB 11643).

Policy §5: format, birth date and check character decide validity. A region table is deliberately
absent: a number keeps the code of the county that first issued it, even when that county was created
after the holder's birth or has since been abolished, so a table would reject real people.
"""

import datetime
import re
import unicodedata

from stdnum.cn.ric import calc_check_digit

from crypto.errors import InvalidIdNumber

# Birth dates are Chinese calendar days; judging "the future" in UTC would reject a baby registered in
# the first eight hours of its birthday.
_CHINA_STANDARD_TIME = datetime.timezone(datetime.timedelta(hours=8), "CST")
_EARLIEST_BIRTH_YEAR = 1900

_CANONICAL_CHARACTERS = re.compile(r"[0-9]*X?", re.ASCII)
_LEGACY_LENGTH = 15
_MODERN_LENGTH = 18


def _is_separator(char: str) -> bool:
    """Characters that forms, scans and people put inside numbers without meaning anything."""
    category = unicodedata.category(char)
    # Whitespace (incl. U+3000 and NBSP), every dash/hyphen (Pd), the minus sign, and invisible
    # format characters such as zero-width spaces and a BOM pasted along with the number.
    return char.isspace() or category in ("Pd", "Cf") or char == "\u2212"


def _clean(raw: str) -> str:
    if raw.isascii() and raw.isalnum():
        return raw.upper()  # the common case: nothing to fold or strip
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(char for char in folded if not _is_separator(char)).upper()


def _today_in_china() -> datetime.date:
    return datetime.datetime.now(_CHINA_STANDARD_TIME).date()


def _parse_birth_date(yyyymmdd: str, *, today: datetime.date) -> datetime.date:
    try:
        born = datetime.date(int(yyyymmdd[0:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise InvalidIdNumber("invalid birth date") from None
    if born.year < _EARLIEST_BIRTH_YEAR or born > today:
        raise InvalidIdNumber("invalid birth date")
    return born


def _check_character(first_seventeen: str) -> str:
    # calc_check_digit expects the full number and ignores its last character (ISO 7064 MOD 11-2).
    return calc_check_digit(first_seventeen + "0")


def normalize_id_number(raw: str, *, today: datetime.date | None = None) -> str:
    """Return the canonical 18-character form (digits, upper-case X) or raise InvalidIdNumber.

    Accepts full-width characters, spaces, hyphens, a lower-case x and 15-digit legacy numbers, which
    are upgraded so that one person always has one canonical number. `today` (China's date by default)
    bounds the birth date.
    """
    if not isinstance(raw, str):
        raise InvalidIdNumber("invalid characters")
    number = _clean(raw)
    if not number:
        raise InvalidIdNumber("empty")
    if _CANONICAL_CHARACTERS.fullmatch(number) is None:
        raise InvalidIdNumber("invalid characters")
    if len(number) not in (_LEGACY_LENGTH, _MODERN_LENGTH):
        raise InvalidIdNumber("wrong length")
    reference_day = today if today is not None else _today_in_china()

    if len(number) == _LEGACY_LENGTH:
        if not number.isdigit():
            # Legacy numbers have no check character, so an X cannot belong there.
            raise InvalidIdNumber("invalid characters")
        first_seventeen = number[:6] + "19" + number[6:]
        _parse_birth_date(first_seventeen[6:14], today=reference_day)
        return first_seventeen + _check_character(first_seventeen)

    first_seventeen, check = number[:17], number[17]
    _parse_birth_date(first_seventeen[6:14], today=reference_day)
    if _check_character(first_seventeen) != check:
        raise InvalidIdNumber("check character mismatch")
    return number


def is_valid_id_number(raw: str, *, today: datetime.date | None = None) -> bool:
    """True when `raw` normalises to a valid 18-character number."""
    try:
        normalize_id_number(raw, today=today)
    except InvalidIdNumber:
        return False
    return True


def birth_date(normalized: str) -> datetime.date:
    """Birth date encoded in an identity number (any accepted form; raises InvalidIdNumber)."""
    canonical = normalize_id_number(normalized)
    return datetime.date(int(canonical[6:10]), int(canonical[10:12]), int(canonical[12:14]))
