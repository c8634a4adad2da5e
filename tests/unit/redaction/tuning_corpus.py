"""The name-tuning corpus: labelled passages in wording the dev corpus does not use.

Written from the disclosure policy and the cases issue reports list (roles, verbs, lists, rare and
compound family names, names with and without a middle dot, Tibetan/Mongolian/Yi names, names
that are everyday words, two people sharing a family name, numbers with odd separators). It is
the material the name and number recognizers are tuned on besides the dev corpus; the held-out
sets are never used for that.

    .venv/bin/python -m tests.unit.redaction.tuning_corpus   # rewrites data/tuning.jsonl

The output is deterministic (fixed seed), so the file in the repository is reproducible.
"""

import json
import random
import re
from pathlib import Path

OUTPUT = Path(__file__).parent / "data" / "tuning.jsonl"
PASSAGES = 900

COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
RARE_SURNAMES = "禤冼佘邝麦揭练粟谌雒郇芈帖郄琚鄞仝庹綦禚眭迮淦恽菅蹇虢盍笪隗郗逄昝仉訾亓缑璩暨殳蒯竺佴谯"
COMPOUND_SURNAMES = [
    "欧阳", "令狐", "澹台", "皇甫", "东方", "慕容", "司马", "上官", "诸葛", "尉迟", "公孙", "长孙",
    "宇文", "司徒", "夏侯", "轩辕", "钟离", "南宫", "西门", "独孤", "端木", "呼延", "赫连", "申屠",
]  # fmt: skip
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲文斌宇浩凯健俊帆帅旭宁琳雪梅婷倩晨阳波飞鑫"
ORDINARY_WORD_NAMES = [
    "高峰",
    "平安",
    "向阳",
    "金山",
    "白雪",
    "常青",
    "林立",
    "方圆",
    "万里",
    "江河",
    "石磊",
    "马力",
    "文静",
    "安康",
    "夏天",
    "春华",
]
TIBETAN = ["扎西顿珠", "次仁卓玛", "格桑多吉", "央金拉姆", "索朗次仁", "尼玛次仁", "白玛央宗", "丹增旺姆"]
MONGOLIAN = ["其木格", "巴特尔", "乌云其其格", "斯琴图雅", "苏和巴根", "宝音朝鲁", "格日勒图"]
YI = ["阿果拉且", "吉克阿依", "沙马拉毅", "阿苦日火", "曲比阿乌", "海来木呷", "吉伍五各"]
DOT_FIRST = ["买买提", "热依拉", "阿不都", "阿依古丽", "艾力", "古丽娜尔", "努尔", "玉素甫", "帕提古丽", "库尔班"]
DOT_LAST = ["艾力", "阿布都", "热合曼", "买买提", "吐尔逊", "依明", "托合提", "阿迪力", "哈力克", "玉素甫"]
DOTS = ["·", "・", "•", ".", "‧", "．"]

ROLES_BEFORE = [
    "证人", "受害人", "举报人", "投诉人", "监护人", "代理人", "委托代理人", "申请执行人", "邻居", "购买者",
    "其妻", "其夫", "其子", "员工", "工人代表", "店员", "顾客", "买受人", "被害人", "知情人", "目击者",
    "承租人", "房东", "收款人", "经办人", "司机", "患者", "学员", "租客", "配偶",
]  # fmt: skip
AFTER_NAME = [
    "称",
    "证实",
    "反映",
    "在场",
    "作证",
    "陈述",
    "表示",
    "向执法人员反映",
    "于当日到场",
    "签字确认",
    "提供了聊天记录",
]

