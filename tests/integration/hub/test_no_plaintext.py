"""No plain ID number, name or phone number anywhere outside the encrypted fields: database and logs."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from hub.core.runtime import Runtime
from tests.factories import id_number, penalty_record, phone
from tests.hub_fixtures import SignedClient

pytestmark = pytest.mark.integration


def _database_text(runtime: Runtime) -> bytes:
    """Everything the database holds, as bytes: the SQLite files, or every row of every table in PostgreSQL."""
    url = runtime.engine.url
    if url.get_backend_name() == "sqlite":
        runtime.engine.dispose()  # checkpoint nothing, but make sure every page is written
        path = Path(url.database or "")
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    chunks: list[bytes] = []
    with runtime.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for (row,) in conn.execute(text(f'SELECT t::text FROM "{table}" t')):
                chunks.append(row.encode())
            # bytea columns print as hex in t::text; decode them too so a plain value inside shows up.
            for column in inspect(conn).get_columns(table):
                if "BYTEA" in str(column["type"]).upper() or "LARGEBINARY" in str(column["type"]).upper():
                    for (value,) in conn.execute(text(f'SELECT "{column["name"]}" FROM "{table}"')):
                        chunks.append(bytes(value))
    return b"\n".join(chunks)


def test_nothing_personal_is_stored_or_logged_in_plain(
    department: SignedClient,
    runtime: Runtime,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    rng = random.Random(7)
    batch = []
    secrets_sent: list[str] = []
    for i in range(30):
        person, name, mobile = id_number(rng), f"欧阳{'晓明思远'[i % 4]}{'华军'[i % 2]}", phone(rng)
        record = penalty_record(i, person_id=person, name=name, rng=rng)
        record["fields"]["违法事实"] = f"当事人{name}，身份证号{person}，联系电话{mobile}，销售过期食品。"  # type: ignore[index]
        batch.append(record)
        secrets_sent += [person, name, mobile]

    assert department.post("/v1/records:batch", {"records": batch}).status_code == 200
    # a rejected batch and a lookup must not leak either
    bad = penalty_record(99)
    bad["fields"]["处罚决定日期"] = "not a date"  # type: ignore[index]
    assert department.post("/v1/records:batch", {"records": [bad]}).status_code == 422
    secrets_sent.append(bad["fields"]["证件号码"])  # type: ignore[arg-type,index]
    assert (
        department.post(
            "/v1/subjects:lookup", {"id_number": batch[0]["fields"]["证件号码"], "purpose": "职称评定"}
        ).status_code
        == 200
    )  # type: ignore[index]

    stored = _database_text(runtime)
    out, err = capfd.readouterr()
    logs = caplog.text + out + err
    assert stored, "the database dump is empty: the test would prove nothing"
    leaks = [s for s in secrets_sent if s.encode() in stored or s in logs]
    assert leaks == []
    # the names are stored, encrypted: the dump holds their records
    assert b"admin_penalty" in stored
