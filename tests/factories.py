"""Realistic test data: valid 公民身份号码, USCCs and catalog records (Faker zh_CN)."""

from __future__ import annotations

import datetime as dt
import random

from faker import Faker

from crypto.identifiers import check_character, uscc_check_character

_fake = Faker("zh_CN")
# Region codes include 资阳 (512002, 512021) that stdnum's region table does not know: policy §5.
REGIONS = ("512002", "512021", "510107", "440305", "110105", "320106", "510104", "500103")


def id_number(rng: random.Random | None = None, *, born: dt.date | None = None) -> str:
    rng = rng or random.Random()
    born = born or dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    body = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + check_character(body)


def uscc_code(rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + "512002" + "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc_check_character(body)


def phone(rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    return f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"


def penalty_record(
    index: int, *, person_id: str | None = None, name: str | None = None, rng: random.Random | None = None
) -> dict[str, object]:
    rng = rng or random.Random(index)
    name = name or _fake.name()
    decided = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
    agency_code = uscc_code(rng)
    return {
        "record_type": "admin_penalty",
        "source_record_id": f"CF-{index:06d}",
        "fields": {
            "行政相对人名称": name,
            "行政相对人类别": "自然人",
            "证件类型": "身份证",
            "证件号码": person_id or id_number(rng),
            "行政处罚决定书文号": f"资市监罚〔2023〕{index}号",
            "违法行为类型": "销售超过保质期的食品",
            "违法事实": f"当事人{name}在{_fake.street_address()}销售超过保质期的食品，联系电话{phone(rng)}。",
            "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
            "处罚类别": "罚款",
            "处罚内容": "罚款人民币5000元",
            "罚款金额（万元）": "0.5",
            "处罚决定日期": decided.isoformat(),
            "处罚机关": "资阳市市场监督管理局",
            "处罚机关统一社会信用代码": agency_code,
            "数据来源单位": "资阳市市场监督管理局",
            "数据来源单位统一社会信用代码": agency_code,
        },
    }


def tax_rating_record(index: int, *, person_id: str, name: str) -> dict[str, object]:
    return {
        "record_type": "tax_credit_rating",
        "source_record_id": f"NS-{index:06d}",
        "fields": {
            "纳税人名称": name,
            "证件号码": person_id,
            "评价年度": "2023",
            "纳税信用级别": "B",
            "评定日期": "2024-04-01",
            "评价机关": "国家税务总局资阳市税务局",
        },
    }
