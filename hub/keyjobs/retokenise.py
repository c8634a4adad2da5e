"""Moving subject tokens to a new version of the token (HMAC) key, without a pause in lookups.

Procedure (`hub keys retokenise start|run|finish`, or the functions below):

1. An operator rotates the token key (`hub keys rotate subject-token`): nothing changes yet, because
   tokens are computed under the pinned version.
2. `start` records target = the new version. From then on new records are tokenised under the target
   and every lookup computes the subject's token under both versions and matches either.
3. `run` (resumable, several workers at once like the rewrap job) takes records whose token is not yet
   under the target, decrypts only their ID-number fields, recomputes the subject key exactly as ingest
   does, HMACs it under the target version and stores the new token. Transit tokens carry their version
   (`vault:vN:`), so "not yet done" is visible on each row.
4. `finish` refuses while any record still carries another version; otherwise it pins the target.
   Lookups go back to one token. Audit entries keep the token they were written with; reviewing one
   person's history computes their token under every version (hub.audit.subject).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, bindparam, func, update
from sqlmodel import Session, col, select

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.keyservice import key_service
from hub.core.models import TokenKeyState
from hub.core.principals import Principal, Role, require_role
from hub.core.protection import FieldOwner, FieldProtector
from hub.core.token_state import TokenVersions, token_versions
from hub.keyjobs.errors import KeyJobError
from hub.records.catalog import SUBJECT_ID_FIELDS
from hub.records.models import Record
from hub.records.validation import subject_key
from keys.names import SUBJECT_TOKEN_KEY
from keys.transit import BATCH_SIZE, Transit

# The subject key needs the number and the document type that goes with it.
_KEY_FIELDS = (*SUBJECT_ID_FIELDS, "证件类型", "法定代表人证件类型")
_RECORD = Record.__table__  # type: ignore[attr-defined]


def start_retokenise(
    *, engine: Engine, transit: Transit, actor: Principal, default_version: int, to_version: int | None = None
) -> TokenVersions:
    require_role(actor, Role.SECURITY_OFFICER)
    with key_service():
        latest = transit.key_info(SUBJECT_TOKEN_KEY).latest_version
    target = to_version if to_version is not None else latest
    with transaction(engine) as session:
        current = token_versions(session, default=default_version)
        if current.target is not None:
            if current.target == target:
                return current
            raise KeyJobError("retokenise.under_way", version=current.target)
        if not current.pinned < target <= latest:
            raise KeyJobError("retokenise.target_version", pinned=current.pinned, latest=latest)
        state = session.get(TokenKeyState, 1) or TokenKeyState(id=1, pinned_version=current.pinned)
        state.target_version = target
        state.updated_at = utcnow()
        session.add(state)
        trail.append(session, _event(actor, f"start: version {current.pinned} -> {target}"))
        return TokenVersions(pinned=current.pinned, target=target)


def pending_records(session: Session, target: int) -> int:
    return int(
        session.exec(
            select(func.count()).select_from(Record).where(~col(Record.subject_token).startswith(f"vault:v{target}:"))
        ).one()
    )


def retokenise_records(
    *,
    engine: Engine,
    protector: FieldProtector,
    transit: Transit,
    actor: Principal,
    default_version: int,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Re-tokenise every record not yet under the target version; returns how many it changed."""
    require_role(actor, Role.SECURITY_OFFICER)
    versions = _state(engine, default_version)
    if versions.target is None:
        raise KeyJobError("retokenise.not_started")
    done = 0
    while True:
        n = retokenise_batch(
            engine=engine, protector=protector, transit=transit, target=versions.target, size=batch_size
        )
        if n == 0:
            return done
        done += n
        if on_progress is not None:
            on_progress(n)


def retokenise_batch(*, engine: Engine, protector: FieldProtector, transit: Transit, target: int, size: int) -> int:
    """Claim one batch of records not yet under `target` and re-tokenise them; returns how many."""
    with transaction(engine) as session:
        claim = select(Record).where(~col(Record.subject_token).startswith(f"vault:v{target}:")).limit(size)
        if engine.dialect.name == "postgresql":
            claim = claim.with_for_update(skip_locked=True)
        records = session.exec(claim).all()
        if not records:
            return 0
        subject_keys = []
        for record in records:
            owner = FieldOwner(
                record_id=record.id, department=record.department_code, schema_version=record.schema_version
            )
            opened = protector.open_fields(session, owner=owner, sealed=record.sealed_fields, only=_KEY_FIELDS)
            key = subject_key(opened)
            if key is None:  # cannot happen for a record that passed validation
                raise KeyJobError("retokenise.no_subject_id", record=record.id)
            subject_keys.append(key.encode())
        with key_service():
            tokens = transit.hmac(SUBJECT_TOKEN_KEY, subject_keys, key_version=target)
        session.connection().execute(
            update(_RECORD).where(_RECORD.c.id == bindparam("record_id")).values(subject_token=bindparam("token")),
            [{"record_id": r.id, "token": t} for r, t in zip(records, tokens, strict=True)],
        )
        return len(records)


def finish_retokenise(*, engine: Engine, actor: Principal, default_version: int) -> TokenVersions:
    require_role(actor, Role.SECURITY_OFFICER)
    with transaction(engine) as session:
        current = token_versions(session, default=default_version)
        if current.target is None:
            raise KeyJobError("retokenise.not_started")
        left = pending_records(session, current.target)
        if left:
            raise KeyJobError("retokenise.pending", count=left)
        state = session.get(TokenKeyState, 1)
        assert state is not None
        state.pinned_version = current.target
        state.target_version = None
        state.updated_at = utcnow()
        session.add(state)
        trail.append(session, _event(actor, f"finish: pinned version {current.target}"))
        return TokenVersions(pinned=current.target)


def _state(engine: Engine, default_version: int) -> TokenVersions:
    with Session(engine) as session:
        return token_versions(session, default=default_version)


def _event(actor: Principal, detail: str) -> AuditEvent:
    return AuditEvent(
        actor=actor.name,
        role=actor.role.value,
        action="keys.retokenise",
        object=f"key:{SUBJECT_TOKEN_KEY}",
        detail=detail,
    )
