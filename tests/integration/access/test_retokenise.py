"""Moving subject tokens to a new token key version while lookups keep working.

Runs against its own OpenBao: rotating the shared server's token key would be visible to other tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from hub.api.app import create_app
from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.keyjobs import retokenise
from hub.keyjobs.errors import KeyJobError
from keys.managed import ManagedOpenBao
from keys.names import SUBJECT_TOKEN_KEY
from tests.factories import id_number, penalty_record
from tests.hub_fixtures import SignedClient, make_runtime, register
from tests.openbao_fixture import free_port_pair

pytestmark = pytest.mark.integration

OFFICER = Principal(name="sec.officer", role=Role.SECURITY_OFFICER)


@pytest.fixture(scope="module")
def own_openbao(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagedOpenBao]:
    server = ManagedOpenBao(data_dir=tmp_path_factory.mktemp("openbao-retokenise"), port=free_port_pair())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def own_runtime(own_openbao: ManagedOpenBao, database_url: str, tmp_path: Path) -> Iterator[Runtime]:
    own_openbao.ensure_up()
    runtime = make_runtime(own_openbao, database_url, tmp_path)
    yield runtime
    runtime.engine.dispose()


def _versions_in_use(runtime: Runtime) -> set[str]:
    with runtime.engine.connect() as conn:
        return {row[0].split(":")[1] for row in conn.execute(text("SELECT subject_token FROM record"))}


def _found(dept: SignedClient, person: str) -> set[str]:
    response = dept.post("/v1/subjects:lookup", {"id_number": person, "purpose": "职称评定"})
    assert response.status_code == 200, response.text
    return {r["source_record_id"] for r in response.json()["records"]}


def test_tokens_move_to_the_new_version_and_lookups_work_throughout(own_runtime: Runtime) -> None:
    runtime = own_runtime
    default = runtime.settings.token_key_version
    with TestClient(create_app(runtime)) as api:
        dept = SignedClient(api, register(runtime))
        people = [id_number() for _ in range(3)]
        batch = [penalty_record(i, person_id=people[i % 3]) for i in range(12)]
        assert dept.post("/v1/records:batch", {"records": batch}).status_code == 200
        expected = {p: {r["source_record_id"] for r in batch if r["fields"]["证件号码"] == p} for p in people}  # type: ignore[index]
        assert _versions_in_use(runtime) == {"v1"}

        with pytest.raises(KeyJobError, match="above the pinned version"):
            retokenise.start_retokenise(
                engine=runtime.engine,
                transit=runtime.transit,
                actor=OFFICER,
                default_version=default,
                to_version=default,
            )
        latest = runtime.transit.rotate(SUBJECT_TOKEN_KEY)
        retokenise.start_retokenise(
            engine=runtime.engine, transit=runtime.transit, actor=OFFICER, default_version=default
        )

        # Part of the job done, and new records arriving meanwhile (tokenised under the new version).
        done = retokenise.retokenise_batch(
            engine=runtime.engine, protector=runtime.protector, transit=runtime.transit, target=latest, size=5
        )
        assert done == 5
        late = penalty_record(50, person_id=people[0])
        assert dept.post("/v1/records:batch", {"records": [late]}).status_code == 200
        expected[people[0]].add(str(late["source_record_id"]))
        assert _versions_in_use(runtime) == {"v1", f"v{latest}"}
        for person in people:
            assert _found(dept, person) == expected[person]
        with pytest.raises(KeyJobError, match="still carry"):
            retokenise.finish_retokenise(engine=runtime.engine, actor=OFFICER, default_version=default)

        assert (
            retokenise.retokenise_records(
                engine=runtime.engine,
                protector=runtime.protector,
                transit=runtime.transit,
                actor=OFFICER,
                default_version=default,
            )
            == 7
        )
        state = retokenise.finish_retokenise(engine=runtime.engine, actor=OFFICER, default_version=default)
        assert (state.pinned, state.target) == (latest, None)
        assert _versions_in_use(runtime) == {f"v{latest}"}
        for person in people:
            assert _found(dept, person) == expected[person]
        # After the switch a record is stored under the pinned new version and found.
        newest = penalty_record(60, person_id=people[1])
        assert dept.post("/v1/records:batch", {"records": [newest]}).status_code == 200
        assert str(newest["source_record_id"]) in _found(dept, people[1])
        assert _versions_in_use(runtime) == {f"v{latest}"}


def test_port_helper_gives_a_free_pair() -> None:
    port = free_port_pair()
    with socket.socket() as a, socket.socket() as b:
        a.bind(("127.0.0.1", port))
        b.bind(("127.0.0.1", port + 1))
