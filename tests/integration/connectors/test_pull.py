"""SQL sources pulled twice into the real hub: a SQLite file and a PostgreSQL table."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from connectors.cli import app
from tests.integration.connectors.helpers import make_department, stored_source_ids

pytestmark = pytest.mark.integration
runner = CliRunner()
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
IDS = ["512002199003071230", "511022197806013216", "512002199212244564"]


def _create_table(engine: sa.Engine, table: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                f'CREATE TABLE {table} (id INTEGER PRIMARY KEY, "案号" VARCHAR(64), '
                '"被执行人姓名" VARCHAR(64), "身份证号码" VARCHAR(32), "执行法院" VARCHAR(64), '
                '"立案时间" VARCHAR(32), '
                "updated_at TIMESTAMP NOT NULL)"
            )
        )


def _insert(engine: sa.Engine, table: str, n: int, updated_at: dt.datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                f'INSERT INTO {table} (id, "案号", "被执行人姓名", "身份证号码", "执行法院", "立案时间", '
                "updated_at) "
                "VALUES (:id, :case, :name, :idn, :court, :filed, :ts)"
            ),
            {
                "id": n,
                "case": f"（2024）川2002执{n}号",
                "name": "刘志强",
                "idn": IDS[n % 3],
                "court": "资阳市雁江区人民法院",
                "filed": f"2024年1月{n}日",
                "ts": updated_at,
            },
        )


MAPPING = """\
record_type: dishonest_debtor
record_id: {column: 案号, prefix: "FY-"}
fields:
  被执行人姓名或名称: 被执行人姓名
  证件号码: {column: 身份证号码, parser: id_number}
  执行法院: 执行法院
  案号: 案号
  立案时间: {column: 立案时间, parser: date}
constants:
  被执行人类别: 自然人
"""


def _pull(config) -> dict[str, object]:
    result = runner.invoke(app, ["pull", str(config), "--no-progress", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def _pull_twice_scenario(hub_server, tmp_path, engine: sa.Engine, url: str, table: str) -> None:
    t0 = dt.datetime(2024, 3, 1, 9, 0, 0)
    for n in (1, 2, 3):
        _insert(engine, table, n, t0 if n < 3 else t0 + dt.timedelta(minutes=5))
    (tmp_path / "fy").mkdir()
    (tmp_path / "fy" / "db.yaml").write_text(MAPPING, encoding="utf-8")
    dept = make_department(
        hub_server,
        tmp_path / "fy",
        "fy",
        record_types=["dishonest_debtor"],
        pull={
            "url": url,
            "query": f"SELECT * FROM {table}",
            "cursor_column": "updated_at",
            "mapping": "db.yaml",
        },
    )

    first = _pull(dept.config)
    assert (first["sent"], first["stored"]) == (3, 3)
    second = _pull(dept.config)
    assert (second["rows"], second["sent"]) == (0, 0)

    _insert(engine, table, 4, t0 + dt.timedelta(minutes=5))  # same instant as the newest pulled row
    _insert(engine, table, 5, t0 + dt.timedelta(hours=1))
    third = _pull(dept.config)
    assert (third["sent"], third["stored"], third["duplicates"]) == (2, 2, 0)
    assert stored_source_ids(hub_server, "fy") == sorted(f"FY-（2024）川2002执{n}号" for n in range(1, 6))


def test_sqlite_table_pulled_twice(hub_server, tmp_path):
    url = f"sqlite:///{tmp_path / 'court.db'}"
    engine = sa.create_engine(url)
    _create_table(engine, "debtors")
    _pull_twice_scenario(hub_server, tmp_path, engine, url, "debtors")
    engine.dispose()


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    schema = f"connector_src_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_postgresql_table_pulled_twice(hub_server, tmp_path, postgres_schema):
    engine = sa.create_engine(POSTGRES_URL)
    table = f'"{postgres_schema}".debtors'
    _create_table(engine, table)
    _pull_twice_scenario(hub_server, tmp_path, engine, POSTGRES_URL, table)
    engine.dispose()
