"""How removed text reads (policy §4): a person becomes surname + 某, every other entity a bracketed
label. Operators are presidio-anonymizer ``OperatorConfig``s and can be replaced per entity (e.g.
``OperatorConfig("hash", {"hash_type": "sha256"})`` for internal sharing).

Partial masks (5120**********1234) are deliberately not offered as a default: the kept digits stay
a quasi-identifier.
"""

from collections.abc import Mapping, Sequence
from functools import lru_cache

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from redaction.names import surname_of

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


def person_placeholder(name: str) -> str:
    """李四 -> 李某, 欧阳娜娜 -> 欧阳某, 阿不都·热合曼 -> 阿某."""
    return surname_of(name) + "某" if name else name


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
    results = [RecognizerResult(entity_type=e, start=s, end=t, score=c) for s, t, e, c in spans]
    return _anonymizer().anonymize(text=text, analyzer_results=results, operators=chosen).text
