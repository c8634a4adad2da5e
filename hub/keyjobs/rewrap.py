"""The rewrap job: every DEK wrapped under an older version of a department key is re-encrypted under
the latest version by transit `rewrap`. OpenBao never returns a plaintext DEK here and no field is
decrypted: only the small wrapped DEKs move.

Resumable and safe to run on several workers at once: each batch is one transaction that claims up
to BATCH_SIZE pending rows (PostgreSQL: FOR UPDATE SKIP LOCKED, so workers take disjoint batches;
SQLite: BEGIN IMMEDIATE, so batches run one after another), rewraps them in one transit call and
writes them back. The database itself is the job's state: "pending" means "kek_version below the
target", so a stopped job simply continues where it stopped. Ingest may go on meanwhile: new DEKs are
wrapped under the latest version already, and a DEK row is only ever replaced by an equivalent
wrapping of the same key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Engine, bindparam, literal_column, select, text, update

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.db import transaction
from hub.core.keyservice import key_service
from hub.core.models import DataKey
from hub.core.principals import Principal, Role, require_role
from hub.keyjobs.errors import KeyJobError
from hub.keyjobs.rotation import deks_below
from keys.names import DEPARTMENT_KEK_PREFIX
from keys.transit import BATCH_SIZE, Transit, key_version_of

ProgressCallback = Callable[[int], None]
_DATA_KEY = DataKey.__table__  # type: ignore[attr-defined]
# PostgreSQL: the whole batch in one statement and one round trip, each row found by its ctid. The lists
# travel as separator-joined strings (tids hold a comma, nothing else holds a space or comma): binding
# Python lists as arrays costs more client CPU than the rest of the batch's database work.
_UPDATE_BY_TID = text(
    "UPDATE data_key AS d SET wrapped = u.wrapped, kek_version = u.version "
    "FROM unnest(CAST(string_to_array(:tids, ' ') AS tid[]), string_to_array(:ids, ','), "
    "string_to_array(:wrapped, ','), CAST(string_to_array(:versions, ',') AS integer[])) "
    "AS u(tid, id, wrapped, version) WHERE d.ctid = u.tid AND d.id = u.id"
)


@dataclass(frozen=True)
class RewrapResult:
    key_name: str
    target_version: int
    rewrapped: int
    remaining: int


def rewrap_deks(
    *,
    engine: Engine,
    transit: Transit,
    actor: Principal,
    key_name: str,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
    max_batches: int | None = None,
) -> RewrapResult:
    """Rewrap the key's DEKs below its latest version. `max_batches` (per worker) stops early, e.g. to
    spread the work over time; running the job again continues."""
    require_role(actor, Role.SECURITY_OFFICER)
    if not key_name.startswith(DEPARTMENT_KEK_PREFIX):
        raise KeyJobError("key.rewrap_department_only")
    if not 1 <= batch_size <= BATCH_SIZE:
        raise KeyJobError("key.rewrap_batch_size", max=BATCH_SIZE)
    if workers < 1:
        raise KeyJobError("key.rewrap_workers")
    with key_service():
        target = transit.key_info(key_name).latest_version
    with transaction(engine) as session:
        pending = deks_below(session, key_name, target)
        trail.append(session, _event(actor, key_name, f"start: {pending} pending, target version {target}"))

    counter = _Counter(on_progress)
    if workers == 1:
        _work(engine, transit, key_name, target, batch_size, counter, max_batches)
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rewrap") as pool:
            futures = [
                pool.submit(_work, engine, transit, key_name, target, batch_size, counter, max_batches)
                for _ in range(workers)
            ]
            for future in futures:
                future.result()

    with transaction(engine) as session:
        remaining = deks_below(session, key_name, target)
        trail.append(session, _event(actor, key_name, f"done: {counter.total} rewrapped, {remaining} pending"))
    return RewrapResult(key_name=key_name, target_version=target, rewrapped=counter.total, remaining=remaining)


def rewrap_batch(
    *, engine: Engine, transit: Transit, key_name: str, target: int, batch_size: int, after: str = ""
) -> tuple[int, str]:
    """Claim, rewrap and store one batch of pending DEKs with ids above `after`.

    Returns how many it rewrapped and the last id it saw (0 and "" when nothing was left to claim).
    Walking the id order (primary key index) keeps each claim from rescanning rows that earlier batches
    already moved."""
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        columns = [_DATA_KEY.c.id, _DATA_KEY.c.wrapped]
        if postgres:
            # The row's physical address, to write it back without a second index lookup per row.
            columns.append(literal_column("ctid::text"))
        claim = (
            select(*columns)
            .where(_DATA_KEY.c.kek_name == key_name, _DATA_KEY.c.kek_version < target, _DATA_KEY.c.id > after)
            .order_by(_DATA_KEY.c.id)
            .limit(batch_size)
        )
        if postgres:
            # A commit lost in a crash only means its batch is rewrapped again: the old wrapping stays valid
            # until retire, which commits synchronously and so after every batch before it.
            conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            claim = claim.with_for_update(skip_locked=True)
        rows = conn.execute(claim).all()
        if not rows:
            return 0, ""
        ids = [row[0] for row in rows]
        with key_service():
            rewrapped = transit.rewrap(key_name, [row[1] for row in rows])
        versions = [key_version_of(value) for value in rewrapped]
        if postgres:
            # The rows are locked by this transaction, so their ctid cannot change before this update;
            # the id condition makes sure of it, and the count below that every row was written.
            params = {
                "tids": " ".join(row[2] for row in rows),
                "ids": ",".join(ids),
                "wrapped": ",".join(rewrapped),
                "versions": ",".join(map(str, versions)),
            }
            written = conn.execute(_UPDATE_BY_TID, params).rowcount
        else:
            written = conn.execute(
                update(_DATA_KEY)
                .where(_DATA_KEY.c.id == bindparam("dek_id"))
                .values(wrapped=bindparam("new_wrapped"), kek_version=bindparam("new_version")),
                [
                    {"dek_id": i, "new_wrapped": w, "new_version": v}
                    for i, w, v in zip(ids, rewrapped, versions, strict=True)
                ],
            ).rowcount
        if written != len(rows):
            raise KeyJobError("key.rewrap_conflict")
        return len(rows), ids[-1]


def _work(
    engine: Engine,
    transit: Transit,
    key_name: str,
    target: int,
    batch_size: int,
    counter: _Counter,
    max_batches: int | None,
) -> None:
    batches, after = 0, ""
    while max_batches is None or batches < max_batches:
        done, last = rewrap_batch(
            engine=engine, transit=transit, key_name=key_name, target=target, batch_size=batch_size, after=after
        )
        if done == 0:
            if after == "":
                return
            # The end of the id range: one more pass from the start picks up rows another worker
            # held (locked) when this one passed them and then gave back (rolled back).
            after = ""
            continue
        counter.add(done)
        batches += 1
        after = last


class _Counter:
    def __init__(self, on_progress: ProgressCallback | None) -> None:
        self.total = 0
        self._lock = threading.Lock()
        self._on_progress = on_progress

    def add(self, n: int) -> None:
        with self._lock:
            self.total += n
            if self._on_progress is not None:
                self._on_progress(n)


def _event(actor: Principal, key_name: str, detail: str) -> AuditEvent:
    return AuditEvent(
        actor=actor.name, role=actor.role.value, action="keys.rewrap", object=f"key:{key_name}", detail=detail
    )
