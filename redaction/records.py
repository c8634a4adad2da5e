"""The pre-publication check of 行政许可/行政处罚 records (policy §1, art. 5): default deny.

Every field is handled by its rule in the national standard (``redaction.standard``):
- identity-document fields are never published: dropped;
- free-text fields are scanned and masked, whatever their name suggests (departments paste phone
  numbers into 行政相对人代码_2 and complainants into 处罚依据);
- the public names, 行政相对人名称 and for a legal person or 个体工商户 the 法定代表人, stay readable
  and are scanned for anything else pasted into them; 法定代表人 on a natural person's record is a
  private name and is masked whole;
- structured fields (dates, amounts, 统一社会信用代码, choices) are published as they are only when the
  value has the field's format; any other value is masked whole as ``INVALID_FORMAT``, a finding the
  officer may reject to restore it (it is scanned as text too, so what it hides stays masked then);
- a field the standard does not know is withheld (``UNKNOWN_FIELD``, dropped).

Art. 5 cases are not masked away silently: a minor party (from the party's ID number and the
decision date, or from words in the facts) and facts that are mainly personal privacy or secrets
set ``needs_officer_decision`` with the reasons, for a publicity officer to decide.

``check_records`` checks many records at once: their texts go through the engine together, so LAC
runs over batches and a text repeated across records (an agency, a legal basis) is analysed once.
"""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from presidio_anonymizer.entities import OperatorConfig

from crypto.identifiers import read_id_number, today
from redaction.analyzer import scan_texts
from redaction.errors import InvalidRecordError
from redaction.models import Finding, RecordCheck, Span, TextScan
from redaction.operators import apply_operators
from redaction.public_spans import overlaps_any, public_spans
from redaction.standard import (
    DECISION_DATE_FIELD,
    ID_DOCUMENT_NUMBER,
    LEGAL_REPRESENTATIVE,
    PARTY_CATEGORY,
    PARTY_NAME,
    PUBLISHED_RECORD_KINDS,
    Publication,
    RecordKind,
    is_natural_person,
    standard_fields,
)

MAX_FIELD_LENGTH = 20_000
INVALID_FORMAT = "INVALID_FORMAT"
UNKNOWN_FIELD = "UNKNOWN_FIELD"
ID_DOCUMENT = "ID_DOCUMENT"

_KIND_MARKERS: dict[RecordKind, tuple[str, ...]] = {
    "admin_penalty": ("行政处罚决定书文号", "处罚类别", "处罚内容", "违法事实", "处罚决定日期"),
    "admin_license": ("行政许可决定文书号", "许可类别", "许可内容", "许可编号", "许可决定日期"),
}
# A person's name and nothing else: 2-6 Han characters, or parts joined by a middle dot (买买提·艾力).
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff]"
_NAME_SHAPE = re.compile(f"{_HAN}{{2,6}}|{_HAN}{{1,10}}(?:[·•・‧.．]{_HAN}{{1,10}}){{1,3}}")
# A name that proves its format and skips the scan: at most four Han characters (a compound surname and
# two given ones), or a dotted name of short parts. Nothing private fits beside the name but a second bare
# name (王伟李四), and departments separate two names (王伟、李四), which makes the value longer.
_PLAIN_NAME = re.compile(f"{_HAN}{{2,4}}|{_HAN}{{1,4}}(?:[·•・‧.．]{_HAN}{{1,4}}){{1,3}}")
# What departments write in a column that does not apply; it names nobody.
_NO_VALUE = frozenset({"无", "/", "／", "-", "—", "暂无", "不适用"})

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
    """Apply the field rules, scan the text, and flag art. 5 cases of one record.

    ``record_kind`` is inferred from the fields when not given. ``operators`` replace the policy's
    masking per entity (see ``redaction.operators``).
    """
    return check_records([record], record_kind=record_kind, operators=operators)[0]


