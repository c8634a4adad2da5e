"""Spans of text that the policy keeps public (§3) and that no recognizer may mask.

Decision numbers (资市监罚〔2023〕15号), legal citations (《…》第…条), 统一社会信用代码 and business
licence numbers. Names are looked for inside them by the NER model (安卫医罚 reads like a name), so
the name recognizer skips candidates inside these spans, and the scan drops any finding that lies
wholly inside one.
"""

import re
from functools import lru_cache

from crypto.identifiers import find_usccs
from redaction.names import MIDDLE_DOTS

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_PUBLIC_PATTERNS = (
    # 资市监罚〔2023〕15号, 川卫医罚[2021]3号, 乐交罚(2022)59号
    re.compile(
        _HAN + r"{0,6}[罚许字决审批发函证告复令备登处]"
        r"[〔\[［(（【]\s*(?:19|20)[0-9]{2}\s*[〕\]］)）】]\s*(?:第)?[0-9]+\s*号"
    ),
    # 《中华人民共和国食品安全法》第三十四条第一款
    re.compile(
        r"《[^》]{1,60}》(?:第[一二三四五六七八九十百零〇0-9]+[条款项](?:第[一二三四五六七八九十百零〇0-9]+[款项])*)?"
    ),
    # 食品经营许可证 JY…, 药品/医疗器械 licence numbers written after their word
    re.compile(r"(?<![0-9A-Za-z])JY[0-9]{14}(?![0-9A-Za-z])"),
)


@lru_cache(maxsize=16)
def _public_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans = [m.span() for pattern in _PUBLIC_PATTERNS for m in pattern.finditer(text)]
    # Valid credit codes only; the finder never returns one that could be a resident ID number.
    spans.extend((m.start, m.end) for m in find_usccs(text))
    return tuple(sorted(spans))


def public_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every public span in ``text`` (cached: the scan and the name recognizer ask)."""
    return list(_public_spans(text))


def inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


# A name is the same name with any middle dot, or none, between its characters: 买买提·艾力 =
# 买买提・艾力 = 买买提艾力. Names are compared on the text without its dots (no regex per name).
_DROP_DOTS = dict.fromkeys(map(ord, MIDDLE_DOTS))


@lru_cache(maxsize=16)
def _undotted(text: str) -> tuple[str, tuple[int, ...] | None]:
    """``text`` without middle dots, and the original offset of each of its characters (None when
    there was no dot to drop)."""
    bare = text.translate(_DROP_DOTS)
    if len(bare) == len(text):
        return text, None
    return bare, tuple(i for i, ch in enumerate(text) if ord(ch) not in _DROP_DOTS)


def name_occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of ``name`` in ``text``, whichever middle dot it is written
    with, or none (a person is the same person in every spelling)."""
    wanted = name.translate(_DROP_DOTS)
    if not wanted:
        return []
    bare, offsets = _undotted(text)
    found = []
    index = bare.find(wanted)
    while index != -1:
        end = index + len(wanted)
        found.append((index, end) if offsets is None else (offsets[index], offsets[end - 1] + 1))
        index = bare.find(wanted, end)
    return found


def public_name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of a public name (the party, a published legal
    representative) in ``text``, whichever middle dot it is written with, or none."""
    return sorted(span for name in names for span in name_occurrences(text, name))
