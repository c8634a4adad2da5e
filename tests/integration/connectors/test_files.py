"""Files through the real hub (real OpenBao, real PostgreSQL): GBK CSV, UTF-8-BOM CSV, XLSX."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from connectors.cli import app
from connectors.client import HubClient
from tests.integration.connectors.helpers import EXAMPLES, make_department

pytestmark = pytest.mark.integration
runner = CliRunner()


def _summary(output: str) -> dict[str, object]:
    return json.loads(output.strip().splitlines()[-1])


def test_gbk_csv_drop_folder_stores_every_row_and_moves_the_file(hub_server, tmp_path):
    dept = make_department(
        hub_server, tmp_path / "scjg", "scjg", record_types=["admin_penalty"], routes=[("*.csv", "scjg/penalty.yaml")]
    )
    shutil.copy(EXAMPLES / "scjg" / "penalties.csv", dept.drop / "penalties.csv")
    assert (dept.drop / "penalties.csv").read_bytes().decode("gbk")  # really GBK, not UTF-8

    result = runner.invoke(app, ["watch", str(dept.config), "--once", "--no-progress", "--json"])

    assert result.exit_code == 0, result.output
    assert _summary(result.stdout) | {"elapsed_s": 0, "rows_per_s": 0} == {
        "rows": 4, "sent": 4, "stored": 4, "duplicates": 0, "rejected": 0, "files": 1, "elapsed_s": 0,
        "rows_per_s": 0,
    }
    assert (dept.drop / "done" / "penalties.csv").exists()
    assert not (dept.drop / "penalties.csv").exists()
    assert not (dept.drop / "rejected").exists()
    with HubClient(base_url=hub_server.url, department="scjg", signing_private_key_b64=dept.signing_key) as hub:
        answer = hub.lookup(id_number="512002199003071230", purpose="职称评定")
    stored = [r for r in answer["records"] if r["source_record_id"] == "SCJG-2023-0015"]
    assert len(stored) == 1
    assert stored[0]["fields"]["罚款金额（万元）"] == "0.5"
    assert stored[0]["fields"]["处罚决定日期"] == "2023-01-05"
