"""The `hub` command: `serve`, and one sub-command group per domain (assembled here)."""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from connectors.cli import app as connector_app
from hub.audit import cli as audit_cli
from hub.core.cli_support import or_exit
from hub.core.settings import get_settings
from hub.departments import cli as departments_cli
from hub.disclosure import cli as disclosure_cli
from hub.keyjobs import cli as keyjobs_cli
from hub.users import cli as users_cli
from redaction.cli import InputError as RedactInputError
from redaction.cli import build_app as build_redact_app

app = typer.Typer(
    help="Credit information hub (个人公共信用信息共享平台): serve the API, manage departments, redact, connect.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold personal data
)
# One Typer app per domain, each in its package's cli.py.
app.add_typer(departments_cli.departments_app, name="departments")
app.add_typer(users_cli.users_app, name="users")
app.add_typer(departments_cli.grants_app, name="grants")
app.add_typer(keyjobs_cli.keys_app, name="keys")
app.add_typer(audit_cli.audit_app, name="audit")
app.add_typer(connector_app, name="connector", help="Department-side connector: keys, files, databases.")


def _records_table(path: Path) -> list[dict[str, str]]:
    """`hub redact --records` reads CSV (GBK included) and XLSX with the upload's bounded reader."""
    from hub.disclosure.errors import InvalidDisclosureInput
    from hub.disclosure.upload import read_rows

    try:
        return [row.fields for row in read_rows(name=path.name, content=path, where=path.name)]
    except InvalidDisclosureInput as exc:
        raise RedactInputError(str(exc)) from None


app.add_typer(
    build_redact_app(read_table=_records_table),
    name="redact",
    help="Redact private data from 双公示 texts or records.",
)
app.add_typer(disclosure_cli.review_app, name="review")
app.add_typer(disclosure_cli.publication_app, name="publication")

console = Console()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on (default HUB_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default HUB_PORT, 8000)")] = None,
) -> None:
    """Run the hub: SQLite and a managed local OpenBao unless HUB_DATABASE_URL / HUB_VAULT_ADDR say otherwise."""
    import uvicorn

    from hub.api.app import create_app
    from hub.core.runtime import start_runtime

    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    _exit_on_termination()
    with console.status("starting the key service and the database…"):
        runtime = or_exit(lambda: start_runtime(settings, serving=True))
    try:
        where = "managed OpenBao at " + runtime.openbao.addr if runtime.openbao else settings.vault_addr
        console.print(
            f"key service: {where}; database: {runtime.engine.url.render_as_string(hide_password=True)}"
        )
        console.print(f"API docs: http://{host or settings.host}:{port or settings.port}/docs")
        server = uvicorn.Server(uvicorn.Config(create_app(runtime), host=host or settings.host,
                                               port=port or settings.port))
        # A closed terminal (SIGHUP) stops the hub as gracefully as SIGTERM and Ctrl+C do.
        signal.signal(signal.SIGHUP, lambda _signum, frame: server.handle_exit(signal.SIGTERM, frame))
        server.run()
    finally:
        runtime.close()


def _exit_on_termination() -> None:
    """Make SIGTERM unwind the stack, so `finally` stops the managed OpenBao.

    uvicorn catches SIGINT and SIGTERM while it serves, shuts down gracefully, then raises the
    signal again under the handler that was installed before it. For SIGINT that is Python's
    KeyboardInterrupt; for SIGTERM it was the default action, which ends the process on the spot:
    no `finally`, no atexit, and OpenBao (a child in its own session) was left running. The same
    handler covers a SIGTERM or SIGHUP that arrives while the hub is still starting."""

    def terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
