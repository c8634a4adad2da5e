"""An admin's routes for departments' rights: grants, and switching a department's key off/on."""

from __future__ import annotations

from fastapi import APIRouter

from hub.core.deps import RuntimeDep
from hub.departments import grants as grant_admin
from hub.departments.models import Grant
from hub.departments.schemas import GrantIn, GrantOut
from hub.departments.services import set_department_active
from hub.users.deps import Admin

router = APIRouter()


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
def get_grants(code: str, admin: Admin, rt: RuntimeDep) -> list[GrantOut]:
    return [_grant_out(g) for g in grant_admin.list_grants(engine=rt.engine, actor=admin, department=code[:32])]


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
    set_department_active(engine=rt.engine, actor=admin, department=code[:32], active=False)


@router.post("/v1/departments/{code}/activate", tags=["grants"], status_code=204)
def activate(code: str, admin: Admin, rt: RuntimeDep) -> None:
    set_department_active(engine=rt.engine, actor=admin, department=code[:32], active=True)
