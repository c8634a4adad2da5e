"""Files through the real hub (real OpenBao, real PostgreSQL): GBK CSV, UTF-8-BOM CSV, XLSX, bad rows."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from typer.testing import CliRunner

from connectors.cli import app
from connectors.client import HubClient
from tests.integration.connectors.helpers import EXAMPLES, make_department, stored_source_ids

pytestmark = pytest.mark.integration
runner = CliRunner()


def _summary(output: str) -> dict[str, object]:
    return json.loads(output.strip().splitlines()[-1])


def _counts(summary: dict[str, object]) -> tuple[object, ...]:
    return tuple(summary[k] for k in ("rows", "sent", "stored", "duplicates", "rejected"))


def test_gbk_csv_drop_folder_stores_every_row_and_moves_the_file(hub_server, tmp_path):
    dept = make_department(
        hub_server,
        tmp_path / "scjg",
        "scjg",
        record_types=["admin_penalty"],
        routes=[("*.csv", "scjg/penalty.yaml")],
    )
    shutil.copy(EXAMPLES / "scjg" / "penalties.csv", dept.drop / "penalties.csv")
    with pytest.raises(UnicodeDecodeError):
        (dept.drop / "penalties.csv").read_bytes().decode("utf-8")  # really GBK

    result = runner.invoke(app, ["watch", str(dept.config), "--once", "--no-progress", "--json"])

    assert result.exit_code == 0, result.output
    assert _counts(_summary(result.stdout)) == (4, 4, 4, 0, 0)
    assert (dept.drop / "done" / "penalties.csv").exists()
    assert not (dept.drop / "penalties.csv").exists()
    assert not (dept.drop / "rejected").exists()
    with HubClient(
        base_url=hub_server.url, department="scjg", signing_private_key_b64=dept.signing_key
    ) as hub:
        answer = hub.lookup(id_number="512002199003071230", purpose="职称评定")
    (stored,) = [r for r in answer["records"] if r["source_record_id"] == "SCJG-2023-0015"]
    assert stored["fields"]["罚款金额（万元）"] == "0.5"
    assert stored["fields"]["处罚决定日期"] == "2023-01-05"
    assert stored["fields"]["行政相对人名称"] == "王小明"

    # The same export dropped again is harmless: every row is a duplicate.
    shutil.copy(EXAMPLES / "scjg" / "penalties.csv", dept.drop / "penalties.csv")
    again = runner.invoke(app, ["watch", str(dept.config), "--once", "--no-progress", "--json"])
    assert _counts(_summary(again.stdout)) == (4, 4, 0, 4, 0)
    assert len(list((dept.drop / "done").iterdir())) == 2
    assert stored_source_ids(hub_server, "scjg") == [f"SCJG-2023-00{n}" for n in range(15, 19)]


def test_utf8_bom_csv_push(hub_server, tmp_path):
    dept = make_department(
        hub_server, tmp_path / "fy", "fy", record_types=["dishonest_debtor"], mappings=["court/debtor.yaml"]
    )
    source = tmp_path / "fy" / "debtors.csv"
    shutil.copy(EXAMPLES / "court" / "debtors.csv", source)
    assert source.read_bytes().startswith(b"\xef\xbb\xbf")

    result = runner.invoke(
        app,
        [
            "push",
            str(source),
            "-c",
            str(dept.config),
            "-m",
            str(dept.home / "debtor.yaml"),
            "--no-progress",
            "--json",
        ],
    )

    assert result.exit_code == 0, result.output
    assert _counts(_summary(result.stdout)) == (3, 3, 3, 0, 0)
    with HubClient(base_url=hub_server.url, department="fy", signing_private_key_b64=dept.signing_key) as hub:
        records = hub.lookup(id_number="511022197806013216", purpose="职称评定")["records"]
    assert [
        (r["source_record_id"], r["fields"]["案号"], r["fields"]["立案时间"], r["fields"]["发布时间"])
        for r in records
    ] == [("FY-（2023）川2021执88号", "（2023）川2021执88号", "2023-04-12", "2023-07-01")]


def test_xlsx_with_title_rows_push(hub_server, tmp_path):
    dept = make_department(
        hub_server, tmp_path / "swj", "swj", record_types=["tax_credit_rating"], mappings=["tax/rating.yaml"]
    )
    source = tmp_path / "swj" / "ratings.xlsx"
    shutil.copy(EXAMPLES / "tax" / "ratings.xlsx", source)

    result = runner.invoke(
        app,
        [
            "push",
            str(source),
            "-c",
            str(dept.config),
            "-m",
            str(dept.home / "rating.yaml"),
            "--no-progress",
            "--json",
        ],
    )

    assert result.exit_code == 0, result.output
    assert _counts(_summary(result.stdout)) == (3, 3, 3, 0, 0)
    with HubClient(
        base_url=hub_server.url, department="swj", signing_private_key_b64=dept.signing_key
    ) as hub:
        (record,) = hub.lookup(id_number="512002199212244564", purpose="职称评定")["records"]
    assert record["fields"]["评定日期"] == "2024-04-15"  # an Excel serial number in the sheet
    assert record["fields"]["评价年度"] == "2023"
    assert record["source_record_id"].startswith("h-")
    # Re-pushing the workbook: the keyed row hash is stable, so nothing is stored twice.
    again = runner.invoke(
        app,
        [
            "push",
            str(source),
            "-c",
            str(dept.config),
            "-m",
            str(dept.home / "rating.yaml"),
            "--no-progress",
            "--json",
        ],
    )
    assert _counts(_summary(again.stdout)) == (3, 3, 0, 3, 0)


PENALTY_HEADER = (
    "案件编号,当事人名称,当事人类型,统一社会信用代码,法定代表人,法定代表人身份证号,证件类型,身份证号,"
    "处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（元）,决定日期"
)


def _penalty(
    n: int, id_number: str = "512002199003071230", date: str = "2023-01-05", category: str = "罚款"
) -> str:
    return (
        f"BAD-{n},赵晓芳,自然人,,,,身份证,{id_number},资市监罚〔2023〕{n}号,虚假宣传,事实,依据,{category},"
        f"警告,,{date}"
    )


def test_bad_rows_are_listed_with_reasons_and_the_rest_is_stored(hub_server, tmp_path):
    dept = make_department(
        hub_server,
        tmp_path / "scjg",
        "scjg",
        record_types=["admin_penalty"],
        routes=[("*.csv", "scjg/penalty.yaml"), ("*.xlsx", "tax/rating.yaml")],
    )
    wrong_check = "512002199003071231"
    lines = [
        _penalty(1),
        _penalty(2, id_number=wrong_check),
        _penalty(3, category=""),
        _penalty(4, date="2023年2月30日"),
        _penalty(5, date="去年"),
        _penalty(6),
    ]
    (dept.drop / "mixed.csv").write_text("\r\n".join([PENALTY_HEADER, *lines]) + "\r\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "tax" / "ratings.xlsx", dept.drop / "ratings.xlsx")  # no grant for tax ratings

    # The catalog check runs first: a route to a record type the hub lacks would stop here; this one exists.
    result = runner.invoke(app, ["watch", str(dept.config), "--once", "--no-progress", "--json"])

    assert result.exit_code == 0, result.output
    assert _counts(_summary(result.stdout)) == (9, 6, 2, 0, 7)
    assert stored_source_ids(hub_server, "scjg") == ["BAD-1", "BAD-6"]

    def errors(name: str) -> list[list[str]]:
        path = dept.drop / "rejected" / f"{name}.errors.csv"
        text = path.read_text(encoding="utf-8-sig")
        assert wrong_check not in text
        return list(csv.reader(text.splitlines()))

    mixed = errors("mixed.csv")
    assert [row[:3] + row[5:] for row in mixed] == [
        ["行号", "记录编号", "字段", "reason (English)"],
        ["3", "BAD-2", "证件号码", "check character mismatch"],
        ["4", "BAD-3", "处罚类别", "missing required field"],
        ["5", "BAD-4", "处罚决定日期", "invalid calendar date"],
        ["6", "BAD-5", "处罚决定日期", "unparseable date"],
    ]
    # The connector's own findings carry its codes; the hub's carry the hub's (Chinese text either way).
    assert [row[3:5] for row in mixed[2:]] == [
        ["record.field_missing", "缺少必填字段"],
        ["value.date_invalid", "日期不存在"],
        ["value.date_unparseable", "日期无法识别"],
    ]
    assert mixed[1][4] and mixed[1][4].isascii() is False
    ratings = errors("ratings.xlsx")
    assert [row[0::2] for row in ratings] == [
        ["行号", "字段", "原因"],
        ["4", "record_type", ratings[1][4]],
        ["5", "record_type", ratings[1][4]],
        ["6", "record_type", ratings[1][4]],
    ]
    assert {row[5] for row in ratings[1:]} == {"record type not granted"}
    assert (dept.drop / "done" / "mixed.csv").exists()
    assert (dept.drop / "done" / "ratings.xlsx").exists()
