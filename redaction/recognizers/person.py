"""PERSON: names of natural persons (policy §2): Han names of 2-4 characters, compound family
names, and names with a middle dot (阿不都·热合曼).

Candidates come from several sources (``Candidate.source``), and one way delimits them:
- ``model``: LAC's PER words;
- ``role``: positions right after a role word (投诉人, 证人, 其妻, 工人代表 …, optionally followed by
  为/是/叫/：/（) where LAC often misses or mis-cuts a name; there a name may also be a Tibetan,
  Mongolian or Yi name without a family name (扎西顿珠, 其木格, 阿果拉且) or an everyday word
  (高峰, 平安);
- ``list``: after 、/和/及 that follow a name, and after 包括;
- ``clause``/``introducer``/``attribute``: a clause that opens with a name and what a person does
  (石芳住…), a name after 由/与/委托 … followed by what a person does, a name before （男，…）
  or （ID number）;
- ``dot``: names with a middle dot (阿不都·热合曼, also ・ • . ‧ ．).
A Han name starts with a family name (data/surnames.txt, compound ones first); its end is decided
by ``name_end``: LAC's word when LAC tags a person, else followers such as 名下/住/证实 and LAC's
word boundaries. ``candidates`` returns them all; ``analyze`` then drops those inside public spans
(decision numbers, legal citations), those that open a shop's or company's name (张记餐馆) and
those that name a street. The party's own names are removed later by the scan, which knows them.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.names import (
    MIDDLE_DOTS,
    follower_at,
    is_han,
    minority_opener_at,
    read_word_list,
    surname_length,
    transliteration_characters,
)
from redaction.public_spans import name_occurrences, overlaps_any, public_spans
from redaction.recognizers._base import LANGUAGE

# People who appear in enforcement facts besides the party (data/role_words.txt).
ROLE_WORDS = read_word_list("role_words.txt")
# A street word followed by a house number, building letter or road section: 路5号, 街B座, 大道东段.
_STREET_AHEAD = re.compile(r"(?:大道|大街|路|街|巷|弄)(?:[A-Za-z0-9０-９]|[一二三四五六七八九十百]+号|[东西南北中]段)")

_ROLE = re.compile(
    "(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + r")(?:为|是|叫|系|即|[：:]|[（(](?:[:：])?)?"
)
# A list of people: 包括张三、李四 / 有王五、赵六.
_LIST_OPENER = re.compile(r"(?:包括|包含|分别是|分别为|名单如下|如下人员)[：:]?")
# A clause that opens with a name followed by what only a person does (石芳住…, 李四证实…).
_CLAUSE_START = re.compile(r"(?:^|(?<=[，。；：、,;:\n]))")
_PERSON_PREDICATES = frozenset(
    {
        "住",
        "住址",
        "家住",
        "现住",
        "住在",
        "居住",
        "证实",
        "证明",
        "称",
        "陈述",
        "投诉",
        "举报",
        "反映",
        "签收",
        "系",
        "驾驶",
        "购买",
        "提供",
        "知情",
        "在场",
        "名下",
    }
)
# Attributes that follow a person's name: 张三（男，…）, 李四（身份证号…）, 王五，女，…, 赵六（5120…）
_PERSON_ATTRIBUTE = re.compile(
    r"[（(](?:男|女|身份证|公民身份|居民身份|电话|联系电话|联系方式|手机|系|年龄|现年|出生|住|户籍|化名|曾用名|[0-9]{6})"
    r"|[，,](?:男|女)[，,、）)]|[，,](?:现年|年龄|身份证号|公民身份号码|住址|户籍)"
    # 上官军之子, 李四的妻子: a person's kin
    r"|之(?:子|女|妻|夫|父|母|兄|弟|姐|妹)|的(?:儿子|女儿|妻子|丈夫|父亲|母亲|配偶|监护人)"
)
# Words after which a person often stands (由张三驾驶, 未经李四同意, 委托王五办理, 据赵六陈述) and the
# start of a clause; a name there needs LAC's agreement (a word boundary, no longer named unit)
# and a verb or a name follower right after it.
_NAME_INTRODUCER = re.compile(
    r"(?:^|(?<=[，。；：、,;:\n])|(?:委托|安排|雇佣|雇用|聘用|聘请|指使|授意|介绍|通知|告知|询问|联系|组织|唆使|"
    r"伙同|协助|帮助|陪同|殴打|辱骂|威胁|打伤|欺骗|诱骗|收留|容留|转告|交给|交由|卖给|售给|租给|借给|转让给|出售给|"
    r"支付给|汇给|转账给|付给|交付给|发给|寄给)了?|"
    r"未经|经|由|与|和|同|跟|向|给|对|被|让|叫|请|据|以|将|把|替|帮|带)"
)
# What follows only a person: 未经苏军同意, 以黎刚的名义, 由邵国驾驶, 蒋国向执法人员反映.
_PERSON_ACTS = re.compile(
    r"同意|签订|签字|签名|签收|代为|的名义|名下|本人|夫妇|等人|陈述|证实|供述|作证|承认|称|驾驶|"
    r"报案|报警|授权|反映|投诉|举报|住|向执法|向本机关|向我局|在场|知情"
)
# What only a person does right after their name, strong enough to make a name of a family
# name and one or two characters wherever they stand (…转入金强名下, …黎刚等人, …称).
_PERSON_ONLY = re.compile(
    r"名下|的名义|等人|夫妇|本人|的签名|的签字|签字|签名|作证|供述|证实|陈述|辩称|声称|自述|报警|报案"
)
# One-character verbs that follow a name (赵文|出|借): never the name's third character.
_VERB_CHARACTERS = frozenset("出借买卖租送打拿偷带开用做来去到交收付给让要拿骗抢砸拆运装")
# Prepositions and particles that LAC glues to the character before them (龙磊|超向).
_PREPOSITIONS = frozenset("向于在将被把对从到与及等的")
# Two-character words that end in a character that also follows names (处以, 用于 …): after a
# two-character name LAC found, such a word is a word, not the name's third character.
_WORDS_ENDING_LIKE_FOLLOWERS = frozenset(
    {
        "处以", "予以", "加以", "给以", "所以", "可以", "难以", "足以", "用于", "对于", "由于", "关于", "至于",
        "在于", "属于", "等于", "位于", "终于", "过于", "正在", "现在", "存在", "实在", "所在", "一向", "方向",
        "面向", "转向", "走向", "即将", "必将", "并将", "就是", "但是", "还是", "只是", "可是", "于是", "也是",
        "都是", "而是", "不是", "总是", "正是", "凡是", "要是", "若是", "以及", "涉及", "危及", "波及", "未及",
        "以为", "作为", "认为", "成为", "行为", "因为", "称为", "视为", "更为", "较为", "极为", "最为", "并与",
        "参与", "给与", "赋与", "共同", "如同", "连同", "协同", "会同", "随同", "陪同", "不同", "相同", "同时",
        "辩称", "声称", "自称", "宣称", "据称", "供称", "诉称", "坚称", "谎称", "号称", "又称", "另称", "还称",
        "均称", "亦称", "也称", "现住", "居住", "暂住", "入住", "同住", "借住", "租住", "常住", "家住",
    }
)  # fmt: skip
_NAMED_UNIT_TAGS = frozenset({"ORG", "LOC", "nz", "nw", "TIME"})
_VERB_TAGS = frozenset({"v", "vd", "vn", "p", "u", "d", "ad", "c"})
_LIST_JOINERS = re.compile(r"[、和及与]|以及")
_SHOP_WORDS = (
    "店",
    "馆",
    "厂",
    "坊",
    "铺",
    "商行",
    "超市",
    "诊所",
    "药店",
    "药房",
    "餐馆",
    "饭店",
    "酒楼",
    "公司",
    "经营部",
    "工作室",
    "门市",
    "批发部",
    "合作社",
    "养殖场",
    "农场",
    "商店",
    "食品店",
    "便利店",
)
_SHOP_WORD = re.compile("|".join(sorted(_SHOP_WORDS, key=len, reverse=True)))
_DOT_SPLIT = re.compile("[" + re.escape(MIDDLE_DOTS) + "]")
_DOT_BETWEEN_HAN = re.compile(
    r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[" + re.escape(MIDDLE_DOTS) + r"](?=[\u3400-\u4dbf\u4e00-\u9fff])"
)
# LAC tags that say "a word, not a name" when LAC reads a word at a candidate's start (包括, 于).
# Nouns and adjectives are not among them: LAC reads some real names as such (叶子, 高静).
_NON_NAME_TAGS = frozenset({"p", "c", "u", "d", "xc", "r", "w", "m", "q", "f", "v", "vd", "vn", "ad", "t", "TIME"})

# After a role word even an everyday word may be a name (证人高峰), but not a function word.
_HARD_NON_NAME_TAGS = frozenset({"p", "c", "u", "d", "xc", "r", "w", "m", "q", "f", "t", "TIME"})

# Nouns that open with a family name and often follow a role word (房东方面, 消费者权益).
_NOT_NAMES = frozenset(
    {
        "方面",
        "权益",
        "利益",
        "安全",
        "信息",
        "全部",
        "全体",
        "双方",
        "单位",
        "家属",
        "家人",
        "家中",
        "家里",
        "陈述",
        "金额",
        "费用",
    }
)
# After a role word, a compound family name that is also a word opens a name unless a count follows.
_COUNT_AFTER = re.compile(r"[次条款项个名天年月日批号届人位种类]")
# Compound family names that are also everyday words (东方, 南门 …): no exception for them.
_WORDLIKE_COMPOUNDS = frozenset({"东方", "南门", "东门", "西门", "第五", "百里", "单于", "公孙", "东郭", "长孙"})

_NER_SCORE = 0.85
_ROLE_SCORE = 0.85
_DOT_SCORE = 0.8


# Characters that never end a name although LAC sometimes puts them into one (李国于2023年).
_NEVER_LAST = frozenset("于在的将被把向对从到及与等系称均已未曾并也是因之不持拒说让叫替给了着过又还就且而或代")


@dataclass(frozen=True)
class Candidate:
    """A possible name before the recognizer's filters; ``source`` says which rule found it."""

    start: int
    end: int
    score: float
    source: str