def check_records(
    records: Sequence[Mapping[str, object]],
    *,
    record_kind: RecordKind | None = None,
    operators: Mapping[str, OperatorConfig] | None = None,
) -> list[RecordCheck]:
    """``check_record`` of every record, their texts scanned together."""
    if record_kind is not None and record_kind not in PUBLISHED_RECORD_KINDS:
        raise InvalidRecordError("record_kind must be admin_penalty or admin_license")
    plans = []
    for position, record in enumerate(records):
        try:
            plans.append(_plan(record, record_kind))
        except InvalidRecordError as exc:
            raise InvalidRecordError(str(exc), position=position) from None
    # The public-name fields first: the names they turn out to hold stay readable in every other field.
    # A public-name field is scanned without its own value as a public name (that would protect any
    # name pasted into it), then the name it opens with is kept; see _Plan.add_name_scan.
    name_scans = _scan_fields(
        [(plan, name, [n for n in plan.public_names if n != plan.fields[name]]) for plan in plans
         for name in plan.name_fields],
        operators,
    )
    for (plan, name), scan in name_scans:
        plan.add_name_scan(name, scan, operators)
    text_scans = _scan_fields(
        [(plan, name, plan.public_names) for plan in plans for name in plan.to_scan], operators
    )
    for (plan, name), scan in text_scans:
        plan.add_scan(name, scan)
    return [plan.result(operators) for plan in plans]


def _scan_fields(
    fields: Sequence[tuple["_Plan", str, list[str]]], operators: Mapping[str, OperatorConfig] | None
) -> list[tuple[tuple["_Plan", str], TextScan]]:
    """Scan (record, field, public names) of all records in one call."""
    texts = [plan.fields[name] for plan, name, _ in fields]
    scans = scan_texts(texts, public_names=[names for _, _, names in fields], operators=operators)
    return [((plan, name), scan) for (plan, name, _), scan in zip(fields, scans, strict=True)]


@dataclass
class _Plan:
    """One record on its way through the check: what the field rules settled, what is to scan."""

    fields: dict[str, str]
    kind: RecordKind | None
    public_names: list[str]
    name_fields: list[str] = field(default_factory=list)
    to_scan: list[str] = field(default_factory=list)
    # Fields masked whole (entity type by field); they are scanned too, so that what they hide stays
    # masked if the officer rejects the whole mask.
    masked_whole: dict[str, str] = field(default_factory=dict)
    redacted: dict[str, str] = field(default_factory=dict)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def mask_whole(self, name: str, entity_type: str) -> None:
        self.findings[name] = [_whole(name, self.fields[name], entity_type, "masked")]
        self.masked_whole[name] = entity_type
        self.to_scan.append(name)

    def add_name_scan(self, name: str, scan: TextScan, operators: Mapping[str, OperatorConfig] | None) -> None:
        """A public-name field: the name it opens with stays; anyone else named in it is masked."""
        value = self.fields[name]
        own = next((s for s in scan.spans if s.entity_type == "PERSON" and s.start == 0), None)
        if own is not None and _NAME_SHAPE.fullmatch(value[: own.end]) is None:
            own = None  # more than a name was read as one (王伟川A12345): it does not stay readable
        spans = [s for s in scan.spans if s is not own]
        self.findings.setdefault(name, []).extend(_masked(name, spans))
        self.redacted[name] = apply_operators(value, [(s.start, s.end, s.entity_type, s.score) for s in spans],
                                              operators)
        if _NAME_SHAPE.fullmatch(value) is None and own is not None:
            # A person's name with more pasted after it: only the name is the public name elsewhere.
            self.public_names = [value[: own.end] if n == value else n for n in self.public_names]

    def add_scan(self, name: str, scan: TextScan) -> None:
        value = self.fields[name]
        found = self.findings.setdefault(name, [])
        found.extend(_masked(name, scan.spans))
        if name not in self.masked_whole:
            self.redacted[name] = scan.redacted
            found.extend(_officer_findings(name, value, self.reasons))

    def result(self, operators: Mapping[str, OperatorConfig] | None) -> RecordCheck:
        for name, entity_type in self.masked_whole.items():
            value = self.fields[name]
            self.redacted[name] = apply_operators(value, [(0, len(value), entity_type, 1.0)], operators)
        if is_natural_person(self.fields.get(PARTY_CATEGORY, "")) and _party_is_minor(self.fields, self.kind):
            self.reasons.append("party is a minor (art. 5): not published without an officer's decision")
        # Record order: findings and the redacted record follow the record's own field order.
        return RecordCheck(
            findings=[f for name in self.fields for f in self.findings.get(name, [])],
            redacted_record={name: self.redacted[name] for name in self.fields if name in self.redacted},
            needs_officer_decision=bool(self.reasons),
            decision_reasons=list(dict.fromkeys(self.reasons)),
        )


