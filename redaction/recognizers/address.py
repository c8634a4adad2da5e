"""ADDRESS: the part of an address below county level (policy §2): town, street + number,
小区/栋/单元/室, 村/组/号.

A match must end in a house-level element (a number with 号/室/栋/组 …), so company names, agency
names and bare place names never match; a village without a number is an address only right after
a residence word (住址, 家住 …). The administrative-division prefix (省/市/区/县) may be included:
the policy lets it stay or go. The leading Han run of a match is cut after the last word that
cannot belong to a place name (住, 在, 位于 …), so the person's name before 住 stays out.
"""

import re
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.recognizers._base import LANGUAGE

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_NUM = r"(?:[0-9]+|[一二三四五六七八九十百零〇两]+)"
_HOUSE_UNIT = r"(?:栋|幢|座|号楼|单元|层|楼|室|号|户|组|社|队)"
_BUILDING_NAME = r"(?:大厦|大楼|小区|花园|公寓|广场|中心|商城|市场|家园|苑|园)"
# After the house number: more units (栋/单元/室 …, 3-2-501室, E区, B座), 附3号, or a building
# name followed by a unit (天府大厦5楼).
_TAIL = (
    r"(?:" + _NUM + r"(?:[-－]" + _NUM + r"){0,2}" + _HOUSE_UNIT
    + r"|[A-Za-z](?:区|座|栋|幢)|附" + _NUM + r"号|"
    + _HAN + r"{1,8}?" + _BUILDING_NAME + r"(?=[0-9一二三四五六七八九十A-Za-z]))*"
)  # fmt: skip
_TOWN = r"(?:" + _HAN + r"{1,8}?(?:镇|乡|街道|街办))?"
_STREET = (
    _HAN + r"{1,12}?(?:大道|大街|路|街|巷|弄|胡同|道|里)(?:[东西南北中]段|" + _NUM + r"段)?"
    + _NUM + r"(?:[-－]" + _NUM + r")?号(?:院)?"
)  # fmt: skip
# A building on a street with no house number: 张家港路M座, 中山大道5栋 (forms and some generators
# write addresses this way).
_STREET_BUILDING = (
    _HAN + r"{1,12}?(?:大道|大街|路|街|巷|弄|胡同)(?:[A-Za-z]|" + _NUM + r")(?:座|栋|幢|号楼)"
)  # fmt: skip
_VILLAGE = _HAN + r"{1,10}?(?:村|社区)(?:" + _NUM + r"(?:组|社|队)|" + _NUM + r"号)"
# A named estate: 锦绣花园3号, or any name followed by a building (幸福里24栋, 滨江一号6栋).
_ESTATE = (
    r"(?:"
    + _HAN
    + r"{1,12}?(?:小区|花园|公寓|大厦|家园|新村|广场|苑|府|庭|园|城|里)"
    + r"(?:"
    + _NUM
    + r"(?:号|单元|楼|层|室|栋|幢|座)"
    # 锦绣花园3-2-501(室): building-unit-room written with hyphens; 阳光公寓B座
    + r"|[0-9]+(?:[-－][0-9]+){1,2}(?:室|号)?(?![0-9])|[A-Za-z](?:座|栋|幢|区))|"
    + _HAN
    + r"{2,12}?"
    + _NUM
    + r"(?:栋|幢|座|号楼|号院))"
)
_HOUSE_ADDRESS = re.compile(
    _TOWN + r"(?:" + _STREET + r"|" + _STREET_BUILDING + r"|" + _VILLAGE + r"|" + _ESTATE + r")" + _TAIL
)

_RESIDENCE_WORDS = ("住址", "住所", "家住", "住在", "现住", "居住在", "居住于", "户籍地", "户籍所在地", "住")
_VILLAGE_AFTER_RESIDENCE = re.compile(
    r"(?:" + "|".join(_RESIDENCE_WORDS) + r")(?:为|是|于|在|[：:])?"
    r"((?:"
    + _HAN
    + r"{1,8}?(?:省|市|区|县|州|旗))*"
    + _HAN
    + r"{1,10}?(?:镇|乡|街道)"
    + _HAN
    + r"{1,10}?(?:村|社区)(?:"
    + _NUM
    + r"(?:组|社|队))?)"
)

# Words after which a place name starts; the last one in a match's leading run cuts it.
_LEAD_STOPS = re.compile(
    r"(?:家庭住址|住址|住所地?|地址|家住|居住地?|户籍(?:所在)?地|现住址?|位于|住)(?:为|是|于|在|[：:])?"
    r"|经营场所|营业场所|场所|在|于|址|系|为|是|、|经营|开设|设立|将(?!军)|把"
)


def _trim_lead(text: str, start: int, end: int) -> int:
    """New start of ``text[start:end]``: just after the last lead-stop word before its first digit."""
    first_digit = next((i for i in range(start, end) if text[i].isdigit()), end)
    cut = start
    for stop in _LEAD_STOPS.finditer(text, start, first_digit):
        cut = stop.end()
    return cut


# The premises of a legal person or an agency are public (policy §3): an address right after
# 有限公司住所, 局办公地址, 公司位于 … stays. A shop's (个体工商户) premises may go, so shop words
# are not listed; nor is 当事人, who may be a natural person.
_ORGANISATION_PREMISES = re.compile(
    r"(?:有限公司|有限责任公司|股份公司|公司|集团|分公司|合作社|事务所|局|委员会|委|政府|办事处|法院|检察院|"
    r"医院|卫生院|学校|大学|中心|协会|银行|支行|分行)"
    r"(?:的|[（(])?(?:(?:注册地址|注册地|住所地?|地址|办公地址|办公地点|经营场所|营业场所|经营地址|生产地址)"
    r"(?:位于|坐落于|设在|为|是|在|于|[：:])?|位于|坐落于|设在)" + _HAN + r"{0,14}$"
    # then the administrative-division prefix of the address, or the part of it before the match
)
_PREMISES_LOOKBACK = 30


def _organisation_premises(text: str, start: int) -> bool:
    """True when the address at ``start`` is introduced as an organisation's premises."""
    before = text[max(0, start - _PREMISES_LOOKBACK) : start]
    return _ORGANISATION_PREMISES.search(before) is not None


class CnAddressRecognizer(LocalRecognizer):
    """Recognizes house-level Chinese addresses."""

    name: str
    CONTEXT: ClassVar[list[str]] = ["住址", "住所", "地址", "家住", "居住", "位于", "住"]

    def __init__(self) -> None:
        super().__init__(
            supported_entities=["ADDRESS"],
            supported_language=LANGUAGE,
            name="CnAddressRecognizer",
            context=self.CONTEXT,
        )

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for match in _HOUSE_ADDRESS.finditer(text):
            start = _trim_lead(text, match.start(), match.end())
            if match.end() - start >= 3 and not _organisation_premises(text, start):
                results.append(self._result(start, match.end(), 0.7))
        for match in _VILLAGE_AFTER_RESIDENCE.finditer(text):
            start = _trim_lead(text, match.start(1), match.end(1))
            if match.end(1) - start >= 3 and not _organisation_premises(text, start):
                results.append(self._result(start, match.end(1), 0.6))
        return results

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            entity_type="ADDRESS",
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name, original_score=score, textual_explanation="house-level address pattern"
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