class _Tokens:
    """LAC's words by start offset, for boundary questions: (end, word, entity label)."""

    def __init__(self, nlp_artifacts: NlpArtifacts | None) -> None:
        self.by_start: dict[int, tuple[int, str, str]] = {}
        self.pos: dict[int, str] = {}
        self.person_starts: list[int] = []
        self._starts: list[int] = []
        if nlp_artifacts is None:
            return
        tags: list[str] = getattr(nlp_artifacts, "lac_tags", None) or [t.tag_ for t in nlp_artifacts.tokens]
        for word, start, tag in zip(nlp_artifacts.lemmas, nlp_artifacts.tokens_indices, tags, strict=True):
            label = "PERSON" if tag == "PER" else tag
            self.by_start[start] = (start + len(word), word, label)
            self.pos[start] = tag
            if label == "PERSON":
                self.person_starts.append(start)
        self._starts = sorted(self.by_start)

    def word_at(self, start: int) -> tuple[int, str, str] | None:
        return self.by_start.get(start)

    def word_around(self, position: int) -> tuple[int, int, str] | None:
        """(start, end, LAC tag) of the word that holds ``position``."""
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return None
        start = self._starts[index]
        return start, self.by_start[start][0], self.pos[start]

    def tag_around(self, position: int) -> str:
        """LAC's tag of the word that holds ``position``."""
        word = self.word_around(position)
        return word[2] if word else ""

    def pos_at(self, start: int) -> str:
        return self.pos.get(start, "")

    def is_person_at(self, start: int) -> bool:
        word = self.by_start.get(start)
        return word is not None and word[2] == "PERSON"


