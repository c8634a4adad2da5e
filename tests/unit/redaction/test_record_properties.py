"""Record-level properties of the check (policy §1, default deny), on random records:

- a private item planted in ANY field of a record (text, structured, never-published, unknown) never
  reaches the published version: every character of it is masked, or its field is withheld;
- the party's name, and the legal representative of a legal person, always stay readable.

Check characters (resident ID, bank card) are computed here, independently of the code under test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from redaction import check_record
from redaction.models import RecordCheck
from redaction.standard import (
    FIELDS,
    LEGAL_REPRESENTATIVE,
    NATURAL_PERSON,
    PARTY_CATEGORIES,
    PARTY_CATEGORY,
    PARTY_NAME,
    ValueFormat,
)

# -- private items, each with its written forms --------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_REGIONS = ("512002", "512021", "512022", "510107", "110105", "440305", "650102", "513401")


def _id_check_character(body: str) -> str:
    # GB 11643 / ISO 7064 MOD 11-2, written out here rather than imported.
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    born = draw(st.dates(dt.date(1930, 1, 1), dt.date(2006, 12, 31)))
    body = f"{draw(st.sampled_from(_REGIONS))}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    number = body + _id_check_character(body)
    form = draw(st.sampled_from(("plain", "spaced", "hyphens", "full_width", "lower_x")))
    if form == "spaced":
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    if form == "hyphens":
        return f"{number[:6]}-{number[6:14]}-{number[14:]}"
    if form == "full_width":
        return number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    if form == "lower_x":
        return number.replace("X", "x")
    return number


@st.composite
def phones(draw: st.DrawFn) -> str:
    mobile = f"1{draw(st.sampled_from('3456789'))}{draw(st.integers(0, 10**9 - 1)):09d}"
    form = draw(st.sampled_from(("plain", "plus86", "spaced", "hyphens", "landline", "area_brackets")))
    if form == "plus86":
        return f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    if form == "spaced":
        return f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    if form == "hyphens":
        return f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"
    local = f"{draw(st.integers(2, 8))}{draw(st.integers(0, 10**6 - 1)):06d}"
    if form == "landline":
        return f"0832-{local}"
    if form == "area_brackets":
        return f"(028){local}8"
    return mobile


def _luhn_check_digit(body: str) -> str:
    total = 0
    for index, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from((16, 19)))
    body = "622" + "".join(str(draw(st.integers(0, 9))) for _ in range(length - 4))
    card = body + _luhn_check_digit(body)
    if draw(st.booleans()):
        return " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    return card


@st.composite
def emails(draw: st.DrawFn) -> str:
    local = draw(st.sampled_from(("zhangwei", "liuna", "wang.fang", "chen_jie", "li")))
    domain = draw(st.sampled_from(("163.com", "qq.com", "sina.com", "gmail.com")))
    return f"{local}{draw(st.integers(1, 9999))}@{domain}"


@st.composite
def plates(draw: st.DrawFn) -> str:
    city = draw(st.sampled_from("AMBTL"))
    # Five characters after the city letter, at most two of them letters (no I or O).
    tail = [str(draw(st.integers(0, 9))) for _ in range(5)]
    for position in draw(st.lists(st.integers(0, 4), max_size=2, unique=True)):
        tail[position] = draw(st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ"))
    form = draw(st.sampled_from(("plain", "dot", "new_energy")))
    if form == "new_energy":
        return f"川{city}{draw(st.sampled_from('DF'))}{draw(st.integers(10000, 99999))}"
    return f"川{city}·{''.join(tail)}" if form == "dot" else f"川{city}{''.join(tail)}"


@st.composite
def passports(draw: st.DrawFn) -> str:
    form = draw(st.sampled_from(("E8", "EA7")))
    if form == "E8":
        return f"E{draw(st.integers(10**7, 10**8 - 1))}"
    return f"E{draw(st.sampled_from('ABCDEFGH'))}{draw(st.integers(10**6, 10**7 - 1))}"


_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢钟姜"
    "崔谭陆范汪廖石金贾夏韦付方邹熊孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红娟建国志宏俊波斌鹏宇浩凯欣婷雪琳晨阳"
_ROLES = ("投诉人", "举报人", "证人", "消费者", "受害人", "患者", "购买人", "邻居", "代理人", "员工")


@st.composite
def person_names(draw: st.DrawFn) -> str:
    given = "".join(draw(st.sampled_from(_GIVEN)) for _ in range(draw(st.integers(1, 2))))
    return draw(st.sampled_from(_SURNAMES)) + given


@st.composite
def complainants(draw: st.DrawFn) -> str:
    """A private person's name right after a role word; only the name is the planted item."""
    return f"{draw(st.sampled_from(_ROLES))}\0{draw(person_names())}"


