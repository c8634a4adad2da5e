"""`hub users`: people who log in; and how every people-facing command signs in.

Every command acts as a named person: `--user NAME` (or HUB_USER), password from HUB_PASSWORD (for
scripts) or prompted. The role rules are those of the API. The one exception is the very first admin:
while no user exists, `hub users add NAME --role admin` works without `--user` (whoever runs it
already holds the database and the key service credentials).
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session, select

from hub.core.cli_support import open_runtime, or_exit
from hub.core.principals import Principal, Role
from hub.core.runtime import Runtime
from hub.users import services as users
from hub.users.models import User

users_app = typer.Typer(help="People who log in: add, list, lock, unlock.", no_args_is_help=True)

console = Console()

UserOption = Annotated[str, typer.Option("--user", envvar="HUB_USER", help="your user name")]


def sign_in(runtime: Runtime, username: str) -> Principal:
    """Sign in as `username` (password from HUB_PASSWORD or prompted). What that person may do is
    decided by the services, as for the API."""
    password = os.environ.get("HUB_PASSWORD") or typer.prompt(f"password for {username}", hide_input=True)
    return or_exit(lambda: users.authenticate(runtime.engine, username=username, password=password))


# -- users --------------------------------------------------------------------------------------------


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="login name, e.g. li.na")],
    role: Annotated[Role, typer.Option(help="publicity_officer, security_officer, auditor or admin")],
    user: Annotated[str | None, typer.Option("--user", envvar="HUB_USER", help="your user name (an admin)")] = None,
) -> None:
    """Add a user; the new user's password is prompted (or HUB_NEW_PASSWORD)."""
    with open_runtime() as runtime:
        with Session(runtime.engine) as session:
            first = session.exec(select(User).limit(1)).first() is None
        if first and role == Role.ADMIN and user is None:
            actor = Principal(name="bootstrap", role=Role.ADMIN)
        elif user is None:
            console.print("[red]error:[/red] --user is required (an admin)")
            raise typer.Exit(code=1)
        else:
            actor = sign_in(runtime, user)
        password = os.environ.get("HUB_NEW_PASSWORD") or typer.prompt(
            f"new password for {username}", hide_input=True, confirmation_prompt=True
        )
        view = or_exit(
            lambda: users.add_user(engine=runtime.engine, actor=actor, username=username, role=role, password=password)
        )
    console.print(f"added {view.username} ({view.role.value})")


@users_app.command("list")
def users_list(user: UserOption) -> None:
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        rows = or_exit(lambda: users.list_users(engine=runtime.engine, actor=actor))
    table = Table("user", "role", "locked", "failed logins", "last login")
    for row in rows:
        table.add_row(
            row.username,
            row.role.value,
            "yes" if row.locked else "no",
            str(row.failed_logins),
            str(row.last_login_at or ""),
        )
    console.print(table)


@users_app.command("lock")
def users_lock(username: str, user: UserOption) -> None:
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        or_exit(lambda: users.lock_user(engine=runtime.engine, actor=actor, username=username))
    console.print(f"locked {username}; their sessions have ended")


@users_app.command("unlock")
def users_unlock(username: str, user: UserOption) -> None:
    with open_runtime() as runtime:
        actor = sign_in(runtime, user)
        or_exit(lambda: users.unlock_user(engine=runtime.engine, actor=actor, username=username))
    console.print(f"unlocked {username}")
