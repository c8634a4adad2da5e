"""`hub redact --records` reads CSV and XLSX with the one bounded reader (GBK included)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from hub.cli import app

EXAMPLES = Path(__file__).resolve().parents[3] / "connectors" / "examples"
SECRET = "512002199003071230"
runner = CliRunner()


def test_the_shipped_gbk_example_is_read():
    source = EXAMPLES / "scjg" / "penalties.csv"
    raw = source.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("the example is meant to be GBK")
    result = runner.invoke(app, ["redact", "--records", str(source), "--record-kind", "admin_penalty"])
    assert result.exit_code == 0, result.output
    checks = json.loads(result.stdout)
    data_rows = len([line for line in raw.decode("gbk").splitlines()[1:] if line.strip(", ")])
    assert len(checks) == data_rows > 0


def test_xlsx_records_are_read(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["行政相对人名称", "行政相对人类别", "违法事实"])
    sheet.append(["韦红宇", "自然人", "举报人丁鹏琳，电话0832-5231467。"])
    source = tmp_path / "records.xlsx"
    book.save(source)
    result = runner.invoke(app, ["redact", "--records", str(source), "--record-kind", "admin_penalty"])
    assert result.exit_code == 0, result.output
    [check] = json.loads(result.stdout)
    assert check["redacted_record"]["违法事实"] == "举报人丁某，电话［电话］。"


def test_a_crafted_workbook_is_refused_by_its_limit_without_values(tmp_path: Path):
    book = openpyxl.Workbook()
    book.active["A1"] = "违法事实"  # type: ignore[index]
    book.active["XFD1048576"] = SECRET  # type: ignore[index]
    buffer = io.BytesIO()
    book.save(buffer)
    source = tmp_path / "bomb.xlsx"
    source.write_bytes(buffer.getvalue())
    result = runner.invoke(app, ["redact", "--records", str(source)])
    assert result.exit_code == 2
    assert "max_columns" in result.output and "bomb.xlsx" in result.output
    assert SECRET not in result.output