def name_end(text: str, start: int, tokens: _Tokens, *, words_too: bool = False) -> int:
    """End of the Han name that starts at ``start`` (a family name), or ``start`` if there is none.

    When LAC tags a person at ``start`` its word decides (cut before a follower it swallowed,
    朱秀名下; one dangling character added, 雷婷|国代为). Otherwise: one or two given-name
    characters, ending before a name follower or where a real word starts.
    """
    family = surname_length(text, start, words_too=words_too or tokens.is_person_at(start))
    if family == 0:
        return start
    first = start + family
    if first >= len(text) or not is_han(text[first]) or text[first] == "某" or follower_at(text, first):
        return start
    second = first + 1
    word = tokens.word_at(start)
    if word is not None and word[2] == "PERSON" and word[0] > first:
        return _lac_name_end(text, start, first, word[0], tokens)
    if second >= len(text) or not is_han(text[second]):
        return second
    follower = follower_at(text, second)
    if follower or text[second] in _NEVER_LAST:
        return second  # 长孙伟|持护照
    third = second + 1
    if third >= len(text) or not is_han(text[third]) or follower_at(text, third):
        # 张三丰于… ends before the follower, unless LAC reads a word across it (赵晨|处以).
        around = tokens.word_around(second)
        if around is not None and around[0] == second and around[1] > third:
            return second
        return third
    next_word = tokens.word_at(second)
    if next_word is not None and next_word[0] - second >= 2:
        return second  # a real word starts after one given-name character
    return third


