"""公民身份号码 facts (policy §5): format, birth date and ISO 7064 MOD 11-2 check character.

The region code is deliberately not checked against a table: codes of counties created after a
person's birth, and abolished codes, stay valid for life, and ``stdnum.cn.ric.validate`` would
reject them.
"""

import datetime as dt

from stdnum.cn import ric


def bare(text: str) -> str:
    """``text`` without the separators a number may carry (space, hyphen, dot), upper-cased."""
    return "".join(ch for ch in text if ch.isalnum()).upper()


def _birth_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return None
    if year < 1900 or born > dt.date.today():
        return None
    return born


def upgrade_15_to_18(number: str) -> str:
    """The 18-character form of a legacy 15-digit number (19 inserted before the year)."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body)


def check_resident_id(text: str) -> bool | None:
    """True: a valid 18-character ID; None: plausible but unproven (legacy 15 digits, or a wrong
    check character), needs context; False: not an ID."""
    number = bare(text)
    if len(number) == 15 and number.isdigit():
        # Fifteen digits with a date inside are common (registration numbers), so a legacy ID
        # needs a context word: None keeps the low pattern score.
        born = _birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        return False if born is None else None
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return False
    if number[0] in "09" or _birth_date(int(number[6:10]), int(number[10:12]), int(number[12:14])) is None:
        return False
    return True if ric.calc_check_digit(number[:17]) == number[17] else None


def birth_date_of(number: str) -> dt.date | None:
    """Birth date inside an 18- or 15-character resident ID, if it holds a valid one."""
    if len(number) == 18 and number[:17].isdigit():
        return _birth_date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    if len(number) == 15 and number.isdigit():
        return _birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    return None