@st.composite
def home_addresses(draw: st.DrawFn) -> str:
    street = draw(st.sampled_from(("建设路", "人民南路", "娇子大道", "沱江路", "幸福街")))
    number = draw(st.integers(1, 300))
    if draw(st.booleans()):
        building, unit, room = draw(st.integers(1, 30)), draw(st.integers(1, 6)), draw(st.integers(101, 2802))
        return f"家住\0{street}{number}号{building}栋{unit}单元{room}室"
    return f"住\0{draw(st.sampled_from(('雁江区', '安岳县', '乐至县')))}{street}{number}号"


PRIVATE_ITEMS: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "CN_RESIDENT_ID": resident_ids,
    "PHONE_NUMBER": phones,
    "BANK_CARD": bank_cards,
    "EMAIL_ADDRESS": emails,
    "LICENSE_PLATE": plates,
    "PASSPORT": passports,
    "PERSON": complainants,
    "ADDRESS": home_addresses,
}

# -- random records -------------------------------------------------------------------------------------------

_COMPANIES = ("四川永丰商贸有限公司", "资阳市雁江区好又多超市", "安岳县鑫源食品厂", "乐至县天顺运输有限责任公司")
_ORDINARY = {
    ValueFormat.DATE: "2023-05-01",
    ValueFormat.AMOUNT: "0.5",
    ValueFormat.USCC: "91512002MA62XJ5K12",
    ValueFormat.ID_NUMBER: "",
}
_TEXTS = {
    "行政处罚决定书文号": "资市监罚〔2023〕15号",
    "行政许可决定文书号": "资审批许〔2023〕8号",
    "违法行为类型": "销售超过保质期的食品",
    "违法事实": "当事人销售超过保质期的食品",
    "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
    "处罚类别": "罚款",
    "处罚内容": "罚款人民币5000元",
    "许可内容": "准予食品经营许可",
    "处罚机关": "资阳市市场监督管理局",
    "许可机关": "资阳市行政审批局",
    "数据来源单位": "资阳市市场监督管理局",
    "备注": "无",
}
# Text that surrounds a planted item, as departments write it.
_BEFORE = ("", "联系方式：", "经查，", "备注：", "当事人称", "（", "。")
_AFTER = ("", "。", "，已核实", "）", "等")


@st.composite
def records(draw: st.DrawFn) -> tuple[dict[str, str], str]:
    kind = draw(st.sampled_from(sorted(FIELDS)))
    category = draw(st.sampled_from(PARTY_CATEGORIES))
    party = draw(person_names()) if category == NATURAL_PERSON else draw(st.sampled_from(_COMPANIES))
    record: dict[str, str] = {}
    for spec in FIELDS[kind]:
        if spec.name == PARTY_NAME:
            record[spec.name] = party
        elif spec.name == PARTY_CATEGORY:
            record[spec.name] = category
        elif spec.name == LEGAL_REPRESENTATIVE:
            record[spec.name] = "" if category == NATURAL_PERSON else draw(person_names())
        elif spec.format is ValueFormat.CHOICE:
            record[spec.name] = spec.choices[0]
        elif spec.format is ValueFormat.TEXT:
            record[spec.name] = _TEXTS.get(spec.name, "")
        else:
            record[spec.name] = _ORDINARY[spec.format]
    return record, kind


