"""The pre-publication check of one 行政许可/行政处罚 record (policy §1, art. 5).

Field rules first: identity-document fields are never published, so they are dropped from the
redacted record (the natural person's 证件号码; the legal representative's 证件号码, which the
national standard lists as never published either). Free-text fields are scanned and masked. The
party's name, and for organisations the 法定代表人, are public names that stay readable.

Art. 5 cases are not masked away silently: a minor party (from the party's ID number and the
decision date, or from words in the facts) and facts that are mainly personal privacy or secrets
set ``needs_officer_decision`` with the reasons, for a publicity officer to decide.
"""

import datetime as dt
import re
from collections.abc import Mapping

from presidio_anonymizer.entities import OperatorConfig

from redaction.analyzer import scan_text
from redaction.errors import InvalidRecordError
from redaction.identity import bare, birth_date_of
from redaction.models import Finding, RecordCheck, RecordKind

PARTY_NAME = "行政相对人名称"
PARTY_CATEGORY = "行政相对人类别"
LEGAL_REPRESENTATIVE = "法定代表人"

# Never published (policy §1 table).
DROPPED_FIELDS = ("证件类型", "证件号码", "法定代表人证件类型", "法定代表人证件号码")
FREE_TEXT_FIELDS = ("违法事实", "处罚内容", "许可内容", "备注")
DECISION_DATE_FIELDS = {"admin_penalty": "处罚决定日期", "admin_license": "许可决定日期"}
_KIND_MARKERS: dict[RecordKind, tuple[str, ...]] = {
    "admin_penalty": ("行政处罚决定书文号", "处罚类别", "处罚内容", "违法事实", "处罚决定日期"),
    "admin_license": ("行政许可决定文书号", "许可类别", "许可内容", "许可编号", "许可决定日期"),
}
MAX_FIELD_LENGTH = 20_000

_MINOR_WORDS = re.compile(r"未成年|未满十八周岁|不满十八周岁|未满18周岁|不满18周岁")
_AGE = re.compile(r"(?:年仅|年龄|现年|时年)?([0-9一二三四五六七八九十]{1,3})\s*(?:周岁|岁)")
_PRIVACY_WORDS = re.compile(
    r"个人隐私|隐私|病情|病史|病历|艾滋病|HIV|精神疾病|精神病|性病|传染病|怀孕|流产|强奸|猥亵|性侵|"
    r"国家秘密|商业秘密|涉密"
)
_PROPERTY_CERTIFICATE = re.compile(
    r"(?:不动产权证|房产证|房屋所有权证|土地使用证|不动产权)(?:书)?(?:号|编号)?[：:为是]?\s*"
    r"([^\s，。；,;]{4,40})"
)
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def check_record(
    record: Mapping[str, object],
    *,
    record_kind: RecordKind | None = None,
    operators: Mapping[str, OperatorConfig] | None = None,
) -> RecordCheck:
    """Apply the field rules, scan the free text, and flag art. 5 cases of one record.

    ``operators`` replace the policy's masking per entity (see ``redaction.operators``).
    """
    fields = _validated(record)
    kind = record_kind or _infer_kind(fields)
    if kind is not None and kind not in DECISION_DATE_FIELDS:
        raise InvalidRecordError("record_kind must be admin_penalty or admin_license")
    natural_person = _is_natural_person(fields)
    public_names = [fields.get(PARTY_NAME, "")]
    if not natural_person:
        public_names.append(fields.get(LEGAL_REPRESENTATIVE, ""))

    findings: list[Finding] = []
    reasons: list[str] = []
    redacted: dict[str, str] = {}
    for name, value in fields.items():
        if name in DROPPED_FIELDS:
            if value:
                findings.append(
                    Finding(
                        field=name,
                        start=0,
                        end=len(value),
                        entity_type="ID_DOCUMENT",
                        score=1.0,
                        recognizer="field_rule",
                        action="dropped_field",
                    )
                )
            continue
        if name in FREE_TEXT_FIELDS and value:
            scan = scan_text(value, public_names=[n for n in public_names if n], operators=operators)
            findings.extend(
                Finding(
                    field=name,
                    start=s.start,
                    end=s.end,
                    entity_type=s.entity_type,
                    score=s.score,
                    recognizer=s.recognizer,
                    action="masked",
                )
                for s in scan.spans
            )
            findings.extend(_officer_findings(name, value, reasons))
            redacted[name] = scan.redacted
        else:
            redacted[name] = value

    if natural_person and _party_is_minor(fields, kind):
        reasons.append("party is a minor (art. 5): not published without an officer's decision")
    return RecordCheck(
        findings=findings,
        redacted_record=redacted,
        needs_officer_decision=bool(reasons),
        decision_reasons=list(dict.fromkeys(reasons)),
    )


