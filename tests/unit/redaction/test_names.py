"""Names and their boundaries: the party's name stays exactly readable, a mask never eats a
neighbouring character, every family name of the lexicon opens a name, names with and without a
middle dot, minority names, names after roles and verbs, and one mask per person."""

import pytest

from redaction import scan_text
from redaction.names import compound_surnames, single_surnames, surname_length, word_surnames
from redaction.operators import person_placeholders
from tests.unit.redaction.conftest import found_spans, span_of

DOTS = ["·", "・", "•", ".", "‧", "．"]


@pytest.mark.parametrize(
    ("text", "public_names", "expected"),
    [
        ("当事人赵晨处以罚款五千元。", ["赵晨"], "当事人赵晨处以罚款五千元。"),
        ("当事人买买提·艾力雇佣童工。", ["买买提·艾力"], "当事人买买提·艾力雇佣童工。"),
        ("当事人买买提艾力雇佣童工。", ["买买提·艾力"], "当事人买买提艾力雇佣童工。"),
        ("当事人买买提・艾力雇佣童工。", ["买买提·艾力"], "当事人买买提・艾力雇佣童工。"),
        ("当事人买买提·艾力雇佣童工。", ["买买提艾力"], "当事人买买提·艾力雇佣童工。"),
        ("当事人委托热依拉·阿布都代为办理。", ["张伟"], "当事人委托热某代为办理。"),
        ("当事人韦红宇于2023年5月在店内销售过期食品。", ["韦红宇"], "当事人韦红宇于2023年5月在店内销售过期食品。"),
        ("当事人欧阳娜娜以其名义开设网店。", ["欧阳娜娜"], "当事人欧阳娜娜以其名义开设网店。"),
        ("当事人禤国强在自家院内焚烧垃圾。", ["禤国强"], "当事人禤国强在自家院内焚烧垃圾。"),
        ("当事人扎西顿珠之妻卓玛央金在场。", ["扎西顿珠"], "当事人扎西顿珠之妻卓某在场。"),
        ("当事人张三的员工李四称不知情。", ["张三"], "当事人张三的员工李某称不知情。"),
    ],
)
def test_party_name_stays_exact_and_neighbours_stay(text: str, public_names: list[str], expected: str) -> None:
    assert scan_text(text, public_names=public_names).redacted == expected


@pytest.mark.parametrize("dot", DOTS)
def test_names_with_every_middle_dot(dot: str) -> None:
    name = f"阿不都{dot}热合曼"
    text = f"受害人{name}称，当事人多次上门催债。"
    assert scan_text(text).redacted == "受害人阿某称，当事人多次上门催债。"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("当事人向购买者买买提·艾力出售假药", "买买提·艾力"),
        ("维吾尔族群众阿依古丽•买买提在场", "阿依古丽•买买提"),
        ("委托热依拉.阿布都代为签收", "热依拉.阿布都"),
        ("证人古丽娜尔‧吐尔逊证实", "古丽娜尔‧吐尔逊"),
        ("雇员努尔·阿迪力·玉素甫称", "努尔·阿迪力·玉素甫"),
    ],
)
def test_finds_dot_names_exactly(text: str, name: str) -> None:
    assert span_of(text, name) in found_spans(text, "PERSON")


@pytest.mark.parametrize("surname", sorted(compound_surnames()))
def test_every_compound_surname_opens_a_name_after_a_role(surname: str) -> None:
    name = surname + "建华"
    text = f"证人{name}称当事人在店内吸烟。"
    assert span_of(text, name) in found_spans(text, "PERSON")


@pytest.mark.parametrize("surname", sorted(single_surnames()))
def test_every_single_surname_opens_a_name_after_a_role(surname: str) -> None:
    name = surname + "晓燕"
    text = f"举报人{name}称当事人在夜间施工。"
    assert span_of(text, name) in found_spans(text, "PERSON")


