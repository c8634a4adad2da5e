"""Identity documents other than the resident ID card: passports and 通行证, by type and by shape.

Shapes, by document:
- 护照 (passport): E + 8 digits or E + letter + 7 digits (ordinary passports since 2012); G + 8 digits
  (older ordinary); P, S, D + 7-8 digits and PE/SE/DE + 7 digits (official, service, diplomatic);
  K + 8 digits (Hong Kong SAR).
- 往来港澳通行证 (mainland residents to Hong Kong and Macao): C + 8 digits, C + letter + 7 digits,
  W + 8 digits (the old booklet).
- 港澳居民来往内地通行证 (回乡证): H or M + 8 digits, sometimes + 2 digits of issue count.
- 大陆居民往来台湾通行证: T or L + 8 digits.
- 台湾居民来往大陆通行证 (台胞证): 8 digits (10 on older ones), which look like anything else, so they
  are found only right after their own name.
- 外国人永久居留身份证: 3 letters of nationality + 12 digits (the 2023 card is an 18-digit number that
  the resident-ID rule finds).

Only the E-series passport is distinctive enough to stand alone; the other letter + digits shapes are
also batch, model and part numbers, so a match says it ``needs_context`` (护照, 通行证… nearby).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from crypto.identifiers._text import compact, either_width, fold_width
from crypto.identifiers.errors import InvalidDocumentNumber
from crypto.identifiers.resident_id import normalize_id_number

RESIDENT_ID_DOCUMENT: Final = "身份证"
# 证件类型 as the national standard for 双公示 data names them.
DOCUMENT_TYPES: Final = (
    RESIDENT_ID_DOCUMENT,
    "护照号",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
)
_DOCUMENT_NUMBER = re.compile(r"[A-Z0-9]{5,20}", re.ASCII)


class DocumentKind(StrEnum):
    PASSPORT = "passport"  # 护照
    HK_MACAO_PERMIT = "hk_macao_permit"  # 往来港澳通行证
    HOME_RETURN_PERMIT = "home_return_permit"  # 港澳居民来往内地通行证（回乡证）
    TAIWAN_TRAVEL_PERMIT = "taiwan_travel_permit"  # 大陆居民往来台湾通行证
    TAIWAN_COMPATRIOT_PERMIT = "taiwan_compatriot_permit"  # 台湾居民来往大陆通行证（台胞证）
    PERMANENT_RESIDENCE = "permanent_residence"  # 外国人永久居留身份证


# Words that, a few words before a number of that shape, say it is that document.
CONTEXT_WORDS: Final[dict[DocumentKind, tuple[str, ...]]] = {
    DocumentKind.PASSPORT: ("护照", "passport", "旅行证", "证件"),
    DocumentKind.HK_MACAO_PERMIT: ("通行证", "港澳通行证", "证件"),
    DocumentKind.HOME_RETURN_PERMIT: ("回乡证", "通行证", "证件"),
    DocumentKind.TAIWAN_TRAVEL_PERMIT: ("通行证", "入台证", "证件"),
    DocumentKind.TAIWAN_COMPATRIOT_PERMIT: ("台胞证", "通行证"),
    DocumentKind.PERMANENT_RESIDENCE: ("永久居留", "居留证", "绿卡", "证件"),
}

_LETTER = "[A-HJ-NP-Z]"  # no I or O: they read as 1 and 0
_SHAPES: Final[dict[str, tuple[DocumentKind, bool, str]]] = {
    # group name: (kind, needs context, shape)
    "passport_e": (DocumentKind.PASSPORT, False, rf"E(?:[0-9]{{8}}|{_LETTER}[0-9]{{7}})"),
    "passport": (DocumentKind.PASSPORT, True, r"G[0-9]{8}|[PSD]E[0-9]{7}|[PSD][0-9]{7,8}|K[0-9]{8}"),
    "hk_macao": (DocumentKind.HK_MACAO_PERMIT, True, rf"C(?:[0-9]{{8}}|{_LETTER}[0-9]{{7}})|W[0-9]{{8}}"),
    "home_return": (DocumentKind.HOME_RETURN_PERMIT, True, r"[HM][0-9]{8}(?:[0-9]{2})?"),
    "taiwan_travel": (DocumentKind.TAIWAN_TRAVEL_PERMIT, True, r"[TL][0-9]{8}"),
    "residence": (DocumentKind.PERMANENT_RESIDENCE, True, r"[A-Z]{3}[0-9]{12}"),
}
# Letters then digits, standing alone; which document (if any) is decided by _SHAPE on the candidate.
# (The boundary is checked after the first letter so that the search can skip ahead to letters.)
_UPPER = either_width("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = either_width("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_DIGIT = either_width("0123456789")
_CANDIDATE = re.compile(rf"{_UPPER}(?<!{_ALNUM}{_UPPER}){_UPPER}{{0,2}}{_DIGIT}{{7,12}}(?!{_ALNUM})")
_SHAPE = re.compile("|".join(f"(?P<{name}>{shape})" for name, (_, _, shape) in _SHAPES.items()))
# 台胞证 numbers are bare digits: only found after the document's name ("台胞证号码：12345678").
_AFTER_OWN_NAME = re.compile(
    rf"(?:台胞证|台湾居民来往大陆通行证)(?:号码|证号|号)?(?:为|是)?[：:]?\s{{0,2}}({_DIGIT}{{8}}(?:{_DIGIT}{{2}})?)(?!{_DIGIT})"
)


@dataclass(frozen=True, slots=True)
class DocumentMatch:
    """A passport or 通行证 number found in a text (offsets into the text as given)."""

    start: int
    end: int
    kind: DocumentKind
    needs_context: bool  # True: the shape alone is not enough, a context word must be near


def find_travel_documents(text: str) -> list[DocumentMatch]:
    """Every passport and 通行证 number in ``text`` (full-width too), in text order."""
    found = []
    for candidate in _CANDIDATE.finditer(text):
        shape = _SHAPE.fullmatch(fold_width(candidate.group()))
        if shape is not None:
            kind, needs_context, _ = _SHAPES[shape.lastgroup or ""]
            found.append(DocumentMatch(candidate.start(), candidate.end(), kind, needs_context))
    for match in _AFTER_OWN_NAME.finditer(text):
        found.append(DocumentMatch(match.start(1), match.end(1), DocumentKind.TAIWAN_COMPATRIOT_PERMIT, False))
    return sorted(found, key=lambda m: m.start)


def normalize_document_number(
    number: str, *, document_type: str = RESIDENT_ID_DOCUMENT, today: dt.date | None = None
) -> str:
    """The canonical form of an identity document's number, by its 证件类型.

    A 身份证 number is a 公民身份号码 (``normalize_id_number``). Any other document's number is kept
    as 5-20 letters and digits, without separators and upper-cased, so that the same passport written
    two ways is one person; its shape is not judged further, since foreign passports follow no one rule.
    """
    if document_type == RESIDENT_ID_DOCUMENT:
        return normalize_id_number(number, today=today)
    bare_number = compact(number) if isinstance(number, str) else ""
    if _DOCUMENT_NUMBER.fullmatch(bare_number) is None:
        raise InvalidDocumentNumber("document_number.invalid")
    return bare_number


def subject_key_of(number: str, *, document_type: str = RESIDENT_ID_DOCUMENT, today: dt.date | None = None) -> str:
    """What identifies a person across records: ``<证件类型>:<normalised number>`` (the subject token's input).

    One person gets one key however the number was written (spaces, full width, 15 or 18 characters).
    """
    return f"{document_type}:{normalize_document_number(number, document_type=document_type, today=today)}"