def _validated(record: Mapping[str, object]) -> dict[str, str]:
    if not isinstance(record, Mapping):
        raise InvalidRecordError("a record must be an object of field names to values")
    fields: dict[str, str] = {}
    for name, value in record.items():
        if not isinstance(name, str):
            raise InvalidRecordError("field names must be strings")
        if value is None:
            fields[name] = ""
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidRecordError(f"field {name!r} must be text")
        else:
            fields[name] = str(value).strip()
        if len(fields[name]) > MAX_FIELD_LENGTH:
            raise InvalidRecordError(f"field {name!r} is longer than {MAX_FIELD_LENGTH} characters")
    return fields


def _is_natural_person(fields: Mapping[str, str]) -> bool:
    category = fields.get(PARTY_CATEGORY, "")
    if category:
        return "自然人" in category
    # No category given: a party with a resident ID number and no legal representative is a person.
    return not fields.get(LEGAL_REPRESENTATIVE) and birth_date_of(bare(fields.get("证件号码", ""))) is not None


def _infer_kind(fields: Mapping[str, str]) -> RecordKind | None:
    for kind, markers in _KIND_MARKERS.items():
        if any(marker in fields for marker in markers):
            return kind
    return None


def _officer_findings(field: str, value: str, reasons: list[str]) -> list[Finding]:
    findings = []
    for match in _PRIVACY_WORDS.finditer(value):
        findings.append(
            Finding(
                field=field,
                start=match.start(),
                end=match.end(),
                entity_type="PRIVATE_FACT",
                score=0.5,
                recognizer="art5_rule",
                action="needs_officer_decision",
            )
        )
        reasons.append(f"{field} mentions health, privacy or secrets (art. 5): officer to decide")
    for match in _PROPERTY_CERTIFICATE.finditer(value):
        findings.append(
            Finding(
                field=field,
                start=match.start(1),
                end=match.end(1),
                entity_type="PROPERTY_CERTIFICATE",
                score=0.6,
                recognizer="art5_rule",
                action="needs_officer_decision",
            )
        )
        reasons.append(f"{field} carries a property certificate number: officer to decide")
    if _MINOR_WORDS.search(value) or any(_age(m.group(1)) < 18 for m in _AGE.finditer(value)):
        reasons.append(f"{field} mentions a minor (art. 5): officer to decide")
    return findings


def _age(text: str) -> int:
    if text.isdigit():
        return int(text)
    total = 0
    if "十" in text:
        tens, _, units = text.partition("十")
        total = (_CN_DIGITS.get(tens, 1) if tens else 1) * 10
        text = units
    return total + sum(_CN_DIGITS.get(ch, 0) for ch in text[-1:])


def _party_is_minor(fields: Mapping[str, str], kind: RecordKind | None) -> bool:
    born = birth_date_of(bare(fields.get("证件号码", "")))
    if born is None:
        return False
    decided = _parse_date(fields.get(DECISION_DATE_FIELDS[kind], "")) if kind else None
    on = decided or dt.date.today()
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < 18


def _parse_date(text: str) -> dt.date | None:
    match = re.search(r"((?:19|20)[0-9]{2})\D{1,3}([0-9]{1,2})\D{1,3}([0-9]{1,2})", text)
    if match is None:
        match = re.fullmatch(r"((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})", text)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
