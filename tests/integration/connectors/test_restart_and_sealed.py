"""A watcher killed (SIGKILL) mid-file and restarted; sealed lookup results."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from connectors.cli import app
from tests.integration.connectors.helpers import EXAMPLES, make_department, stored_source_ids

pytestmark = pytest.mark.integration
runner = CliRunner()
REPO = Path(__file__).resolve().parents[3]
HEADER = (
    "案件编号,当事人名称,当事人类型,统一社会信用代码,法定代表人,法定代表人身份证号,证件类型,身份证号,"
    "处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（元）,决定日期"
)
IDS = ["512002199003071230", "511022197806013216", "512002199212244564"]
ROWS = 1500


def _big_file(path: Path) -> None:
    lines = [
        f"K-{n:05d},王小明,自然人,,,,身份证,{IDS[n % 3]},资市监罚〔2023〕{n}号,"
        f"类型,事实,依据,罚款,内容,{n * 10},2023/1/5"
        for n in range(ROWS)
    ]
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode("gbk"))


def _rows_done(journal: Path) -> int:
    try:
        return int(json.loads(journal.read_text("utf-8"))["rows_done"])
    except (OSError, ValueError, KeyError):
        return 0


def test_watcher_killed_mid_file_finishes_on_restart_without_duplicates_or_loss(hub_server, tmp_path):
    dept = make_department(
        hub_server,
        tmp_path / "scjg",
        "scjg",
        record_types=["admin_penalty"],
        routes=[("*.csv", "scjg/penalty.yaml")],
        batch_size=25,
    )
    _big_file(dept.drop / "big.csv")
    journal = dept.drop / ".connector-state" / "big.csv.journal.json"
    watcher = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from connectors.cli import app; app()",
            "watch",
            str(dept.config),
            "--no-progress",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while _rows_done(journal) < 200:
            assert watcher.poll() is None, watcher.stderr.read().decode() if watcher.stderr else ""
            assert time.monotonic() < deadline, "watcher made no progress"
            time.sleep(0.01)
    finally:
        os.kill(watcher.pid, signal.SIGKILL)
        watcher.wait(timeout=10)
    done_before_kill = _rows_done(journal)
    assert 0 < done_before_kill < ROWS, "the kill must land in the middle of the file"
    assert (dept.drop / "big.csv").exists()
    assert len(stored_source_ids(hub_server, "scjg")) < ROWS

    result = runner.invoke(app, ["watch", str(dept.config), "--once", "--no-progress", "--json"])

    assert result.exit_code == 0, result.output
    assert "resuming after row" in result.output
    assert stored_source_ids(hub_server, "scjg") == [f"K-{n:05d}" for n in range(ROWS)]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["rows"] == ROWS
    assert summary["stored"] + summary["duplicates"] == summary["sent"] == ROWS
    assert summary["duplicates"] <= 2 * 25  # at most the batches in flight at the kill (max_in_flight 2)
    assert (dept.drop / "done" / "big.csv").exists()
    assert not journal.exists()


def test_sealed_results_open_only_with_the_right_key(hub_server, tmp_path):
    dept = make_department(
        hub_server,
        tmp_path / "fy",
        "fy",
        record_types=["dishonest_debtor"],
        mappings=["court/debtor.yaml"],
        purposes=["职称评定"],
    )
    shutil.copy(EXAMPLES / "court" / "debtors.csv", dept.home / "debtors.csv")
    pushed = runner.invoke(
        app,
        [
            "push",
            str(dept.home / "debtors.csv"),
            "-c",
            str(dept.config),
            "-m",
            str(dept.home / "debtor.yaml"),
            "--no-progress",
        ],
    )
    assert pushed.exit_code == 0, pushed.output
    assert runner.invoke(app, ["keygen", "--dir", str(dept.home / "box")]).exit_code == 0
    assert runner.invoke(app, ["keygen", "--dir", str(dept.home / "other")]).exit_code == 0
    sealed = dept.home / "result.sealed"

    looked_up = runner.invoke(
        app,
        [
            "lookup",
            str(dept.config),
            "--purpose",
            "职称评定",
            "--out",
            str(sealed),
            "--seal-to",
            str(dept.home / "box" / "box.pub"),
        ],
        input="512002199003071230\n",
    )

    assert looked_up.exit_code == 0, looked_up.output
    text = sealed.read_text()
    assert "刘志强" not in text and "512002199003071230" not in text
    opened = runner.invoke(app, ["open", str(sealed), "--key", str(dept.home / "box" / "box.key")])
    assert opened.exit_code == 0, opened.output
    records = json.loads(opened.stdout)["records"]
    assert [(r["source_record_id"], r["fields"]["被执行人姓名或名称"]) for r in records] == [
        ("FY-（2023）川2002执1234号", "刘志强")
    ]
    wrong = runner.invoke(app, ["open", str(sealed), "--key", str(dept.home / "other" / "box.key")])
    assert wrong.exit_code == 1
    assert "not sealed to this key" in wrong.output
    assert "刘志强" not in wrong.output

    refused = runner.invoke(
        app,
        ["lookup", str(dept.config), "--purpose", "表彰评优", "--out", str(dept.home / "x.json")],
        input="512002199003071230\n",
    )
    assert refused.exit_code == 1
    assert "hub answered 403" in refused.output
