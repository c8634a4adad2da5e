"""Login, logout and the people who log in (admin).

Separation of duties is enforced server-side, by role, on every route of the hub:
- admin: users, grants, department keys on/off; no keys, no audit trail, no records;
- security_officer: keys (rotate, rewrap, retire, schedule) and the audit trail; no record contents
  (no people-facing route decrypts anything, and record routes accept only signed department requests);
- auditor: the audit trail, read only;
- publicity_officer: the 双公示 review (redacted drafts, hub.disclosure.routes);
- department: signed requests only; a session cookie never reaches record data.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from hub.core.deps import RuntimeDep
from hub.users import services as users
from hub.users.deps import SESSION_COOKIE, Admin, CurrentUser, set_session_cookie
from hub.users.schemas import LoginIn, MeOut, UserIn, UserOut
from hub.users.sessions import log_in, log_out

router = APIRouter()


# -- login --------------------------------------------------------------------------------------------


@router.post("/v1/auth/login", tags=["auth"], response_model=MeOut)
async def login(body: LoginIn, request: Request, response: Response, rt: RuntimeDep) -> MeOut:
    principal, value = await run_in_threadpool(
        log_in, engine=rt.engine, username=body.username, password=body.password,
        previous=request.cookies.get(SESSION_COOKIE),
    )
    set_session_cookie(response, value, production=rt.settings.environment == "production")
    return MeOut(username=principal.name, role=principal.role)


@router.post("/v1/auth/logout", tags=["auth"], status_code=204)
def logout(request: Request, response: Response, rt: RuntimeDep) -> None:
    log_out(engine=rt.engine, cookie_value=request.cookies.get(SESSION_COOKIE))
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/v1/auth/me", tags=["auth"], response_model=MeOut)
def me(user: CurrentUser) -> MeOut:
    return MeOut(username=user.name, role=user.role)


# -- users (admin) ------------------------------------------------------------------------------------


@router.get("/v1/users", tags=["users"], response_model=list[UserOut])
def get_users(admin: Admin, rt: RuntimeDep) -> list[UserOut]:
    return [UserOut(**u.__dict__) for u in users.list_users(engine=rt.engine, actor=admin)]


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