COMPANIES = [
    "资阳恒通建材有限公司",
    "四川蓉锦餐饮管理有限责任公司",
    "安岳县柠都商贸有限公司",
    "乐至县天池农业开发有限公司",
]
SHOPS = ["雁江区好又多便利店", "安岳县老码头火锅店", "乐至县仁和大药房", "资阳市晨光文具店"]
AGENCIES = ["资阳市市场监督管理局", "安岳县卫生健康局", "乐至县综合行政执法局", "资阳市生态环境局雁江分局"]
LAWS = [
    "《中华人民共和国产品质量法》第五十条",
    "《中华人民共和国消防法》第六十条第一款",
    "《四川省食品小作坊、小经营店及摊贩管理条例》第二十三条",
]
DOCNOS = ["资市监罚〔2024〕17号", "安卫罚〔2023〕208号", "乐综执罚〔2025〕9号"]
HOTLINES = ["12315", "12345", "12369"]
COUNTIES = ["资阳市雁江区", "安岳县", "乐至县", "四川省资阳市安岳县", "成都市锦江区"]
TOWNS = ["岳阳镇", "天池镇", "宝台镇", "周礼镇", "石羊镇", "莲花街道"]
STREETS = ["仁德西路", "车城大道", "娇子大道二段", "和平街", "解放巷", "外南街", "滨河路"]
ESTATES = ["阳光丽景", "金科城", "锦绣江南小区", "南津驿花园", "龙湖时代天街"]
VILLAGES = ["红光村", "新民村", "团结村", "李家沟村"]
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com"]
PROVINCES = "川渝云贵陕甘鄂湘粤"

# Separators met inside numbers in forms and pasted text.
NUMBER_SEPARATORS = [" ", "-", ".", "/", "·", "_", "，", "\u200b", "", "", ""]

