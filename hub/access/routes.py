"""People-facing routes: login, users and grants (admin), keys (security officer), audit (security
officer, auditor).

Separation of duties is enforced here, server-side, by role:
- admin: users, grants, department keys on/off; no keys, no audit trail, no records;
- security_officer: keys (rotate, rewrap, retire, schedule) and the audit trail; no record contents
  (no route here decrypts anything, and record routes accept only signed department requests);
- auditor: the audit trail, read only;
- publicity_officer: nothing here (redacted publication views live in the publication routes);
- department: signed requests only; a session cookie never reaches record data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, FastAPI, Query, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from hub.access import grant_admin, users
from hub.access.deps import SESSION_COOKIE, Admin, AuditReader, CurrentUser, SecurityOfficer, set_session_cookie
from hub.access.schemas import (
    AccessEntryOut,
    ActorOut,
    AnomalyOut,
    AutoRotateIn,
    GrantIn,
    GrantOut,
    KeyOut,
    LoginIn,
    MeOut,
    RetiredOut,
    RetireIn,
    ReviewOut,
    RewrapOut,
    RotatedOut,
    SubjectHistoryIn,
    UserIn,
    UserOut,
    VerifyOut,
)
from hub.access.sessions import end_session, start_session
from hub.auditing.background import Checkpointer
from hub.auditing.export import review_csv
from hub.auditing.reads import note_audit_read
from hub.auditing.review import Review, access_review
from hub.auditing.subject import subject_history
from hub.auditing.verify import verify_chain
from hub.deps import RuntimeDep
from hub.keyjobs import rewrap, rotation, status
from hub.keyjobs.errors import KeyJobError
from hub.models import Grant
from hub.principals import Principal
from keys.errors import InvalidRequest
from keys.names import validate_key_name

router = APIRouter()


# -- login --------------------------------------------------------------------------------------------


@router.post("/v1/auth/login", tags=["auth"], response_model=MeOut)
async def login(body: LoginIn, response: Response, rt: RuntimeDep) -> MeOut:
    principal = await run_in_threadpool(users.authenticate, rt.engine, username=body.username, password=body.password)
    value = await run_in_threadpool(start_session, engine=rt.engine, username=principal.name)
    set_session_cookie(response, value, production=rt.settings.environment == "production")
    return MeOut(username=principal.name, role=principal.role)


@router.post("/v1/auth/logout", tags=["auth"], status_code=204)
def logout(request: Request, response: Response, rt: RuntimeDep) -> None:
    value = request.cookies.get(SESSION_COOKIE)
    if value and len(value) <= 128:
        end_session(engine=rt.engine, cookie_value=value)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/v1/auth/me", tags=["auth"], response_model=MeOut)
def me(user: CurrentUser) -> MeOut:
    return MeOut(username=user.name, role=user.role)


# -- users (admin) ------------------------------------------------------------------------------------


@router.get("/v1/users", tags=["users"], response_model=list[UserOut])
def get_users(_admin: Admin, rt: RuntimeDep) -> list[UserOut]:
    return [UserOut(**u.__dict__) for u in users.list_users(engine=rt.engine)]


@router.post("/v1/users", tags=["users"], response_model=UserOut, status_code=201)
def post_user(body: UserIn, admin: Admin, rt: RuntimeDep) -> UserOut:
    view = users.add_user(engine=rt.engine, actor=admin, username=body.username, role=body.role, password=body.password)
    return UserOut(**view.__dict__)


@router.post("/v1/users/{username}/lock", tags=["users"], status_code=204)
def lock(username: str, admin: Admin, rt: RuntimeDep) -> None:
    users.lock_user(engine=rt.engine, actor=admin, username=username[:64])


@router.post("/v1/users/{username}/unlock", tags=["users"], status_code=204)
def unlock(username: str, admin: Admin, rt: RuntimeDep) -> None:
    users.unlock_user(engine=rt.engine, actor=admin, username=username[:64])


# -- grants and department keys (admin) ---------------------------------------------------------------


def _grant_out(grant: Grant) -> GrantOut:
    assert grant.id is not None
    return GrantOut(
        id=grant.id,
        department=grant.department_code,
        record_types=grant.record_types,
        purposes=grant.purposes,
        fields=grant.fields,
        valid_from=grant.valid_from,
        valid_until=grant.valid_until,
        revoked_at=grant.revoked_at,
    )


@router.get("/v1/departments/{code}/grants", tags=["grants"], response_model=list[GrantOut])
def get_grants(code: str, _admin: Admin, rt: RuntimeDep) -> list[GrantOut]:
    return [_grant_out(g) for g in grant_admin.list_grants(engine=rt.engine, department=code[:32])]


@router.post("/v1/departments/{code}/grants", tags=["grants"], response_model=GrantOut, status_code=201)
def post_grant(code: str, body: GrantIn, admin: Admin, rt: RuntimeDep) -> GrantOut:
    grant = grant_admin.add_grant(
        engine=rt.engine,
        actor=admin,
        department=code[:32],
        record_types=body.record_types,
        purposes=body.purposes,
        fields=body.fields,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
    )
    return _grant_out(grant)


@router.post("/v1/grants/{grant_id}/revoke", tags=["grants"], response_model=GrantOut)
def revoke(grant_id: int, admin: Admin, rt: RuntimeDep) -> GrantOut:
    return _grant_out(grant_admin.revoke_grant(engine=rt.engine, actor=admin, grant_id=grant_id))


@router.post("/v1/departments/{code}/deactivate", tags=["grants"], status_code=204)
def deactivate(code: str, admin: Admin, rt: RuntimeDep) -> None:
    grant_admin.set_department_active(engine=rt.engine, actor=admin, department=code[:32], active=False)


@router.post("/v1/departments/{code}/activate", tags=["grants"], status_code=204)
def activate(code: str, admin: Admin, rt: RuntimeDep) -> None:
    grant_admin.set_department_active(engine=rt.engine, actor=admin, department=code[:32], active=True)


# -- keys (security officer) --------------------------------------------------------------------------


def _key_name(name: str) -> str:
    try:
        return validate_key_name(name)
    except InvalidRequest:
        raise KeyJobError("invalid key name") from None


def _key_out(s: status.KeyStatus) -> KeyOut:
    return KeyOut(
        name=s.name,
        type=s.type,
        latest_version=s.latest_version,
        min_decryption_version=s.min_decryption_version,
        auto_rotate_period_seconds=s.auto_rotate_period_seconds,
        last_rotated=s.last_rotated,
        deks_by_version=s.deks_by_version,
        deks_needing_rewrap=s.deks_needing_rewrap,
        token_versions=s.token_versions,
    )


@router.get("/v1/keys", tags=["keys"], response_model=list[KeyOut])
def get_keys(_officer: SecurityOfficer, rt: RuntimeDep) -> list[KeyOut]:
    default = rt.settings.token_key_version
    return [_key_out(s) for s in status.key_statuses(engine=rt.engine, transit=rt.transit, token_key_default=default)]


@router.get("/v1/keys/{name}", tags=["keys"], response_model=KeyOut)
def get_key(name: str, _officer: SecurityOfficer, rt: RuntimeDep) -> KeyOut:
    return _key_out(
        status.key_status(
            engine=rt.engine,
            transit=rt.transit,
            key_name=_key_name(name),
            token_key_default=rt.settings.token_key_version,
        )
    )


@router.post("/v1/keys/{name}/rotate", tags=["keys"], response_model=RotatedOut)
def rotate(name: str, officer: SecurityOfficer, rt: RuntimeDep) -> RotatedOut:
    version = rotation.rotate_key(engine=rt.engine, transit=rt.transit, actor=officer, key_name=_key_name(name))
    return RotatedOut(name=name, latest_version=version)


@router.post("/v1/keys/{name}/rewrap", tags=["keys"], response_model=RewrapOut, status_code=202)
def start_rewrap(name: str, officer: SecurityOfficer, rt: RuntimeDep, tasks: BackgroundTasks) -> RewrapOut:
    """Starts the rewrap job after the answer; GET /v1/keys/{name} shows progress (deks_needing_rewrap)."""
    key = _key_name(name)
    pending = status.key_status(engine=rt.engine, transit=rt.transit, key_name=key).deks_needing_rewrap
    tasks.add_task(rewrap.rewrap_deks, engine=rt.engine, transit=rt.transit, actor=officer, key_name=key)
    return RewrapOut(name=key, pending=pending, detail="rewrap started")


@router.post("/v1/keys/{name}/retire", tags=["keys"], response_model=RetiredOut)
def retire(name: str, body: RetireIn, officer: SecurityOfficer, rt: RuntimeDep) -> RetiredOut:
    version = rotation.retire_versions(
        engine=rt.engine, transit=rt.transit, actor=officer, key_name=_key_name(name), below=body.below_version
    )
    return RetiredOut(name=name, min_decryption_version=version)


@router.put("/v1/keys/{name}/auto-rotate", tags=["keys"], status_code=204)
def auto_rotate(name: str, body: AutoRotateIn, officer: SecurityOfficer, rt: RuntimeDep) -> None:
    rotation.set_auto_rotate(
        engine=rt.engine,
        transit=rt.transit,
        actor=officer,
        key_name=_key_name(name),
        period_seconds=body.period_seconds,
    )


# -- audit trail (security officer, auditor) ----------------------------------------------------------


def _audit_read(rt: RuntimeDep, reader: Principal, action: str, detail: str | None = None) -> None:
    note_audit_read(engine=rt.engine, reader=reader, action=action, detail=detail)


@router.get("/v1/audit/verify", tags=["audit"], response_model=VerifyOut)
def verify(reader: AuditReader, rt: RuntimeDep) -> VerifyOut:
    report = verify_chain(engine=rt.engine, transit=rt.transit)
    _audit_read(rt, reader, "audit.verify", report.describe()[:500])
    return VerifyOut(
        ok=report.ok,
        entries=report.entries,
        checkpoints=report.checkpoints,
        first_bad_seq=report.first_bad_seq,
        reason=report.reason,
    )


def _period(since: dt.datetime | None, until: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    end = until or dt.datetime.now(dt.UTC)
    start = since or end - dt.timedelta(days=30)
    aware = [t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in (start, end)]
    if aware[0] >= aware[1]:
        raise KeyJobError("since must be before until")
    return aware[0], aware[1]


def _review(rt: RuntimeDep, reader: Principal, since: dt.datetime | None, until: dt.datetime | None) -> Review:
    start, end = _period(since, until)
    _audit_read(rt, reader, "audit.review", f"{start.isoformat()} .. {end.isoformat()}")
    return access_review(engine=rt.engine, since=start, until=end)


@router.get("/v1/audit/review", tags=["audit"], response_model=ReviewOut)
def review(
    reader: AuditReader,
    rt: RuntimeDep,
    since: Annotated[dt.datetime | None, Query()] = None,
    until: Annotated[dt.datetime | None, Query()] = None,
) -> ReviewOut:
    result = _review(rt, reader, since, until)
    return ReviewOut(
        since=result.since,
        until=result.until,
        actors=[
            ActorOut(
                actor=a.actor,
                role=a.role,
                accesses=a.accesses,
                distinct_subjects=a.distinct_subjects,
                denied=a.denied,
                purposes=dict(a.purposes),
                per_day=dict(a.per_day),
            )
            for a in result.actors
        ],
        anomalies=[AnomalyOut(**a.__dict__) for a in result.anomalies],
    )


@router.get("/v1/audit/review.csv", tags=["audit"], response_class=PlainTextResponse)
def review_export(
    reader: AuditReader,
    rt: RuntimeDep,
    since: Annotated[dt.datetime | None, Query()] = None,
    until: Annotated[dt.datetime | None, Query()] = None,
) -> PlainTextResponse:
    text = review_csv(_review(rt, reader, since, until))
    return PlainTextResponse(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="access-review.csv"'},
    )


@router.post("/v1/audit/subject-history", tags=["audit"], response_model=list[AccessEntryOut])
def history(body: SubjectHistoryIn, reader: AuditReader, rt: RuntimeDep) -> list[AccessEntryOut]:
    """Who accessed this person's records, when and why (the ID number goes in the body, never the URL)."""
    entries = subject_history(
        engine=rt.engine, transit=rt.transit, actor=reader, id_number=body.id_number, document_type=body.document_type
    )
    return [
        AccessEntryOut(
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            role=e.role,
            action=e.action,
            purpose=e.purpose,
            outcome=e.outcome,
            object=e.object,
        )
        for e in entries
    ]


# -- wiring -------------------------------------------------------------------------------------------


def install(app: FastAPI) -> None:
    """Add these routes and the audit checkpointer (a background thread while the app runs)."""

    @asynccontextmanager
    async def checkpoints(app: FastAPI) -> AsyncIterator[None]:
        checkpointer = Checkpointer(app.state.runtime)
        checkpointer.start()
        try:
            yield
        finally:
            checkpointer.stop()

    app.include_router(router)
    app.include_router(APIRouter(lifespan=checkpoints))
