"""SQL pull against the in-memory hub: incremental cursor, ties on the cursor value, restart safety."""

import csv
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from typer.testing import CliRunner

from connectors.cli import app
from connectors.sources.sql import CursorState
from crypto.identifiers import MESSAGES_ZH
from tests.unit.connectors.conftest import EXAMPLES

runner = CliRunner()
IDS = [
    "512002199003071230",
    "511022197806013216",
    "512002199212244564",
    "512021198511120048",
    "510681198802290028",
]
COLUMNS = [
    "案号",
    "被执行人姓名",
    "身份证号码",
    "执行法院",
    "执行依据文号",
    "做出执行依据单位",
    "生效法律文书确定的义务",
    "被执行人的履行情况",
    "失信被执行人行为具体情形",
    "立案时间",
    "发布时间",
]

CHECK_ZH = MESSAGES_ZH["id_number.check_character"]  # what the hub sends next to the code


@pytest.fixture
def database(connector_home: Path) -> sa.Engine:
    shutil.copy(EXAMPLES / "court" / "debtor.yaml", connector_home / "debtor.yaml")
    url = f"sqlite:///{connector_home / 'court.db'}"
    config = yaml.safe_load((connector_home / "connector.yaml").read_text("utf-8"))
    config["pull"] = {
        "url": url,
        "query": "SELECT * FROM debtors WHERE 执行法院 <> '测试'",
        "cursor_column": "updated_at",
        "mapping": "debtor.yaml",
    }
    (connector_home / "connector.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        quoted = ", ".join(f'"{c}" TEXT' for c in COLUMNS)
        connection.execute(sa.text(f"CREATE TABLE debtors (row_id INTEGER PRIMARY KEY, {quoted}, updated_at TEXT)"))
    return engine


def insert(engine: sa.Engine, n: int, updated_at: str, *, id_number: str | None = None, filed: str = "2023-03-01"):
    values: dict[str, str | None] = dict.fromkeys(COLUMNS, "x")
    values.update(
        {
            "案号": f"（2023）川2002执{n}号",
            "被执行人姓名": "刘志强",
            "身份证号码": id_number or IDS[n % 5],
            "执行法院": "资阳市雁江区人民法院",
            "立案时间": filed,
            "发布时间": None,
            "updated_at": updated_at,
        }
    )
    names = ", ".join(f'"{c}"' for c in values)
    params = ", ".join(f":p{i}" for i in range(len(values)))
    with engine.begin() as connection:
        connection.execute(
            sa.text(f"INSERT INTO debtors ({names}) VALUES ({params})"),
            {f"p{i}": v for i, v in enumerate(values.values())},
        )


def pull(home: Path, **kwargs):
    result = runner.invoke(app, ["pull", str(home / "connector.yaml"), "--no-progress", "--json"], **kwargs)
    return result


def figures(result) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_second_pull_sends_only_new_rows_even_with_equal_timestamps(connector_home, fake_hub, database):
    insert(database, 1, "2024-01-01 10:00:00")
    insert(database, 2, "2024-01-01 10:00:00")
    insert(database, 3, "2024-01-02 09:00:00")
    first = pull(connector_home)
    assert first.exit_code == 0, first.output
    assert (figures(first)["sent"], figures(first)["stored"]) == (3, 3)

    again = pull(connector_home)
    assert (figures(again)["rows"], figures(again)["sent"]) == (0, 0)

    insert(database, 4, "2024-01-02 09:00:00")  # same instant as the last pulled row
    insert(database, 5, "2024-01-03 00:00:00")
    third = pull(connector_home)
    assert (figures(third)["sent"], figures(third)["stored"], figures(third)["duplicates"]) == (2, 2, 0)
    assert len(fake_hub.stored) == 5


def test_the_state_file_holds_no_personal_values(connector_home, fake_hub, database):
    insert(database, 1, "2024-01-01 10:00:00")
    assert pull(connector_home).exit_code == 0
    state_text = (connector_home / "state" / "pull-state.json").read_text("utf-8")
    assert IDS[1] not in state_text
    assert "刘志强" not in state_text
    assert json.loads(state_text)["cursor"] == {"type": "str", "value": "2024-01-01 10:00:00"}


def test_rejected_rows_of_a_pull_are_listed_without_values(connector_home, fake_hub, database):
    insert(database, 1, "2024-01-01")
    insert(database, 2, "2024-01-02", id_number="512002199003071231")
    insert(database, 3, "2024-01-03", filed="2023年13月1日")
    result = pull(connector_home)
    assert result.exit_code == 0, result.output
    assert (figures(result)["stored"], figures(result)["rejected"]) == (1, 2)
    errors_file = Path(figures(result)["errors_file"])
    with errors_file.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert [r[1:] for r in rows[1:]] == [
        ["FY-（2023）川2002执2号", "证件号码", "id_number.check_character", CHECK_ZH, "check character mismatch"],
        ["FY-（2023）川2002执3号", "立案时间", "value.date_invalid", "日期不存在", "invalid calendar date"],
    ]
    assert "512002199003071231" not in errors_file.read_text("utf-8-sig")
    assert figures(pull(connector_home))["rows"] == 0  # rejected rows are not re-sent on every pull


class Killed(BaseException):
    pass


def test_a_pull_killed_half_way_resumes_without_loss(connector_home, fake_hub, database, monkeypatch):
    for n in range(1, 8):
        insert(database, n, f"2024-01-0{1 + n // 3} 00:00:00")  # ties across batch boundaries (batch_size 2)
    original = CursorState.save
    calls = {"n": 0}

    def save_then_die(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed
        original(self)

    monkeypatch.setattr(CursorState, "save", save_then_die)
    with pytest.raises(Killed):
        runner.invoke(app, ["pull", str(connector_home / "connector.yaml"), "--no-progress"], catch_exceptions=False)
    monkeypatch.setattr(CursorState, "save", original)
    assert len(fake_hub.stored) == 4

    result = pull(connector_home)
    assert result.exit_code == 0, result.output
    assert len(fake_hub.stored) == 7
    assert figures(result)["duplicates"] == 2  # only the chunk whose checkpoint was lost
    assert figures(pull(connector_home))["rows"] == 0


def test_url_from_the_environment(connector_home, fake_hub, database, monkeypatch):
    config = yaml.safe_load((connector_home / "connector.yaml").read_text("utf-8"))
    url = config["pull"].pop("url")
    config["pull"]["url_env"] = "COURT_DB_URL"
    (connector_home / "connector.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    missing = pull(connector_home)
    assert missing.exit_code == 1
    assert "COURT_DB_URL" in missing.output
    monkeypatch.setenv("COURT_DB_URL", url)
    insert(database, 1, "2024-01-01")
    assert figures(pull(connector_home))["stored"] == 1


def test_a_failing_query_does_not_echo_row_data(connector_home, fake_hub, database):
    config = yaml.safe_load((connector_home / "connector.yaml").read_text("utf-8"))
    config["pull"]["query"] = "SELECT * FROM no_such_table"
    (connector_home / "connector.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = pull(connector_home)
    assert result.exit_code == 1
    assert "database query failed (OperationalError)" in result.output