TEMPLATES = [
    "当事人{party}于{date}在其经营场所内向{role}{p1}销售过期食品，{p1}当场{after}。",
    "经查，{role}{p1}（电话：{phone}）{after}，当事人{party}未建立进货查验记录。",
    "当事人{party}雇佣{p1}、{p2}等人从事无证经营，{p1}的手机号码为{phone}。",
    "执法人员询问了在场人员，包括{p1}、{p2}和{p3}（{id}），三人均{after}。",
    "{role}{p1}向本机关举报，当事人{party}在{addr}从事非法加工，联系方式{phone}。",
    "当事人{party}委托{p1}代为办理注销手续，{p1}身份证号{id}。",
    "当事人{party}将违法所得转入{p1}名下银行账户（{card}），{p1}系当事人的{relation}。",
    "当事人{party}驾驶车牌号为{plate}的货车运输危险化学品，押运员{p1}无从业资格证。",
    "根据{role}{p1}（住{addr}）的证言，当事人{party}于{date}多次销售假冒卷烟。",
    "{p1}（男，{age}岁，{id}）系当事人{party}的{relation}，负责店内收银。",
    "当事人{party}通过电子邮箱{mail}向{role}{p1}发送虚假宣传材料。",
    "当事人{party}之{relation}{p1}持护照（号码{passport}）入境后在该店务工，未办理登记。",
    "本案{role}为{p1}，当事人为{party}，{p1}提供了转账凭证，卡号{card}。",
    "当事人{party}与{p1}签订租赁合同，将{addr}房屋出租用于生产，{p1}电话{phone}。",
    "{p1}、{p2}二人受当事人{party}指使，在{company}门前散发小广告。",
    "{company}（法定代表人{party}）在{shop}旁设置广告牌，附近居民{p1}投诉，联系电话{phone}。",
    "据{role}{p1}陈述，当事人{party}在{addr}私设诊所，并向{p2}收取诊疗费。",
    "当事人{party}以{p1}的名义开设网店，收款账户为{card}，绑定手机{phone}。",
    "经{agency}调查核实，当事人{party}的{relation}{p1}对违法事实知情。依据{law}，决定书文号{docno}。",
    "当事人{party}的车辆（{plate}）由其{relation}{p1}驾驶，违法停放在消防通道，群众拨打{hotline}举报。",
    "{role}：{p1}，联系电话：{phone}，住址：{addr}。",
    "当事人{party}向{p1}出借营业执照，{p1}以当事人名义对外经营，{p1}邮箱{mail}。",
    "现场检查时，工作人员{p1}拒绝配合，其同事{p2}称负责人{p3}不在店内。",
    "当事人{party}向未成年人{p1}出售烟草制品，{p1}的监护人{p2}向{agency}投诉。",
    "当事人{party}组织{p1}、{p2}、{p3}等人非法占用耕地，{p2}住{addr}。",
    "{company}住所位于{coaddr}，法定代表人{party}，其员工{p1}（{id}）未经培训上岗。",
    "当事人{party}购进的商品由{p1}（{phone}）提供，{p1}无法提供合法来源证明。",
    "申请人{party}提交的材料中，{p1}的签名系他人代签，{p1}本人称不知情。",
    "当事人{party}未取得许可，为{p1}之子{p2}等人提供住宿，入住登记中{p2}的证件号码为{id}。",
    "本局在检查中发现，当事人{party}向{p1}、{p2}两人收取押金，{p2}的微信绑定手机{phone}。",
    "经查，{p1}于{date}伙同{p2}在{shop}门口殴打{p3}，{p3}的妻子报警。当事人{party}未予制止。",
    "当事人{party}唆使{p1}向{p2}出售假冒化肥，{p2}名下的农田因此减产。",
    "{p1}、{p2}夫妇系当事人{party}的房东，二人均签字确认。",
    "当事人{party}收留{p1}（男，{age}岁）在店内打工，未签订劳动合同。",
    "该批货物由当事人{party}交由{p1}运输，{p1}驾驶{plate}号货车途经收费站时被查获。",
    "询问笔录记载：问：你叫什么名字？答：我叫{p1}，身份证号码{id}，是当事人{party}的{relation}。",
    "当事人{party}将店铺转让给{p1}经营，双方未办理变更登记，{p1}称对此不知情。",
    "{p1}报警称，当事人{party}的员工{p2}将其打伤，{p2}辩称系对方先动手。",
    "本机关于{date}接到{p1}的举报电话（{phone}），反映当事人{party}在{addr}违规储存燃气。",
    "现查明：{p1}系当事人{party}雇佣的厨师，{p1}未取得健康证明即上岗。",
    "车主{p1}（车牌号{plate}）将车辆交由无证人员{p2}驾驶，{p2}本人承认违法事实。",
    "当事人{party}与{p1}、{p2}等人合伙经营，{p1}负责进货，{p2}负责销售。",
    "当事人{party}向{p1}支付劳务费，转账至{p1}的银行卡{card}，{p1}的邮箱为{mail}。",
    "当事人{party}在{addr}的自建房内存放烟花爆竹，房屋所有人{p1}对此不知情。",
    "{p1}（{phone}）向{agency}投诉，称当事人{party}出售的电动车无合格证，{agency}依据{law}立案调查。",
    "{company}法定代表人{party}指使员工{p1}伪造检验报告，{p1}以{p2}的名义签字。",
    "当事人{party}雇用未成年人{p1}从事夜间工作，{p1}的母亲{p2}向{agency}反映，热线{hotline}已转办。",
]

RELATIONS = ["妻子", "丈夫", "儿子", "女儿", "父亲", "母亲", "雇员", "朋友", "表弟", "合伙人"]


class Builder:
    """A passage built piece by piece, recording labelled spans."""

    def __init__(self) -> None:
        self.text = ""
        self.gold: list[dict[str, object]] = []
        self.neutral: list[dict[str, int]] = []
        self.keep: list[dict[str, object]] = []

    def plain(self, part: str) -> None:
        self.text += part

    def gold_span(self, part: str, entity: str) -> None:
        self.gold.append({"start": len(self.text), "end": len(self.text) + len(part), "entity_type": entity})
        self.text += part

    def neutral_span(self, part: str) -> None:
        self.neutral.append({"start": len(self.text), "end": len(self.text) + len(part)})
        self.text += part

    def keep_span(self, part: str, what: str) -> None:
        self.keep.append({"start": len(self.text), "end": len(self.text) + len(part), "what": what})
        self.text += part


