"""Fixtures for a real hub: real OpenBao (tests/openbao_fixture.py), SQLite or real PostgreSQL."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text

from crypto.signing import generate_signing_key, sign_request
from hub.api.app import create_app
from hub.core.cli_support import LOCAL_ADMIN
from hub.core.db import make_engine
from hub.core.runtime import Runtime, start_runtime
from hub.core.settings import Settings
from hub.departments.services import add_department
from keys.managed import ManagedOpenBao
from keys.transit import Transit

POSTGRES_URL = os.environ.get("HUB_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ALL_PURPOSES = ["职称评定", "表彰评优", "人事考试", "干部选拔任职", "特殊行业入职", "担任企业负责人"]
ALL_TYPES = ["admin_penalty", "admin_license", "dishonest_debtor", "tax_credit_rating"]


@dataclass
class DepartmentKeys:
    code: str
    signing_private_key_b64: str
    signing_public_key_b64: str


class SignedClient:
    """Signs each request as a department, like a connector would."""

    def __init__(self, client: TestClient | httpx.Client, keys: DepartmentKeys) -> None:
        self.client = client
        self.keys = keys

    def request(
        self,
        method: str,
        path: str,
        body: object | None = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        data = (
            raw
            if raw is not None
            else (b"" if body is None else json.dumps(body, ensure_ascii=False).encode())
        )
        signed = sign_request(
            private_key_b64=self.keys.signing_private_key_b64,
            department=self.keys.code,
            method=method,
            path=path,
            body=data,
        )
        all_headers = {"content-type": "application/json", **signed, **(headers or {})}
        return self.client.request(method, path, content=data, headers=all_headers)

    def post(self, path: str, body: object) -> httpx.Response:
        return self.request("POST", path, body)

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test gets an empty database: a SQLite file, or a fresh schema in the real PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.db'}"
        return
    with postgres_schema() as url:
        yield url


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema in the real PostgreSQL, dropped afterwards; yields its database URL."""
    schema = f"hub_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def make_runtime(openbao: ManagedOpenBao, database_url: str, tmp_path: Path, **overrides: object) -> Runtime:
    settings = Settings(
        data_dir=tmp_path,
        database_url=database_url,
        vault_addr=openbao.addr,
        vault_role_id="unused",  # the Transit below is passed in ready-made
        vault_secret_id="unused",
        **overrides,  # type: ignore[arg-type]
    )
    transit = Transit(addr=openbao.addr, credentials=openbao.credentials())
    return start_runtime(settings, transit=transit, engine=make_engine(database_url))


@pytest.fixture
def runtime(openbao: ManagedOpenBao, database_url: str, tmp_path: Path) -> Iterator[Runtime]:
    rt = make_runtime(openbao, database_url, tmp_path)
    yield rt
    rt.engine.dispose()


@pytest.fixture
def engine(runtime: Runtime) -> Engine:
    return runtime.engine


@pytest.fixture
def api(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime)) as client:
        yield client


def register(
    runtime: Runtime,
    *,
    code: str | None = None,
    record_types: list[str] | None = None,
    purposes: list[str] | None = None,
    fields: list[str] | None = None,
) -> DepartmentKeys:
    code = code or f"d{uuid.uuid4().hex[:10]}"
    private, public = generate_signing_key()
    add_department(
        runtime=runtime,
        actor=LOCAL_ADMIN,
        code=code,
        name=f"测试部门 {code}",
        signing_public_key=public,
        record_types=record_types or ALL_TYPES,
        purposes=purposes if purposes is not None else ALL_PURPOSES,
        fields=fields or [],
    )
    return DepartmentKeys(code, private, public)


@pytest.fixture
def department(runtime: Runtime, api: TestClient) -> SignedClient:
    return SignedClient(api, register(runtime))


class HubServer:
    """A real hub on a free loopback port (uvicorn in a thread)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(runtime), host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("hub server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def add_department(self, code: str, *, record_types: list[str], purposes: list[str]) -> DepartmentKeys:
        return register(self.runtime, code=code, record_types=record_types, purposes=purposes)


@pytest.fixture
def hub_server(openbao: ManagedOpenBao, tmp_path: Path) -> Iterator[HubServer]:
    """A running hub backed by real OpenBao and the real PostgreSQL (fresh schema)."""
    schema = f"hub_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    runtime = make_runtime(openbao, f"{POSTGRES_URL}?options=-csearch_path%3D{schema}", tmp_path)
    server = HubServer(runtime)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        runtime.engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
