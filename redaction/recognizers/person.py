"""PERSON: names of natural persons (policy §2): Han names of 2-4 characters, compound family
names, and names with a middle dot (阿不都·热合曼).

Two sources of candidates, one way to delimit them:
- LAC's PER entities (from the NLP engine's artifacts);
- positions right after a role word (投诉人, 证人, 患者, 配偶, 员工 …, optionally followed by
  为/是/叫/：), and after 、/和/及 that follow a name, where LAC often misses or mis-cuts a name.
Every candidate must start with a family name; its end is decided by ``names`` (followers such as
名下/住/证实 end a name, LAC's word boundary decides otherwise). Candidates inside public spans
(decision numbers, legal citations) or directly followed by a shop/company word (张记餐馆) are
dropped; the party's own name is removed later by the scan, which knows the public names.
"""

import re
from bisect import bisect_right
from collections.abc import Callable

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.names import MIDDLE_DOTS, follower_at, is_han, read_word_list, surname_length
from redaction.public_spans import overlaps_any, public_spans
from redaction.recognizers._base import LANGUAGE

# People who appear in enforcement facts besides the party (data/role_words.txt).
ROLE_WORDS = read_word_list("role_words.txt")
# A street word followed by a house number, building letter or road section: 路5号, 街B座, 大道东段.
_STREET_AHEAD = re.compile(r"(?:大道|大街|路|街|巷|弄)(?:[A-Za-z0-9０-９]|[一二三四五六七八九十百]+号|[东西南北中]段)")

_ROLE = re.compile("(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + ")(?:为|是|叫|系|即|[：:])?")
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
# Attributes that follow a person's name: 张三（男，…）, 李四（身份证号…）, 王五，女，…
_PERSON_ATTRIBUTE = re.compile(
    r"[（(](?:男|女|身份证|公民身份|居民身份|电话|联系电话|联系方式|手机|系|年龄|现年|出生|住|户籍)"
    r"|[，,](?:男|女)[，,、）)]|[，,](?:现年|年龄|身份证号|公民身份号码|住址|户籍)"
)
# Words after which a person often stands (由张三驾驶, 未经李四同意, 委托王五办理, 据赵六陈述) and the
# start of a clause; a name there needs LAC's agreement (a word boundary, no longer named unit)
# and a verb or a name follower right after it.
_NAME_INTRODUCER = re.compile(
    r"(?:^|(?<=[，。；：、,;:\n])|(?:委托|安排|雇佣|雇用|聘用|聘请|指使|授意|介绍|通知|告知|询问|联系)了?|"
    r"未经|经|由|与|和|同|跟|向|给|对|被|让|叫|请|据|以|将|把|替|帮|带)"
)
# What follows only a person: 未经苏军同意, 以黎刚的名义, 由邵国驾驶, 蒋国向执法人员反映.
_PERSON_ACTS = re.compile(
    r"同意|签订|签字|签名|签收|代为|的名义|名下|本人|夫妇|等人|陈述|证实|供述|作证|承认|称|驾驶|"
    r"报案|报警|授权|反映|投诉|举报|住|向执法|向本机关|向我局|在场|知情"
)
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
_DOT_NAME = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff]{1,8}[" + MIDDLE_DOTS + r"][\u3400-\u4dbf\u4e00-\u9fff]{1,10}"
    r"(?:[" + MIDDLE_DOTS + r"][\u3400-\u4dbf\u4e00-\u9fff]{1,10})*"
)
# LAC tags that say "a word, not a name" when LAC reads a word at a candidate's start (包括, 于).
# Nouns and adjectives are not among them: LAC reads some real names as such (叶子, 高静).
_NON_NAME_TAGS = frozenset({"p", "c", "u", "d", "xc", "r", "w", "m", "q", "f", "v", "vd", "vn", "ad", "t", "TIME"})

_NER_SCORE = 0.85
_ROLE_SCORE = 0.85
_DOT_SCORE = 0.8


