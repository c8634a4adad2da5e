"""`hub departments` (register, list) and `hub grants` (an admin's work on departments' rights)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hub.core.cli_support import LOCAL_ADMIN, date_option, list_option, open_runtime, or_exit
from hub.departments import grants as grant_admin
from hub.departments.services import add_department, list_departments, set_department_active
from hub.users.cli import UserOption, sign_in

departments_app = typer.Typer(help="Register departments and their grants.", no_args_is_help=True)
grants_app = typer.Typer(
    help="Departments' grants: list, add, revoke; switch a department off/on.", no_args_is_help=True
)

console = Console()


@departments_app.command("add")
def departments_add(
    code: Annotated[str, typer.Argument(help="short code, e.g. scjg (市场监管)")],
    name: Annotated[str, typer.Option(help="display name, e.g. 资阳市市场监督管理局")],
    public_key: Annotated[
        str, typer.Option(help="the department's Ed25519 public key (base64), from `hub connector keygen`")
    ],
    record_types: Annotated[list[str], list_option("record types it may submit and read")],
    purposes: Annotated[list[str], list_option("lookup purposes, e.g. 职称评定,表彰评优", required=False)],
    fields: Annotated[list[str], list_option("fields it may read (default: all)", required=False)],
    valid_until: Annotated[dt.date | None, date_option("grant end date")] = None,
) -> None:
    """Register a department: its signing key, its transit key (KEK) and its first grant."""
    with open_runtime() as runtime:
        department = or_exit(
            lambda: add_department(
                runtime=runtime,
                actor=LOCAL_ADMIN,
                code=code,
                name=name,
                signing_public_key=public_key,
                record_types=record_types,
                purposes=purposes,
                fields=fields,
                valid_until=valid_until,
            )
        )
    console.print(f"registered {department.code} ({department.name}); key {department.kek_name}")


@departments_app.command("list")
def departments_list() -> None:
    """Show departments and their grants."""
    with open_runtime() as runtime:
        rows = or_exit(lambda: list_departments(engine=runtime.engine, actor=LOCAL_ADMIN))
    table = Table("code", "name", "active", "record types", "purposes", "valid until")
    for department, grants in rows:
        for grant in grants or [None]:  # type: ignore[list-item]
            table.add_row(
                department.code,
                department.name,
                "yes" if department.active else "no",
                ", ".join(grant.record_types) if grant else "",
                ", ".join(grant.purposes) if grant else "",
                str(grant.valid_until or "") if grant else "",
            )
    console.print(table)


# -- grants -------------------------------------------------------------------------------------------


@grants_app.command("list")
def grants_list(department: str, user: UserOption) -> None:
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        grants = or_exit(lambda: grant_admin.list_grants(engine=runtime.engine, actor=actor, department=department))
    table = Table("id", "record types", "purposes", "fields", "valid", "revoked")
    for g in grants:
        table.add_row(
            str(g.id),
            ", ".join(g.record_types),
            ", ".join(g.purposes),
            ", ".join(g.fields) or "(all)",
            f"{g.valid_from} .. {g.valid_until or ''}",
            str(g.revoked_at or ""),
        )
    console.print(table)


@grants_app.command("add")
def grants_add(
    department: str,
    user: UserOption,
    record_types: Annotated[list[str], list_option("record types")],
    purposes: Annotated[list[str], list_option("purposes, e.g. 职称评定,表彰评优")],
    fields: Annotated[list[str], list_option("readable fields (default: all)", required=False)],
    valid_until: Annotated[dt.date | None, date_option("last day of the grant")] = None,
) -> None:
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        grant = or_exit(
            lambda: grant_admin.add_grant(
                engine=runtime.engine,
                actor=actor,
                department=department,
                record_types=record_types,
                purposes=purposes,
                fields=fields,
                valid_until=valid_until,
            )
        )
    console.print(f"grant {grant.id} added to {department}")


@grants_app.command("revoke")
def grants_revoke(grant_id: int, user: UserOption) -> None:
    """Revoke a grant; the department's next request no longer has it."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        or_exit(lambda: grant_admin.revoke_grant(engine=runtime.engine, actor=actor, grant_id=grant_id))
    console.print(f"grant {grant_id} revoked")


@grants_app.command("deactivate")
def grants_deactivate(department: str, user: UserOption) -> None:
    """Switch off a department's signing key: its next request fails."""
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        or_exit(
            lambda: set_department_active(
                engine=runtime.engine, actor=actor, department=department, active=False
            )
        )
    console.print(f"{department} deactivated")


@grants_app.command("activate")
def grants_activate(department: str, user: UserOption) -> None:
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        or_exit(
            lambda: set_department_active(
                engine=runtime.engine, actor=actor, department=department, active=True
            )
        )
    console.print(f"{department} activated")