def _plan(record: Mapping[str, object], record_kind: RecordKind | None) -> _Plan:
    fields = _validated(record)
    kind = record_kind or _infer_kind(fields)
    natural_person = is_natural_person(fields.get(PARTY_CATEGORY, ""))
    public_names = [fields.get(PARTY_NAME, "")]
    if not natural_person:
        public_names.append(fields.get(LEGAL_REPRESENTATIVE, ""))
    plan = _Plan(fields=fields, kind=kind, public_names=[n for n in public_names if n])
    known = standard_fields(kind)
    for name, value in fields.items():
        spec = known.get(name)
        if spec is None or spec.publication is Publication.NEVER:
            if value:
                entity_type = UNKNOWN_FIELD if spec is None else ID_DOCUMENT
                plan.findings[name] = [_whole(name, value, entity_type, "dropped_field")]
            continue
        if not value:
            plan.redacted[name] = value
        elif name == LEGAL_REPRESENTATIVE and natural_person:
            # A person has no legal representative: whoever is named here is a private person.
            if value in _NO_VALUE:
                plan.redacted[name] = value
            else:
                plan.mask_whole(name, "PERSON")
        elif spec.publication is Publication.PUBLIC_NAME:
            if _PLAIN_NAME.fullmatch(value):
                plan.redacted[name] = value  # a name and nothing else proves its format
            else:
                plan.name_fields.append(name)
        elif spec.publication is Publication.BY_FORMAT:
            if spec.has_format(value):
                plan.redacted[name] = value
            else:
                plan.mask_whole(name, INVALID_FORMAT)
        else:
            plan.to_scan.append(name)
    return plan


def _masked(name: str, spans: Sequence[Span]) -> list[Finding]:
    return [
        Finding(
            field=name,
            start=s.start,
            end=s.end,
            entity_type=s.entity_type,
            score=s.score,
            recognizer=s.recognizer,
            action="masked",
        )
        for s in spans
    ]


def _whole(name: str, value: str, entity_type: str, action: str) -> Finding:
    return Finding(
        field=name,
        start=0,
        end=len(value),
        entity_type=entity_type,
        score=1.0,
        recognizer="field_rule",
        action=action,  # type: ignore[arg-type]
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


def _infer_kind(fields: Mapping[str, str]) -> RecordKind | None:
    for kind, markers in _KIND_MARKERS.items():
        if any(marker in fields for marker in markers):
            return kind
    return None


def _officer_findings(field: str, value: str, reasons: list[str]) -> list[Finding]:
    findings = []
    for match in _PRIVACY_WORDS.finditer(value):
        # Words inside a legal citation (《保守国家秘密法》) name a law, not the facts of the case.
        if overlaps_any(match.start(), match.end(), public_spans(value)):
            continue
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
    reading = read_id_number(fields.get(ID_DOCUMENT_NUMBER, ""))
    if reading is None:
        return False
    born = reading.born
    decided = _parse_date(fields.get(DECISION_DATE_FIELD[kind], "")) if kind else None
    on = decided or today()
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