def test_lexicon_is_complete() -> None:
    assert {"禤", "冼", "佘", "覃", "邝", "谌", "仉", "亓", "郗", "逄", "笪"} <= single_surnames()
    assert {"欧阳", "令狐", "澹台", "皇甫", "东方", "慕容", "司马", "上官", "诸葛", "万俟"} <= compound_surnames()
    assert len(single_surnames() | word_surnames()) > 550
    assert surname_length("欧阳娜娜", 0) == 2
    assert surname_length("有人", 0) == 0
    assert surname_length("有人", 0, words_too=True) == 1


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("证人高峰称当事人曾多次销售假烟", "高峰"),
        ("员工平安在场", "平安"),
        ("邻居向阳反映", "向阳"),
        ("证人阿果拉且证实上述事实", "阿果拉且"),
        ("其妻扎西顿珠在场", "扎西顿珠"),
        ("员工其木格称", "其木格"),
        ("工人代表禤国强向执法人员反映", "禤国强"),
        ("举报人冼小梅称", "冼小梅"),
        ("购买者佘丽提供了聊天记录", "佘丽"),
        ("参与人员包括孙小红、孙建国等人", "孙小红"),
        ("参与人员包括孙小红、孙建国等人", "孙建国"),
        ("王小二（510102198001011234）系该店员工", "王小二"),
        ("申请执行人邝志成提交了材料", "邝志成"),
        ("监护人谌丽华向本局投诉", "谌丽华"),
        ("代理人上官萍玉无授权委托书", "上官萍玉"),
        ("购买者（郗文军）未索要发票", "郗文军"),
        ("其子宇文凯健持护照入境后在该店务工", "宇文凯健"),
        ("未成年人的监护人龙磊超向本局投诉", "龙磊超"),
        ("当事人组织曾文宁、菅婷等人非法占用耕地", "曾文宁"),
        ("委托钟离刚波代为办理注销手续", "钟离刚波"),
        ("当事人将违法所得转入莫芳名下，莫芳以当事人名义经营，莫芳邮箱略", "莫芳"),
    ],
)
def test_finds_names_after_roles_verbs_and_in_lists(text: str, name: str) -> None:
    spans = found_spans(text, "PERSON")
    start, end = span_of(text, name)
    assert (start, end) in spans


def test_every_mention_of_a_person_is_masked() -> None:
    text = "当事人将违法所得转入莫芳名下，莫芳以当事人名义经营，莫芳邮箱略。"
    assert scan_text(text).redacted == "当事人将违法所得转入莫某名下，莫某以当事人名义经营，莫某邮箱略。"


def test_people_sharing_a_family_name_get_different_masks() -> None:
    text = "证人孙小红称，孙建国在场，孙小红另称孙建国系其兄。当事人孙大伟未到场。"
    redacted = scan_text(text, public_names=["孙大伟"]).redacted
    assert redacted == "证人孙某甲称，孙某乙在场，孙某甲另称孙某乙系其兄。当事人孙大伟未到场。"


@pytest.mark.parametrize(
    ("names", "masks"),
    [
        (["李四"], ["李某"]),
        (["孙小红", "孙建国", "孙小红"], ["孙某甲", "孙某乙", "孙某甲"]),
        (["欧阳娜娜", "欧阳明", "李四"], ["欧阳某甲", "欧阳某乙", "李某"]),
        (["阿不都·热合曼", "阿不都热合曼"], ["阿某", "阿某"]),
        (["王一", "王二", "王三"], ["王某甲", "王某乙", "王某丙"]),
    ],
)
def test_person_placeholders(names: list[str], masks: list[str]) -> None:
    placeholders = person_placeholders(names)
    assert [placeholders[name] for name in names] == masks


@pytest.mark.parametrize(
    "text",
    [
        "患者家属王女士称当事人未告知风险",
        "投诉人李先生称其购买的商品已过期",
        "员工都在场",
        "员工于当日离开",
        "证人未到场",
        "当事人有限公司住所",
        "涉案人员包括李某、王某某",
        "顾客平时很少光顾",
        "房东方面表示不知情",
        "中国·资阳",
    ],
)
def test_no_name_where_there_is_none(text: str) -> None:
    assert found_spans(text, "PERSON") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("问：你叫什么名字？答：我叫李国庆，是该店员工。", "李国庆"),
        ("答：我叫热依拉·阿布都，身份证号码略。", "热依拉·阿布都"),
        ("王晓东（化名）向本局反映", "王晓东"),
        ("负责人练强梅不在店内", "练强梅"),
        ("附近居民仝俊秀投诉", "仝俊秀"),
        ("的监护人阿不都•买买提向本局投诉", "阿不都•买买提"),
        ("转入金强名下银行账户", "金强"),
        ("揭勇涛的签名系他人代签", "揭勇涛"),
        ("为上官军之子黄勇等人提供住宿", "上官军"),
        ("当事人帖晨梅委托令狐兰代为办理注销手续", "令狐兰"),
    ],
)
def test_finds_names_in_more_wordings(text: str, name: str) -> None:
    assert span_of(text, name) in found_spans(text, "PERSON")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("员工谌强将其打伤，谌强辩称系对方先动手。", "员工谌某将其打伤，谌某辩称系对方先动手。"),
        ("当事人向赵文出借营业执照。", "当事人向赵某出借营业执照。"),
        ("其父亲长孙伟持护照入境。", "其父亲长孙某持护照入境。"),
        (
            "包括谯琳、戴梅和孔琳（512002195207090187），三人均在场。",
            "包括谯某、戴某和孔某（［身份证号］），三人均在场。",
        ),
        ("向受害人向阳销售过期食品，向阳当场作证。", "向受害人向某销售过期食品，向某当场作证。"),
        ("顾客格日勒图向本机关举报。", "顾客格某向本机关举报。"),
        ("当事人在雁江区赵氏推拿按摩店内。", "当事人在雁江区赵氏推拿按摩店内。"),
    ],
)
def test_masks_end_where_the_name_ends(text: str, expected: str) -> None:
    assert scan_text(text).redacted == expected
