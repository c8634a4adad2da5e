"""The characters people put inside identity numbers, and the two ways of reading numbers past them.

Forms, scans, chat and hurried typing bring full-width digits and letters, spaces of every width,
dashes, dots, slashes, underscores, commas and invisible format characters (zero-width spaces, a BOM,
direction marks) inside numbers. One list, used both to find numbers in text and to normalise a
number given on its own, so that what the finder sees the validator accepts, and the reverse.
"""

import re
import unicodedata

# Every Unicode space (Zs), format character (Cf) and dash (Pd) of the Basic Multilingual Plane is here
# (a test proves it), plus line breaks, the dots, slashes, underscores and commas met inside numbers,
# and look-alike dashes from other blocks.
_SPACES = (
    "\t\n\v\f\r\x85\u2028\u2029"
    " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_FORMAT = (
    "\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
    "\ufeff\ufff9\ufffa\ufffb"
    # Invisible too, though not Cf: combining grapheme joiner and variation selectors.
    "\u034f\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f"
)
_DASHES = (
    "-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d"
    "\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d"
    "\u2212\u2500\u30fc\uff70"  # minus sign, box-drawing line, katakana and half-width prolonged sound marks
)
_DOTS = ".\u00b7\u0387\u2022\u2024\u2027\u2219\u22c5\u30fb\uff0e\uff65"  # . · · • ․ ‧ ∙ ⋅ ・ ． ･
_SLASHES = "/\\\u2044\u2215\uff0f\uff3c"  # / \ ⁄ ∕ ／ ＼
_UNDERSCORES = "_\uff3f"  # _ ＿
_COMMAS = ",\u3001\ufe50\uff0c\uff64"  # , 、 ﹐ ， ､

SEPARATORS = _SPACES + _FORMAT + _DASHES + _DOTS + _SLASHES + _UNDERSCORES + _COMMAS

# Full-width ASCII letters and digits, folded to ASCII in a number found in text.
_FOLD_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_DROP_SEPARATORS = dict.fromkeys(map(ord, SEPARATORS))


def either_width(characters: str) -> str:
    """A character class of ``characters`` (ASCII letters and digits) in both half and full width.

    The finders match the text as given, full-width digits and letters included, rather than folding
    every text first: folding costs a pass over each text, while numbers are rare.
    """
    both = "".join(char + chr(ord(char) + 0xFEE0) for char in characters)
    return "[" + re.escape(both) + "]"


def fold_width(text: str) -> str:
    """``text`` with full-width digits and letters as ASCII; same length."""
    return text.translate(_FOLD_WIDTH)


def compact(text: str) -> str:
    """A number as written, without its separators: NFKC-folded, separators dropped, upper-case."""
    return unicodedata.normalize("NFKC", text).translate(_DROP_SEPARATORS).upper()


def separator_class() -> str:
    """The separators as a regular-expression character class."""
    return "[" + "".join(re.escape(char) for char in dict.fromkeys(SEPARATORS)) + "]"


_BARE = _DROP_SEPARATORS | _FOLD_WIDTH | {ord("x"): ord("X"), ord("ｘ"): ord("X")}


def bare(found: str) -> str:
    """A number as found in text: separators dropped, full width folded, X upper-case."""
    return found.translate(_BARE)