def _lac_name_end(text: str, start: int, first: int, lac_end: int, tokens: _Tokens) -> int:
    end = min(lac_end, first + 3)
    for position in range(first + 1, end):
        follower = follower_at(text, position)
        if len(follower) >= 2 or text[position] in _NEVER_LAST or _PERSON_ACTS.match(text, position):
            return position  # 邝宇|代为, 芈娟|持护照, 汪敏|之子: LAC glued what follows the name
    if end == first + 1 and end + 1 < len(text) and is_han(text[end]) and not follower_at(text, end):
        if _dangling(text, end, tokens):
            return end + 1  # 雷婷|国代为…: LAC left the last given-name character as a word of its own
        if text[end : end + 2] in _WORDS_ENDING_LIKE_FOLLOWERS:
            return end  # 谌强|辩称
        if follower_at(text, end + 1) in _PERSON_PREDICATES or _PERSON_ACTS.match(text, end + 1):
            return end + 1  # 曹文|建住, 朱文|一证实: LAC glued the last character to what the person does
        glued = tokens.word_at(end)
        if (
            glued is not None
            and glued[0] == end + 2
            and text[end + 1] in _PREPOSITIONS
            and text[end : end + 2] not in _WORDS_ENDING_LIKE_FOLLOWERS
        ):
            return end + 1  # 龙磊|超向…: LAC glued the last character to the preposition after the name
    return end


def _dangling(text: str, position: int, tokens: _Tokens) -> bool:
    """A one-character word at ``position`` that does not read as a word of the sentence."""
    word = tokens.word_at(position)
    if word is None or position + 1 >= len(text):
        around = tokens.word_around(position)
        # 雷婷|国代|为: LAC glued the character to the next one into a date-like or odd word.
        return (
            around is not None
            and around[0] == position
            and around[2] in ("TIME", "m")
            and is_han(text[position])
            and not follower_at(text, position)
        )
    return (
        word[0] - position == 1
        and is_han(text[position])
        and text[position] not in _NEVER_LAST
        and not follower_at(text, position)
        and tokens.pos_at(position) not in ("w", "u", "p", "c", "f", "q")
        and not (text[position] in _VERB_CHARACTERS and tokens.pos_at(position) == "v")
    )


