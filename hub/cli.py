"""The `hub` command."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from connectors.cli import app as connector_app
from hub.access import cli as access_cli
from hub.cli_support import or_exit
from hub.disclosure import cli as disclosure_cli
from hub.settings import get_settings
from redaction.cli import app as redact_app

app = typer.Typer(
    help="Credit information hub (个人公共信用信息共享平台): serve the API, manage departments, redact, connect.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold personal data
)
departments_app = typer.Typer(help="Register departments and their grants.", no_args_is_help=True)
app.add_typer(departments_app, name="departments")
# People, grants, keys and the audit trail (issue 6); see hub/access/cli.py.
app.add_typer(access_cli.users_app, name="users")
app.add_typer(access_cli.grants_app, name="grants")
app.add_typer(access_cli.keys_app, name="keys")
app.add_typer(access_cli.audit_app, name="audit")
app.add_typer(connector_app, name="connector", help="Department-side connector: keys, files, databases.")
app.add_typer(redact_app, name="redact", help="Redact private data from 双公示 texts or records.")
# 双公示 review and publication (issue 5); see hub/disclosure/cli.py.
app.add_typer(disclosure_cli.review_app, name="review")
app.add_typer(disclosure_cli.publication_app, name="publication")

console = Console()


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on (default HUB_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default HUB_PORT, 8000)")] = None,
) -> None:
    """Run the hub: SQLite and a managed local OpenBao unless HUB_DATABASE_URL / HUB_VAULT_ADDR say otherwise."""
    import uvicorn

    from hub.api.app import create_app
    from hub.runtime import start_runtime

    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    with console.status("starting the key service and the database…"):
        runtime = or_exit(lambda: start_runtime(settings))
    where = "managed OpenBao at " + runtime.openbao.addr if runtime.openbao else settings.vault_addr
    console.print(
        f"key service: {where}; database: {runtime.engine.url.render_as_string(hide_password=True)}"
    )
    console.print(f"API docs: http://{host or settings.host}:{port or settings.port}/docs")
    try:
        uvicorn.run(create_app(runtime), host=host or settings.host, port=port or settings.port)
    finally:
        runtime.close()


@departments_app.command("add")
def departments_add(
    code: Annotated[str, typer.Argument(help="short code, e.g. scjg (市场监管)")],
    name: Annotated[str, typer.Option(help="display name, e.g. 资阳市市场监督管理局")],
    public_key: Annotated[
        str, typer.Option(help="the department's Ed25519 public key (base64), from `hub connector keygen`")
    ],
    record_types: Annotated[str, typer.Option(help="comma-separated record types it may submit and read")],
    purposes: Annotated[
        str, typer.Option(help="comma-separated lookup purposes, e.g. 职称评定,表彰评优")
    ] = "",
    fields: Annotated[str, typer.Option(help="comma-separated fields it may read (default: all)")] = "",
    valid_until: Annotated[str | None, typer.Option(help="grant end date YYYY-MM-DD")] = None,
) -> None:
    """Register a department: its signing key, its transit key (KEK) and its first grant."""
    from hub.departments import add_department
    from hub.runtime import start_runtime

    runtime = or_exit(lambda: start_runtime(get_settings()))
    try:
        department = or_exit(
            lambda: add_department(
                runtime=runtime,
                code=code,
                name=name,
                signing_public_key=public_key,
                record_types=_csv(record_types),
                purposes=_csv(purposes),
                fields=_csv(fields),
                valid_until=dt.date.fromisoformat(valid_until) if valid_until else None,
            )
        )
    finally:
        runtime.close()
    console.print(f"registered {department.code} ({department.name}); key {department.kek_name}")


@departments_app.command("list")
def departments_list() -> None:
    """Show departments and their grants."""
    from hub.departments import list_departments
    from hub.runtime import start_runtime

    runtime = or_exit(lambda: start_runtime(get_settings()))
    try:
        rows = list_departments(runtime)
    finally:
        runtime.close()
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