class _Tokens:
    """LAC's words by start offset, for boundary questions: (end, word, entity label, LAC tag)."""

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

    def word_at(self, start: int) -> tuple[int, str, str] | None:
        return self.by_start.get(start)

    def tag_around(self, position: int) -> str:
        """LAC's tag of the word that holds ``position``."""
        starts = self._starts or sorted(self.by_start)
        self._starts = starts
        index = bisect_right(starts, position) - 1
        return self.pos.get(starts[index], "") if index >= 0 else ""

    def pos_at(self, start: int) -> str:
        return self.pos.get(start, "")


def name_end(text: str, start: int, tokens: _Tokens) -> int:
    """End of the name that starts at ``start`` (a family name), or ``start`` if there is none."""
    family = surname_length(text, start)
    if family == 0:
        return start
    first = start + family
    if first >= len(text) or not is_han(text[first]) or text[first] == "某" or follower_at(text, first):
        return start
    second = first + 1
    word = tokens.word_at(start)
    lac_person_end = word[0] if word and word[2] == "PERSON" else None
    if second >= len(text) or not is_han(text[second]):
        return second
    follower = follower_at(text, second)
    if follower:
        if len(follower) == 1 and lac_person_end == second + 1:
            return second + 1  # 王玉和: LAC reads the follower-like character as part of the name
        return second
    third = second + 1
    if third >= len(text) or not is_han(text[third]) or follower_at(text, third):
        return third
    if lac_person_end == second and _dangling(text, second, tokens):
        return third  # 雷婷|国代为…: LAC left the last given-name character as a word of its own
    if lac_person_end is not None and first < lac_person_end <= third:
        return lac_person_end
    next_word = tokens.word_at(second)
    if next_word is not None and next_word[0] - second >= 2:
        return second  # a real word starts after one given-name character
    return third