def han_name(rng: random.Random, surname: str | None = None) -> str:
    kind = rng.random()
    if surname is None:
        if kind < 0.12:
            surname = rng.choice(COMPOUND_SURNAMES)
        elif kind < 0.30:
            surname = rng.choice(RARE_SURNAMES)
        else:
            surname = rng.choice(COMMON_SURNAMES)
    size = 1 if rng.random() < 0.45 else 2
    return surname + "".join(rng.choice(GIVEN) for _ in range(size))


def dot_name(rng: random.Random, dot: str | None = None) -> str:
    return rng.choice(DOT_FIRST) + (dot or rng.choice(DOTS)) + rng.choice(DOT_LAST)


def private_name(rng: random.Random, *, role_context: bool) -> str:
    kind = rng.random()
    if kind < 0.62:
        return han_name(rng)
    if kind < 0.78:
        return dot_name(rng)
    if role_context:
        if kind < 0.86:
            return rng.choice(TIBETAN + MONGOLIAN + YI)
        return rng.choice(ORDINARY_WORD_NAMES)
    return han_name(rng)


def undotted(name: str) -> str:
    return re.sub("[" + "".join(DOTS) + "]", "", name)


def phone(rng: random.Random) -> str:
    if rng.random() < 0.75:
        digits = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        sep = rng.choice(NUMBER_SEPARATORS)
        number = digits[:3] + sep + digits[3:7] + sep + digits[7:]
        if rng.random() < 0.2:
            number = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
        if rng.random() < 0.15:
            number = "+86" + rng.choice(["", " ", "-"]) + number
        return number
    area = rng.choice(["028", "0832", "023", "010"])
    local = rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(7 if len(area) == 3 else 6))
    forms = [f"{area}-{local}", f"({area}){local}", f"{area}.{local}", f"{area}/{local}", f"（{area}）{local}"]
    return rng.choice(forms)


def luhn_complete(body: str) -> str:
    total = 0
    for index, digit in enumerate(reversed(body)):
        value = int(digit)
        if index % 2 == 0:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return body + str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    length = rng.choice([16, 19])
    number = luhn_complete("62" + "".join(rng.choice("0123456789") for _ in range(length - 3)))
    sep = rng.choice(NUMBER_SEPARATORS)
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def resident_id(rng: random.Random) -> str:
    body = (
        rng.choice(["512002", "512021", "510104", "513922", "110105"])
        + str(rng.randint(1950, 2004))
        + f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(0, 999):03d}"
    )
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    serial = "".join(rng.choice("0123456789" + letters[:8]) for _ in range(3)) + "".join(
        rng.choice("0123456789") for _ in range(2)
    )
    if rng.random() < 0.3:
        serial = rng.choice("DF") + "".join(rng.choice("0123456789") for _ in range(5))
    sep = rng.choice(["", "", "·", "•", ".", "-", " ", "・"])
    return rng.choice(PROVINCES) + rng.choice(letters[:12]) + sep + serial


def email(rng: random.Random) -> str:
    local = rng.choice(["zhang", "li.ming", "wang_fang", "chen88", "xiaohong", "liu-jie"]) + str(rng.randint(1, 9999))
    return local + rng.choice(["@", "@", "＠"]) + rng.choice(EMAIL_DOMAINS)