def minority_name_end(text: str, start: int, tokens: _Tokens) -> int:
    """End of a Tibetan, Mongolian or Yi name without a dot that opens at ``start`` (扎西顿珠)."""
    opener = minority_opener_at(text, start)
    word = tokens.word_at(start)
    if word is not None and word[2] == "PERSON" and word[0] - start >= 2:
        end = word[0]
        for position in range(start + 2, end):
            if len(follower_at(text, position)) >= 2 or text[position] in _NEVER_LAST:
                return position  # 玉素甫|名下 read as one name
    elif opener:
        end = start + len(opener)
    else:
        return start
    # A second element (扎西|顿珠, 阿果|拉且): more name characters up to a follower or real word.
    limit = min(len(text), start + 6)
    while end < limit and is_han(text[end]) and not follower_at(text, end):
        if text[end] in transliteration_characters() and end - start < 4:
            end += 1  # 阿果拉|且: a Yi name has four characters, whatever LAC makes of the last
            continue
        following = tokens.word_at(end)
        if following is not None and following[2] not in ("PERSON", "nr", "nz", "n") and end > start + 2:
            break
        if minority_opener_at(text, end):
            end += len(minority_opener_at(text, end))
            continue
        if following is not None and following[2] == "PERSON":
            end = following[0]
            continue
        break
    return end


def _dot_name_start(text: str, dot: int, lowest: int, tokens: _Tokens) -> int:
    """Start of the part before a middle dot: the run of transliteration characters, cut after a
    role word, a name follower or a word LAC reads across the run's start (当事人|买买提·艾力,
    委托|热依拉·阿布都)."""
    letters = transliteration_characters()
    start = dot
    while start > lowest and is_han(text[start - 1]) and (dot - start < 2 or text[start - 1] in letters):
        start -= 1
    if minority_opener_at(text, start):
        pass  # 我叫|热依拉·…: a known first element starts the name, whatever LAC glued to it
    elif start + 1 < dot and minority_opener_at(text, start + 1):
        start += 1  # 委托|热依拉·…
    else:
        around = tokens.word_around(start)
        if around is not None and around[0] < start < around[1] < dot and around[2] != "PERSON":
            start = around[1]
    for role in _ROLE.finditer(text, max(0, start - 6), dot):
        if role.end() > start and role.end() < dot:
            start = role.end()
    while start < dot and follower_at(text, start):
        start += len(follower_at(text, start))
    return start


def _dot_name_end(text: str, dot: int, limit: int, tokens: _Tokens) -> int:
    """End of the part(s) after a middle dot: transliteration characters, across further dots,
    up to a name follower or a character that ends names (艾力|雇佣, 阿布都|代为)."""
    letters = transliteration_characters()
    position = dot + 1
    # A known element right after the dot is kept whole (…·买买|提向: LAC cuts it).
    floor = dot + 1 + len(minority_opener_at(text, dot + 1))
    while position < limit:
        ch = text[position]
        if ch in MIDDLE_DOTS:
            position += 1
            continue
        part_start = position > dot + 1 and text[position - 1] in MIDDLE_DOTS
        if not part_start and position - dot > 2 and position >= floor:
            follower = follower_at(text, position)
            if len(follower) >= 2 or (follower and ch in _NEVER_LAST) or ch not in letters:
                break
            word = tokens.word_at(position)
            if word is not None and word[0] - position >= 2 and tokens.pos_at(position) in _VERB_TAGS:
                break  # 托合提|支付: a verb starts here
        position += 1
    return position