def _dangling(text: str, position: int, tokens: _Tokens) -> bool:
    """A one-character word at ``position`` that does not read as a word of the sentence."""
    word = tokens.word_at(position)
    return (
        word is not None
        and word[0] - position == 1
        and is_han(text[position])
        and not follower_at(text, position)
        and tokens.pos_at(position) not in ("w", "u", "p", "c", "f", "q")
    )


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
        tokens = _Tokens(nlp_artifacts)
        protected = public_spans(text)
        found: dict[int, tuple[int, float]] = {}

        def add(start: int, score: float) -> int:
            end = name_end(text, start, tokens)
            if end - start < 2 or overlaps_any(start, end, protected) or self._in_shop_name(text, start, end):
                return start
            if self._names_a_street(text, start, end):
                return start
            previous = found.get(start)
            if previous is None or previous[0] < end:
                found[start] = (end, max(score, previous[1] if previous else 0.0))
            return end

        for start in tokens.person_starts:
            if surname_length(text, start) == 0 and start > 0 and surname_length(text, start - 1):
                start -= 1  # 向|建勇: LAC read the family name as a preposition
            self._add_with_list(text, add(start, _NER_SCORE), add)
        for match in _ROLE.finditer(text):
            start = match.end()
            if start < len(text) and self._plausible_start(text, start, tokens):
                self._add_with_list(text, add(start, _ROLE_SCORE), add)
        for match in _CLAUSE_START.finditer(text):
            start = match.end()
            if start < len(text) and start not in found and surname_length(text, start):
                end = name_end(text, start, tokens)
                if end - start >= 2 and follower_at(text, end) in _PERSON_PREDICATES:
                    self._add_with_list(text, add(start, _ROLE_SCORE), add)
        for match in _NAME_INTRODUCER.finditer(text):
            start = match.end()
            if start < len(text) and start not in found and self._introduced_name(text, match, tokens):
                self._add_with_list(text, add(start, _ROLE_SCORE), add)
        for attribute in _PERSON_ATTRIBUTE.finditer(text):
            for start in range(max(0, attribute.start() - 4), attribute.start() - 1):
                if start not in found and start in tokens.by_start and surname_length(text, start):
                    if name_end(text, start, tokens) == attribute.start():
                        self._add_with_list(text, add(start, _ROLE_SCORE), add)
        results = [self._result(start, end, score) for start, (end, score) in found.items()]
        results.extend(self._dot_names(text, protected, tokens))
        return results

    def _add_with_list(self, text: str, end: int, add: Callable[[int, float], int]) -> None:
        # 沈丽、姜凯鹏 / 王某和李四: a name right after a joiner that follows a name.
        while end < len(text):
            joiner = _LIST_JOINERS.match(text, end)
            if joiner is None or surname_length(text, joiner.end()) == 0:
                return
            new_end = add(joiner.end(), _ROLE_SCORE)
            if new_end == joiner.end():
                return
            end = new_end

    @classmethod
    def _introduced_name(cls, text: str, introducer: re.Match[str], tokens: _Tokens) -> bool:
        start = introducer.end()
        if surname_length(text, start) == 0:
            return False
        end = name_end(text, start, tokens)
        if end - start < 2:
            return False
        word = tokens.word_at(start)
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
        if surname_length(text, start) == 0:
            return False
        word = tokens.word_at(start)
        if word is None:
            # Inside a LAC word: fine in 购买人段|刚, not inside a named unit (消费者权益保护委员会).
            return tokens.tag_around(start) not in _NAMED_UNIT_TAGS
        if word[2] == "PERSON" or tokens.pos_at(start) not in _NON_NAME_TAGS:
            return True
        if len(word[1]) >= 2:
            return False  # 人员包括…: LAC reads a verb or function word of its own
        # 执法人员于现场: a one-character function word, then a real word that is not a name.
        after = tokens.word_at(word[0])
        return after is None or after[0] - word[0] < 2 or after[2] == "PERSON"

    @staticmethod
    def _names_a_street(text: str, start: int, end: int) -> bool:
        # 吕路U座, 刘街5号: a surname that names a street is part of an address (ADDRESS covers it).
        after_surname = start + max(surname_length(text, start), 1)
        return bool(_STREET_AHEAD.match(text, after_surname) or _STREET_AHEAD.match(text, end))

    @staticmethod
    def _in_shop_name(text: str, start: int, end: int) -> bool:
        # 张记烧烤店, 李四超市, 王氏诊所: a name that opens a shop's or company's name is part of it.
        position = start + surname_length(text, start) + 1
        while position < len(text) and position - end <= 3 and is_han(text[position]):
            if _SHOP_WORD.match(text, position):
                return True
            if follower_at(text, position):
                return False
            position += 1
        return False

    def _dot_names(self, text: str, protected: list[tuple[int, int]], tokens: _Tokens) -> list[RecognizerResult]:
        results = []
        for match in _DOT_NAME.finditer(text):
            start, end = match.span()
            dot = next(i for i in range(start, end) if text[i] in MIDDLE_DOTS)
            roles = list(_ROLE.finditer(text, start, dot))
            if roles:
                start = roles[-1].end()
            while start < dot and follower_at(text, start):
                start += len(follower_at(text, start))
            start = max(start, dot - 6)
            tail = self._dot_name_end(text, dot, end, tokens)
            if start < dot and tail > dot + 1 and not overlaps_any(start, tail, protected):
                results.append(self._result(start, tail, _DOT_SCORE))
        return results

    @staticmethod
    def _dot_name_end(text: str, dot: int, end: int, tokens: _Tokens) -> int:
        """End of the name part after a middle dot: LAC's words up to a verb, function word or
        name follower (买买提·艾力|出售 …)."""
        position = dot + 1
        while position < end:
            if text[position] in MIDDLE_DOTS:
                position += 1
                continue
            if follower_at(text, position):
                break
            word = tokens.word_at(position)
            if word is None:
                position += 1
                continue
            if position > dot + 1 and tokens.pos_at(position) in _NON_NAME_TAGS:
                break
            position = min(word[0], end)
        return position

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            entity_type="PERSON",
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name,
                original_score=score,
                textual_explanation="family name + given name, from LAC or a role word",
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
            },
        )
