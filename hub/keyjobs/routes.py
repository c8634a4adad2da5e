"""Security officers' routes for the transit keys: status, rotate, rewrap, retire, schedule."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks

from hub.core.deps import RuntimeDep
from hub.keyjobs import rewrap, rotation, status
from hub.keyjobs.errors import KeyJobError
from hub.keyjobs.schemas import AutoRotateIn, KeyOut, RetiredOut, RetireIn, RewrapOut, RotatedOut
from hub.users.deps import SecurityOfficer
from keys.errors import InvalidRequest
from keys.names import validate_key_name

router = APIRouter()


# -- keys (security officer) --------------------------------------------------------------------------


def _key_name(name: str) -> str:
    try:
        return validate_key_name(name)
    except InvalidRequest:
        raise KeyJobError("key.invalid_name") from None


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
def get_keys(officer: SecurityOfficer, rt: RuntimeDep) -> list[KeyOut]:
    default = rt.settings.token_key_version
    return [_key_out(s) for s in status.key_statuses(
        engine=rt.engine, transit=rt.transit, actor=officer, token_key_default=default
    )]


@router.get("/v1/keys/{name}", tags=["keys"], response_model=KeyOut)
def get_key(name: str, officer: SecurityOfficer, rt: RuntimeDep) -> KeyOut:
    return _key_out(
        status.key_status(
            engine=rt.engine,
            transit=rt.transit,
            actor=officer,
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
    pending = status.key_status(engine=rt.engine, transit=rt.transit, actor=officer, key_name=key).deks_needing_rewrap
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
