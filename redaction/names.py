"""Chinese personal-name knowledge: family names, and where a name ends.

LAC finds most names, but in running text it sometimes glues a name to the next word (朱秀名下),
cuts a three-character name short (曹文|建住) or does not tag it at all (曾超 as two adverbs).
The name recognizer therefore decides a name's extent itself: a family name (compound ones
first), then one or two given-name characters, stopping early before words that follow names
in these texts (名下, 住, 证实 …) and asking LAC only when nothing else decides.
"""

from functools import lru_cache
from importlib import resources

HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))
# Middle dots written between the parts of a transliterated name (full-width ．arrives folded to .).
MIDDLE_DOTS = "·•・‧.．･∙⋅"

# Words that follow a name rather than belong to it. Single characters here end a name only
# after its first given-name character (王和平 keeps its 和 when LAC reads it as one name).
NAME_FOLLOWERS = (
    "名下",
    "住址",
    "住所",
    "住在",
    "家住",
    "现住",
    "居住",
    "在场",
    "证实",
    "证明",
    "提供",
    "投诉",
    "举报",
    "反映",
    "陈述",
    "称",
    "因此",
    "对此",
    "知情",
    "受到",
    "联系",
    "电话",
    "手机",
    "身份",
    "驾驶",
    "购买",
    "签收",
    "领取",
    "持有",
    "使用",
    "等人",
    "作为",
    "通过",
    "先生",
    "女士",
    "同志",
    "夫妇",
    "本人",
    "个人",
    "系",
    "等",
    "均",
    "之",
    "的",
    "于",
    "在",
    "住",
    "向",
    "与",
    "和",
    "及",
    "将",
    "被",
    "以",
    "从",
    "到",
    "已",
    "未",
    "也",
    "都",
    "曾",
    "共",
    "并",
    "因",
    "对",
    "为",
    "是",
    "有",
    "无",
    "不",
    "没",
    "所",
    "就",
    "又",
    "还",
    "即",
    "则",
    "便",
    "说",
    "把",
    "给",
    "让",
    "由",
)
_FOLLOWER_SET = frozenset(NAME_FOLLOWERS)
_MAX_FOLLOWER = max(len(w) for w in NAME_FOLLOWERS)


def is_han(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in HAN_RANGES)


def _data_lines(name: str) -> list[str]:
    text = resources.files("redaction.data").joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if not line.startswith("#")]


def read_word_list(name: str) -> frozenset[str]:
    """The words of a list in ``redaction/data`` (whitespace-separated; ``#`` lines are comments)."""
    return frozenset(word for line in _data_lines(name) for word in line.split())


def read_sections(name: str) -> dict[str, frozenset[str]]:
    """The words of a sectioned list in ``redaction/data``: ``[section]`` lines open a section."""
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in _data_lines(name):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1], set())
        elif current is not None:
            current.update(stripped.split())
    return {section: frozenset(words) for section, words in sections.items()}


@lru_cache(maxsize=1)
def _surnames() -> dict[str, frozenset[str]]:
    return read_sections("surnames.txt")


@lru_cache(maxsize=1)
def single_surnames() -> frozenset[str]:
    """Single family names that open a name wherever the context says "person"."""
    sections = _surnames()
    return sections["common"] | sections["rare"]


@lru_cache(maxsize=1)
def word_surnames() -> frozenset[str]:
    """Family names that are far more often an everyday word (有, 从 …): LAC must tag the name."""
    return _surnames()["word"]


@lru_cache(maxsize=1)
def compound_surnames() -> frozenset[str]:
    return _surnames()["compound"]


@lru_cache(maxsize=1)
def _minority() -> dict[str, frozenset[str]]:
    return read_sections("minority_names.txt")


@lru_cache(maxsize=1)
def minority_openers() -> dict[str, tuple[str, ...]]:
    """First elements of Tibetan, Mongolian, Yi and Uyghur names by first character, longest first."""
    by_first: dict[str, list[str]] = {}
    for opener in sorted(_minority()["opener"], key=len, reverse=True):
        by_first.setdefault(opener[0], []).append(opener)
    return {first: tuple(openers) for first, openers in by_first.items()}


@lru_cache(maxsize=1)
def transliteration_characters() -> frozenset[str]:
    return frozenset("".join(_minority()["part"]))


def minority_opener_at(text: str, start: int) -> str:
    """The minority-name element that starts at ``start``, or ''."""
    for opener in minority_openers().get(text[start : start + 1], ()):
        if text.startswith(opener, start):
            return opener
    return ""


def surname_length(text: str, start: int, *, words_too: bool = False) -> int:
    """Length of the family name starting at ``start`` (2 for 欧阳 …, 1 for 王 …), 0 if none.

    ``words_too`` also accepts the family names that are usually everyday words (有, 从 …).
    """
    if text[start : start + 2] in compound_surnames():
        return 2
    if start < len(text):
        ch = text[start]
        if ch in single_surnames() or (words_too and ch in word_surnames()):
            return 1
    return 0


def follower_at(text: str, position: int) -> str:
    """The name-follower word starting at ``position``, or ''."""
    for size in range(_MAX_FOLLOWER, 0, -1):
        word = text[position : position + size]
        if len(word) == size and word in _FOLLOWER_SET:
            return word
    return ""


def surname_of(name: str) -> str:
    """The family name of a detected name (used by the 李某 operator)."""
    if name[:2] in compound_surnames():
        return name[:2]
    return name[:1]