def passport(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "E" + "".join(rng.choice("0123456789") for _ in range(8))
    return "E" + rng.choice("ABCDEFGH") + "".join(rng.choice("0123456789") for _ in range(7))


def add_address(builder: Builder, rng: random.Random, *, company: bool = False) -> None:
    builder.neutral_span(rng.choice(COUNTIES))
    kind = rng.random()
    if kind < 0.4:
        below = f"{rng.choice(TOWNS)}{rng.choice(STREETS)}{rng.randint(1, 300)}号"
    elif kind < 0.75:
        below = f"{rng.choice(ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 5)}单元{rng.randint(101, 2802)}室"
    else:
        below = f"{rng.choice(TOWNS)}{rng.choice(VILLAGES)}{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
    if company:
        builder.keep_span(below, "premises")
    else:
        builder.gold_span(below, "ADDRESS")


_SLOT = re.compile(r"\{(\w+)\}")


def passage(rng: random.Random, index: int) -> dict[str, object]:
    template = TEMPLATES[index % len(TEMPLATES)]
    builder = Builder()
    party = dot_name(rng) if rng.random() < 0.15 else han_name(rng)
    role_context = "{role}" in template
    people: dict[str, str] = {}
    shared = rng.random() < 0.3  # two people sharing a family name
    for slot in ("p1", "p2", "p3"):
        if "{" + slot + "}" not in template:
            continue
        if slot != "p1" and shared and len(people["p1"]) >= 2 and "·" not in people["p1"]:
            people[slot] = han_name(rng, people["p1"][:2] if people["p1"][:2] in COMPOUND_SURNAMES else people["p1"][0])
            while people[slot] == people["p1"]:
                people[slot] = han_name(rng, people["p1"][0])
        else:
            others = [undotted(party), *(undotted(p) for p in people.values())]
            person = private_name(rng, role_context=role_context and slot == "p1")
            while undotted(person) in others:
                person = han_name(rng)
            people[slot] = person
    public_party = party
    if "·" not in party and any(d in party for d in DOTS) and rng.random() < 0.5:
        public_party = re.sub("[" + "".join(DOTS) + "]", "·", party)  # listed with the ordinary dot
    position = 0
    for slot in _SLOT.finditer(template):
        builder.plain(template[position : slot.start()])
        position = slot.end()
        name = slot.group(1)
        if name == "party":
            builder.keep_span(party, "party")
        elif name in people:
            builder.gold_span(people[name], "PERSON")
        elif name == "role":
            builder.plain(rng.choice(ROLES_BEFORE))
        elif name == "after":
            builder.plain(rng.choice(AFTER_NAME))
        elif name == "relation":
            builder.plain(rng.choice(RELATIONS))
        elif name == "date":
            builder.plain(f"{rng.randint(2021, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
        elif name == "age":
            builder.plain(str(rng.randint(19, 70)))
        elif name == "phone":
            builder.gold_span(phone(rng), "PHONE_NUMBER")
        elif name == "card":
            builder.gold_span(card(rng), "BANK_CARD")
        elif name == "id":
            builder.gold_span(resident_id(rng), "CN_RESIDENT_ID")
        elif name == "plate":
            builder.gold_span(plate(rng), "LICENSE_PLATE")
        elif name == "mail":
            builder.gold_span(email(rng), "EMAIL_ADDRESS")
        elif name == "passport":
            builder.gold_span(passport(rng), "PASSPORT")
        elif name == "addr":
            add_address(builder, rng)
        elif name == "coaddr":
            add_address(builder, rng, company=True)
        elif name == "company":
            builder.keep_span(rng.choice(COMPANIES), "company")
        elif name == "shop":
            builder.keep_span(rng.choice(SHOPS), "company")
        elif name == "agency":
            builder.keep_span(rng.choice(AGENCIES), "agency")
        elif name == "law":
            builder.keep_span(rng.choice(LAWS), "law")
        elif name == "docno":
            builder.keep_span(rng.choice(DOCNOS), "docno")
        elif name == "hotline":
            builder.keep_span(rng.choice(HOTLINES), "hotline")
        else:
            raise ValueError(f"unknown slot {name}")
    builder.plain(template[position:])
    return {
        "id": f"tune-{index:05d}",
        "text": builder.text,
        "public_names": [public_party],
        "gold": builder.gold,
        "neutral": builder.neutral,
        "keep": builder.keep,
    }


def build(count: int = PASSAGES, seed: int = 20240917) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [passage(rng, index) for index in range(count)]


def main() -> None:
    lines = [json.dumps(item, ensure_ascii=False) for item in build()]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
