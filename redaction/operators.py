"""How removed text reads (policy §4): a person becomes surname + 某, every other entity a bracketed
label. As in published court judgments, two different people of one text who share a family name
are told apart (孙某甲, 孙某乙, in order of first mention) and one person keeps one mask wherever
they are mentioned (with or without a middle dot). Operators are presidio-anonymizer
``OperatorConfig``s and can be replaced per entity (e.g. ``OperatorConfig("hash", {"hash_type":
"sha256"})`` for internal sharing).

Partial masks (5120**********1234) are deliberately not offered as a default: the kept digits stay
a quasi-identifier.
"""

from collections.abc import Mapping, Sequence
from functools import lru_cache

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from redaction.names import MIDDLE_DOTS, surname_of

ENTITY_LABELS = {
    "CN_RESIDENT_ID": "［身份证号］",
    "PHONE_NUMBER": "［电话］",
    "BANK_CARD": "［银行卡号］",
    "ADDRESS": "［住址］",
    "LICENSE_PLATE": "［车牌号］",
    "EMAIL_ADDRESS": "［邮箱］",
    "PASSPORT": "［证件号］",
}
FALLBACK_LABEL = "［已隐去］"
# 甲乙丙丁…: the order marks of court judgments; beyond ten, numbers.
_ORDER_MARKS = "甲乙丙丁戊己庚辛壬癸"
_DOTS = str.maketrans("", "", MIDDLE_DOTS)


def person_placeholder(name: str) -> str:
    """李四 -> 李某, 欧阳娜娜 -> 欧阳某, 阿不都·热合曼 -> 阿某."""
    return surname_of(name) + "某" if name else name


def person_placeholders(names: Sequence[str]) -> dict[str, str]:
    """The mask of each name in ``names`` (in order of mention): 李某, or 孙某甲/孙某乙 when two
    different people share the family name; the same person (same name, any middle dot) gets
    the same mask."""
    people: dict[str, list[str]] = {}
    for name in names:
        person = name.translate(_DOTS)
        family = people.setdefault(surname_of(person), [])
        if person and person not in family:
            family.append(person)
    masks = {}
    for name in names:
        person = name.translate(_DOTS)
        family = people.get(surname_of(person), [])
        if len(family) <= 1 or person not in family:
            masks[name] = person_placeholder(person)
            continue
        index = family.index(person)
        mark = _ORDER_MARKS[index] if index < len(_ORDER_MARKS) else str(index + 1)
        masks[name] = person_placeholder(person) + mark
    return masks


def default_operators() -> dict[str, OperatorConfig]:
    """A fresh copy of the policy's operators (callers may change it)."""
    return dict(_DEFAULT_OPERATORS)


def _policy_operators() -> dict[str, OperatorConfig]:
    operators = {entity: OperatorConfig("replace", {"new_value": label}) for entity, label in ENTITY_LABELS.items()}
    operators["PERSON"] = OperatorConfig("custom", {"lambda": person_placeholder})
    operators["DEFAULT"] = OperatorConfig("replace", {"new_value": FALLBACK_LABEL})
    return operators


_DEFAULT_OPERATORS = _policy_operators()


@lru_cache(maxsize=1)
def _anonymizer() -> AnonymizerEngine:
    return AnonymizerEngine()


def apply_operators(
    text: str,
    spans: Sequence[tuple[int, int, str, float]],
    operators: Mapping[str, OperatorConfig] | None = None,
) -> str:
    """``text`` with each (start, end, entity_type, score) span replaced by its entity's operator."""
    if not spans:
        return text
    chosen = {**_DEFAULT_OPERATORS, **operators} if operators else _DEFAULT_OPERATORS
    if chosen.get("PERSON") is _DEFAULT_OPERATORS["PERSON"]:
        names = [text[s:t] for s, t, e, _ in sorted(spans) if e == "PERSON"]
        masks = person_placeholders(names)
        chosen = {**chosen, "PERSON": OperatorConfig("custom", {"lambda": lambda name: masks.get(name, name)})}
    results = [RecognizerResult(entity_type=e, start=s, end=t, score=c) for s, t, e, c in spans]
    return _anonymizer().anonymize(text=text, analyzer_results=results, operators=chosen).text