def _planted(record: dict[str, str], field: str, item: str, before: str, after: str) -> tuple[dict[str, str], int, int]:
    """The record with ``item`` written into ``field``; the item's span there (a role word before a
    name, or 住 before an address, stays outside the span)."""
    lead, _, private = item.rpartition("\0")
    value = record.get(field, "")
    prefix = value + before + lead
    return {**record, field: prefix + private + after}, len(prefix), len(prefix) + len(private)


def _masked(check: RecordCheck, field: str) -> set[int]:
    if field not in check.redacted_record:
        return set(range(10**6))  # withheld whole
    return {i for f in check.findings if f.field == field and f.action == "masked" for i in range(f.start, f.end)}


def _readable(check: RecordCheck, field: str, name: str) -> bool:
    return name in check.redacted_record.get(field, "")


_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def planted_records(draw: st.DrawFn, entity: str) -> tuple[dict[str, str], str, str, int, int, str, str]:
    record, kind = draw(records())
    names = [f.name for f in FIELDS[kind]]
    field = draw(st.sampled_from([*names, "联系人", "备用字段"]))  # unknown fields too
    item = draw(PRIVATE_ITEMS[entity]())
    if entity == "PERSON":
        # Another person than the party and its legal representative (their names are public).
        person = item.rpartition("\0")[2]
        public = (record[PARTY_NAME], record.get(LEGAL_REPRESENTATIVE, ""))
        assume(not any(name and (person in name or name in person) for name in public))
    planted, start, end = _planted(record, field, item, draw(st.sampled_from(_BEFORE)), draw(st.sampled_from(_AFTER)))
    return planted, kind, field, start, end, record[PARTY_NAME], record.get(LEGAL_REPRESENTATIVE, "")


def _check_planted(case: tuple[dict[str, str], str, str, int, int, str, str]) -> None:
    record, kind, field, start, end, party, representative = case
    check = check_record(record, record_kind=kind)  # type: ignore[arg-type]
    private = record[field][start:end]
    uncovered = set(range(start, end)) - _masked(check, field)
    assert not uncovered, f"{field}: {private!r} survives in {check.redacted_record.get(field)!r}"
    assert all(private not in value for value in check.redacted_record.values())
    if field != PARTY_NAME or start > 0:
        assert _readable(check, PARTY_NAME, party), check.redacted_record.get(PARTY_NAME)
    # A category that is not one of the standard's choices makes the party a natural person (default
    # deny), whose legal representative is a private name.
    if record[PARTY_CATEGORY] != NATURAL_PERSON and field not in (LEGAL_REPRESENTATIVE, PARTY_CATEGORY):
        assert _readable(check, LEGAL_REPRESENTATIVE, representative)


@pytest.mark.parametrize(
    "entity",
    ["CN_RESIDENT_ID", "PHONE_NUMBER", "BANK_CARD", "EMAIL_ADDRESS", "LICENSE_PLATE", "PASSPORT", "ADDRESS"],
)
@_SETTINGS
@given(data=st.data())
def test_planted_private_items_never_survive(entity: str, data: st.DataObject) -> None:
    _check_planted(data.draw(planted_records(entity)))


@_SETTINGS
@given(records())
def test_the_party_name_of_an_ordinary_record_is_published_as_it_is(case: tuple[dict[str, str], str]) -> None:
    record, kind = case
    check = check_record(record, record_kind=kind)  # type: ignore[arg-type]
    assert check.redacted_record[PARTY_NAME] == record[PARTY_NAME]
    if record[PARTY_CATEGORY] != NATURAL_PERSON:
        assert check.redacted_record[LEGAL_REPRESENTATIVE] == record[LEGAL_REPRESENTATIVE]
    # An ordinary record needs nothing from the officer: no finding beyond the dropped documents.
    assert [f for f in check.findings if f.action != "dropped_field"] == []
