"""Fail closed: with OpenBao killed or sealed, requests get 503 and the database does not change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.core.models import DataKey
from hub.core.runtime import Runtime
from hub.departments.models import RequestNonce
from hub.records.models import Record
from keys.managed import ManagedOpenBao
from tests.factories import penalty_record
from tests.hub_fixtures import SignedClient

pytestmark = pytest.mark.integration


def _snapshot(runtime: Runtime) -> tuple[int, ...]:
    with runtime.engine.connect() as conn:
        return tuple(
            int(conn.execute(select(func.count()).select_from(m)).scalar_one())
            for m in (Record, DataKey, AuditEntry)
        )


@pytest.mark.parametrize("outage", ["killed", "sealed"])
def test_outage_gives_503_and_stores_nothing_then_everything_reads_back(
    outage: str, department: SignedClient, runtime: Runtime, openbao: ManagedOpenBao
) -> None:
    first = department.post("/v1/records:batch", {"records": [penalty_record(i) for i in range(10)]})
    assert first.status_code == 200
    before = _snapshot(runtime)

    openbao.kill() if outage == "killed" else openbao.seal()

    response = department.post("/v1/records:batch", {"records": [penalty_record(i) for i in range(10, 20)]})
    assert response.status_code == 503
    assert response.json() == {
        "code": "key_service.unavailable",
        "detail": "key service unavailable",
        "message": "密钥服务暂时不可用，操作未执行，请稍后再试。",
    }
    read = department.get(f"/v1/records/{first.json()['records'][0]['id']}")
    assert read.status_code == 503
    lookup = department.post(
        "/v1/subjects:lookup", {"id_number": penalty_record(0)["fields"]["证件号码"], "purpose": "职称评定"}
    )  # type: ignore[index]
    assert lookup.status_code == 503
    assert _snapshot(runtime) == before

    openbao.ensure_up()
    runtime.protector._cache.clear()  # read back through OpenBao, not from memory

    again = department.post("/v1/records:batch", {"records": [penalty_record(i) for i in range(10, 20)]})
    assert again.status_code == 200 and again.json()["stored"] == 10
    for stored in first.json()["records"] + again.json()["records"]:
        response = department.get(f"/v1/records/{stored['id']}")
        assert response.status_code == 200
        assert response.json()["fields"]["行政相对人类别"] == "自然人"
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(RequestNonce)).scalar_one() > 0