class CnPersonRecognizer(LocalRecognizer):
    """Recognizes names of natural persons in Chinese text."""

    name: str

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language=LANGUAGE, name="CnPersonRecognizer")

    def load(self) -> None:
        """Nothing to load: LAC comes with the NLP artifacts."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        protected = public_spans(text)
        results = []
        for candidate in self.candidates(text, nlp_artifacts):
            start, end = candidate.start, candidate.end
            if overlaps_any(start, end, protected):
                continue
            if candidate.source != "dot" and (
                self._in_shop_name(text, start, end) or self._names_a_street(text, start, end)
            ):
                continue
            results.append(self._result(start, end, candidate.score))
        return results

    def candidates(self, text: str, nlp_artifacts: NlpArtifacts | None = None) -> list[Candidate]:
        """Every possible name, before the filters of ``analyze`` (one per start, the longest)."""
        tokens = _Tokens(nlp_artifacts)
        found: dict[int, Candidate] = {}

        def put(start: int, end: int, score: float, source: str) -> int:
            if end - start < 2:
                return start
            previous = found.get(start)
            if previous is None or previous.end < end:
                found[start] = Candidate(start, end, max(score, previous.score if previous else 0.0), source)
            return end

        def add(start: int, score: float, source: str) -> int:
            return put(start, self._han_or_minority_end(text, start, tokens), score, source)

        def add_list(end: int) -> None:
            # 沈丽、姜凯鹏 / 王某和李四: a name right after a joiner that follows a name.
            while end < len(text):
                joiner = _LIST_JOINERS.match(text, end)
                if joiner is None:
                    return
                new_end = self._name_at(text, joiner.end(), tokens, strong=False)
                if new_end == joiner.end():
                    return
                end = put(joiner.end(), new_end, _ROLE_SCORE, "list")

        for start in tokens.person_starts:
            role = _ROLE.match(text, start)
            if role is not None and role.end() <= tokens.by_start[start][0]:
                continue  # 顾客 or 顾客格日勒图 read as a name: the role path takes what follows 顾客
            if surname_length(text, start, words_too=True) == 0:
                lac_end = tokens.by_start[start][0]
                if (
                    start > 0
                    and is_han(text[start])
                    and lac_end - start <= 2
                    and text[lac_end : lac_end + 1] not in MIDDLE_DOTS
                    and not transliteration_characters().issuperset(text[start:lac_end])
                    and surname_length(text, start - 1)
                ):
                    # 向|建勇: LAC read the family name as a preposition; its word ends the name.
                    end = max(name_end(text, start - 1, tokens), min(lac_end, start + 2))
                    add_list(put(start - 1, end, _NER_SCORE, "model"))
                    continue
                elif start + 1 < lac_end - 1 and surname_length(text, start + 1):
                    add_list(add(start + 1, _NER_SCORE, "model"))  # 之|子盍宇文: the name starts inside
                    continue
                else:
                    add_list(put(start, minority_name_end(text, start, tokens), _NER_SCORE, "model"))
                    continue
            add_list(add(start, _NER_SCORE, "model"))
        for match in _ROLE.finditer(text):
            start = match.end()
            if start < len(text):
                add_list(put(start, self._name_at(text, start, tokens, strong=True), _ROLE_SCORE, "role"))
        for match in _LIST_OPENER.finditer(text):
            start = match.end()
            if start < len(text):
                add_list(put(start, self._name_at(text, start, tokens, strong=False), _ROLE_SCORE, "list"))
        for match in _CLAUSE_START.finditer(text):
            start = match.end()
            if start < len(text) and start not in found and surname_length(text, start):
                end = name_end(text, start, tokens)
                if end - start >= 2 and follower_at(text, end) in _PERSON_PREDICATES:
                    add_list(add(start, _ROLE_SCORE, "clause"))
        for match in _NAME_INTRODUCER.finditer(text):
            start = match.end()
            if any(c.start <= match.start() < c.end for c in found.values()):
                continue  # …，向阳当场: the introducer is part of a name found already
            if start < len(text) and start not in found and self._introduced_name(text, match, tokens):
                add_list(add(start, _ROLE_SCORE, "introducer"))
        for act in _PERSON_ONLY.finditer(text):
            # The closest start wins, as for attributes below.
            for start in range(act.start() - 2, max(0, act.start() - 4) - 1, -1):
                if start in found or any(c.start < start < c.end for c in found.values()):
                    break
                word = tokens.word_at(start)
                if word is None:
                    continue
                # 揭勇涛|的签名: before what only a person does, a word that is exactly a name counts
                # whatever LAC's tag (揭 reads as a verb).
                whole_word = word[0] == act.start() and tokens.pos_at(start) not in _HARD_NON_NAME_TAGS
                if whole_word or self._plausible_start(text, start, tokens):
                    if name_end(text, start, tokens) == act.start():
                        add(start, _ROLE_SCORE, "predicate")
                        break
        for attribute in _PERSON_ATTRIBUTE.finditer(text):
            # The closest start wins: 戴梅和|孔琳（…）, not 和孔琳.
            for start in range(attribute.start() - 2, max(0, attribute.start() - 4) - 1, -1):
                if start in found:
                    break
                if start in tokens.by_start and self._plausible_start(text, start, tokens):
                    if name_end(text, start, tokens) == attribute.start():
                        add(start, _ROLE_SCORE, "attribute")
                        break
        for candidate in self._dot_names(text, tokens):
            put(candidate.start, candidate.end, candidate.score, candidate.source)
            add_list(candidate.end)
        self._add_repeats(text, found)
        return sorted(found.values(), key=lambda c: c.start)

    @staticmethod
    def _add_repeats(text: str, found: dict[int, Candidate]) -> None:
        """Every other occurrence of a name found once is the same person (莫芳…，莫芳邮箱…): LAC
        and the rules see each occurrence in a different context and may miss one."""
        names = {text[c.start : c.end]: c for c in found.values() if c.end - c.start >= 2}
        for name, candidate in names.items():
            for start, end in name_occurrences(text, name):
                previous = found.get(start)
                if (previous is None or previous.end < end) and not any(
                    c.start < start < c.end for c in found.values()
                ):
                    found[start] = Candidate(start, end, candidate.score, "repeat")

    def _name_at(self, text: str, start: int, tokens: _Tokens, *, strong: bool) -> int:
        """End of a name that a role word (``strong``) or a list joiner says stands at ``start``."""
        if self._plausible_start(text, start, tokens):
            end = self._han_or_minority_end(text, start, tokens)
            if end > start:
                return start if text[start:end] in _NOT_NAMES else end
        if not strong:
            if tokens.is_person_at(start) and surname_length(text, start, words_too=True) == 0:
                return minority_name_end(text, start, tokens)
            return start
        # After a role word a person stands: Tibetan/Mongolian/Yi names, everyday words (高峰).
        if minority_opener_at(text, start) or (tokens.is_person_at(start) and not surname_length(text, start)):
            return minority_name_end(text, start, tokens)
        word = tokens.word_at(start)
        family = surname_length(text, start)
        split = self._split_name(text, start, tokens)
        if split > start:
            return split
        if family == 2 and not _COUNT_AFTER.match(text, start + 2):
            end = name_end(text, start, tokens)
            if end > start:
                return end  # 证人第五建华: LAC reads the family name as an ordinal
        if word is None or not family or tokens.pos_at(start) in _HARD_NON_NAME_TAGS:
            return start
        if follower_at(text, start + family) or text[start + family : start + family + 1] == "某":
            return start  # 王女士, 李先生, 张某: a family name with a title, not a full name
        end = word[0]
        if 2 <= end - start <= 3 and (
            end >= len(text) or not is_han(text[end]) or follower_at(text, end) or _PERSON_ACTS.match(text, end)
        ):
            return end
        return start

    @staticmethod
    def _split_name(text: str, start: int, tokens: _Tokens) -> int:
        """End of a name that LAC split into a one-character word and a given name read as a word
        (负责人练|强梅|不在, 居民仝|俊秀|投诉), when a name follower or what a person does comes next."""
        word = tokens.word_at(start)
        if word is None or word[0] != start + 1 or surname_length(text, start) != 1 or text[start + 1] == "某":
            return start
        given = tokens.word_at(start + 1)
        if given is None or not 1 <= given[0] - start - 1 <= 2 or tokens.pos_at(start + 1) in _HARD_NON_NAME_TAGS:
            return start
        end = given[0]
        if not all(is_han(ch) for ch in text[start + 1 : end]) or follower_at(text, start + 1):
            return start
        if end < len(text) and is_han(text[end]) and not (follower_at(text, end) or _PERSON_ACTS.match(text, end)):
            return start
        return end

    @staticmethod
    def _han_or_minority_end(text: str, start: int, tokens: _Tokens) -> int:
        end = name_end(text, start, tokens)
        if end > start and minority_opener_at(text, start):
            return max(end, minority_name_end(text, start, tokens))  # 阿果拉且 opens like a Han name
        return end

    @classmethod
    def _introduced_name(cls, text: str, introducer: re.Match[str], tokens: _Tokens) -> bool:
        start = introducer.end()
        if surname_length(text, start) == 0:
            return False
        end = name_end(text, start, tokens)
        if end - start < 2:
            return False
        word = tokens.word_at(start)
        if _PERSON_ACTS.match(text, end) and surname_length(text, start) == 2:
            return True  # 委托令狐兰|代为: a compound family name and what only a person does
        if word is None:
            # LAC glued the introducer to the name (未经许|艳雨, 以任超一): only what follows decides.
            return introducer.start() in tokens.by_start and bool(_PERSON_ACTS.match(text, end))
        if not cls._plausible_start(text, start, tokens) or word[0] > end:
            return False  # a function word, or LAC reads a longer unit (乐至县交通运输局)
        if word[2] != "PERSON" and word[0] - start >= 2:
            # 向白酒中, 把石灰: LAC's own word wins unless only a person can do what follows.
            return bool(_PERSON_ACTS.match(text, end) or _PERSON_ACTS.match(text, word[0]))
        return bool(follower_at(text, end)) or (end in tokens.by_start and tokens.pos_at(end) in _VERB_TAGS)

    @staticmethod
    def _plausible_start(text: str, start: int, tokens: _Tokens) -> bool:
        if surname_length(text, start, words_too=tokens.is_person_at(start)) == 0:
            return False
        word = tokens.word_at(start)
        if word is None:
            # Inside a LAC word: fine in 购买人段|刚, not inside a named unit (消费者权益保护委员会).
            return tokens.tag_around(start) not in _NAMED_UNIT_TAGS
        if word[2] == "PERSON" or tokens.pos_at(start) not in _NON_NAME_TAGS:
            return True
        if surname_length(text, start) == 2 and text[start : start + 2] not in _WORDLIKE_COMPOUNDS:
            return True  # 上官萍玉 read as a locality word
        if len(word[1]) >= 2:
            return False  # 人员包括…: LAC reads a verb or function word of its own
        # 执法人员于现场: a one-character function word, then a real word that is not a name.
        after = tokens.word_at(word[0])
        if after is not None and after[2] == "PERSON":
            # 向|建勇 is one name; 和|努文 is a joiner and a transliterated name.
            return not transliteration_characters().issuperset(after[1])
        return after is None or after[0] - word[0] < 2

    @staticmethod
    def _names_a_street(text: str, start: int, end: int) -> bool:
        # 吕路U座, 刘街5号: a surname that names a street is part of an address (ADDRESS covers it).
        after_surname = start + max(surname_length(text, start), 1)
        return bool(_STREET_AHEAD.match(text, after_surname) or _STREET_AHEAD.match(text, end))

    @staticmethod
    def _in_shop_name(text: str, start: int, end: int) -> bool:
        # 张记烧烤店, 李四超市, 王氏诊所: a name that opens a shop's or company's name is part of it.
        family = surname_length(text, start)
        if text[start + family : start + family + 1] in ("氏", "记"):
            return True  # 赵氏…, 周记…: a family's trade name, never a person's name
        position = start + family + 1
        while position < len(text) and position - end <= 5 and is_han(text[position]):
            if _SHOP_WORD.match(text, position):
                return True
            if follower_at(text, position):
                return False
            position += 1
        return False

    @staticmethod
    def _dot_names(text: str, tokens: _Tokens) -> list[Candidate]:
        found: list[Candidate] = []
        letters = transliteration_characters()
        for match in _DOT_BETWEEN_HAN.finditer(text):
            dot = match.start()
            if found and dot < found[-1].end:
                continue  # the second dot of a name already found (阿不都·热合曼·买买提)
            start = _dot_name_start(text, dot, max(0, dot - 8), tokens)
            end = _dot_name_end(text, dot, min(len(text), dot + 12), tokens)
            if dot - start < 1 or end - dot < 2 or (dot - start < 2 and end - dot < 3):
                continue
            parts = (text[start:dot], *_DOT_SPLIT.split(text[dot + 1 : end]))
            if any(letters.issuperset(part) for part in parts if part):
                found.append(Candidate(start, end, _DOT_SCORE, "dot"))  # not 中国·资阳: a transliterated part
        return found

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            entity_type="PERSON",
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name,
                original_score=score,
                textual_explanation="a name from LAC, a role word, a list or a middle dot",
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
            },
        )
