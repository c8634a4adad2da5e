"""`hub connector …`: the department side of the hub, for IT staff who do not write code."""

from __future__ import annotations

import base64
import binascii
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from connectors.config import load_config
from connectors.errors import ConnectorError, HubUnavailable
from connectors.filejob import STATE_DIR, process_file
from connectors.keyfiles import read_key_file, write_private_key, write_public_key
from connectors.mapping import load_mapping
from connectors.ui import Reporter, summary_json
from connectors.watch import DropFolder, prepare_mapper
from crypto.errors import SealedBoxError
from crypto.sealed import generate_box_keypair, open_sealed
from crypto.signing import generate_signing_key

app = typer.Typer(
    help="Department connector: push files, watch a drop folder, pull a database, open sealed results.",
    no_args_is_help=True,
    add_completion=False,
    # A crash must not print local variables: they can hold ID numbers and names.
    pretty_exceptions_show_locals=False,
)

ConfigArg = Annotated[Path, typer.Argument(help="Connector config file (YAML).", exists=True, dir_okay=False)]
ProgressOpt = Annotated[bool, typer.Option("--progress/--no-progress", help="Show progress bars on stderr.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the summary as one JSON line on stdout.")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.command()
def keygen(
    directory: Annotated[Path, typer.Option("--dir", help="Where to write the key files.")] = Path("keys"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing key files.")] = False,
) -> None:
    """Create the department's signing key (Ed25519) and box key (X25519).

    Private key files are created with mode 0600. Prints the public keys to register on the hub
    (`hub departments add …`)."""
    directory.mkdir(parents=True, exist_ok=True)
    signing_private, signing_public = generate_signing_key()
    box_private, box_public = generate_box_keypair()
    try:
        write_private_key(directory / "signing.key", signing_private, overwrite=force)
        write_private_key(directory / "box.key", box_private, overwrite=force)
    except ConnectorError as exc:
        raise _fail(str(exc)) from None
    write_public_key(directory / "signing.pub", signing_public, overwrite=True)
    write_public_key(directory / "box.pub", box_public, overwrite=True)
    typer.echo(f"signing public key (register on the hub): {signing_public}")
    typer.echo(f"box public key (for sealed results):     {box_public}")
    typer.echo(f"private keys: {directory / 'signing.key'}, {directory / 'box.key'} (mode 0600; keep them here)")


@app.command()
def push(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file to send.", exists=True, dir_okay=False)],
    config: Annotated[Path, typer.Option("--config", "-c", help="Connector config file.", exists=True)],
    mapping: Annotated[Path, typer.Option("--mapping", "-m", help="Mapping file for this source.", exists=True)],
    progress: ProgressOpt = True,
    as_json: JsonOpt = False,
) -> None:
    """Send one CSV or XLSX file to the hub.

    Rejected rows go to rejected/<file>.errors.csv beside it; running it again after a crash resumes
    where it stopped."""
    reporter = Reporter(show_progress=progress)
    try:
        settings = load_config(config)
        loaded = load_mapping(mapping)
        with settings.client(on_retry=reporter.note) as client:
            mapper = prepare_mapper(mapping=loaded, catalog=client.catalog(), row_id_secret=settings.row_id_secret())
            result = process_file(
                path=file,
                mapping=loaded,
                client=client,
                mapper=mapper,
                batch_size=settings.batch_size,
                max_in_flight=settings.max_in_flight,
                state_dir=file.parent / STATE_DIR,
                rejected_dir=file.parent / "rejected",
                reporter=reporter,
            )
            result.journal.remove()
    except ConnectorError as exc:
        raise _fail(str(exc)) from None
    reporter.summary(file.name, result.totals)
    if result.errors_file is not None:
        reporter.note(f"rejected rows: {result.errors_file}")
    if as_json:
        typer.echo(summary_json(result.totals, errors_file=str(result.errors_file or "")))


@app.command()
def watch(
    config: ConfigArg,
    once: Annotated[bool, typer.Option("--once", help="Process the files present now, then exit.")] = False,
    progress: ProgressOpt = True,
    as_json: JsonOpt = False,
) -> None:
    """Watch the drop folder of CONFIG and push every new file.

    Pushed files move to done/; rejected rows are listed in rejected/<file>.errors.csv. Killing and
    restarting the watcher loses and duplicates nothing."""
    reporter = Reporter(show_progress=progress)
    try:
        settings = load_config(config)
        if settings.watch is None:
            raise ConnectorError(f"{config.name}: no `watch:` section")
        with settings.client(on_retry=reporter.note) as client:
            folder = DropFolder(config=settings, settings=settings.watch, client=client, reporter=reporter)
            reporter.note(f"watching {settings.watch.folder}" + (" (once)" if once else "; Ctrl-C stops"))
            try:
                folder.run(once=once)
            except KeyboardInterrupt:
                reporter.note("stopped; files in progress resume on the next start")
    except HubUnavailable as exc:
        raise _fail(f"{exc}; progress is saved, run again to resume") from None
    except ConnectorError as exc:
        raise _fail(str(exc)) from None
    reporter.summary(f"{folder.files_done} files", folder.totals)
    if as_json:
        typer.echo(summary_json(folder.totals, files=folder.files_done))


@app.command()
def pull(config: ConfigArg, progress: ProgressOpt = True, as_json: JsonOpt = False) -> None:
    """Pull new and changed rows from the database of CONFIG.

    Incremental by the cursor column; where it stopped is kept in a local state file."""
    from connectors.pull import pull_once

    reporter = Reporter(show_progress=progress)
    try:
        settings = load_config(config)
        if settings.pull is None:
            raise ConnectorError(f"{config.name}: no `pull:` section")
        with settings.client(on_retry=reporter.note) as client:
            totals, errors_file = pull_once(config=settings, settings=settings.pull, client=client, reporter=reporter)
    except ConnectorError as exc:
        raise _fail(str(exc)) from None
    reporter.summary("pull", totals)
    if errors_file:
        reporter.note(f"rejected rows: {errors_file}")
    if as_json:
        typer.echo(summary_json(totals, errors_file=errors_file or ""))


@app.command()
def lookup(
    config: ConfigArg,
    purpose: Annotated[str, typer.Option("--purpose", help="The stated purpose (must be in your grant).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the result.")],
    record_type: Annotated[
        list[str] | None, typer.Option("--record-type", help="Only these record types (repeatable).")
    ] = None,
    seal_to: Annotated[
        Path | None,
        typer.Option("--seal-to", help="X25519 public key file (box.pub): the hub seals the result."),
    ] = None,
) -> None:
    """Look a person up for a stated purpose, optionally sealed to your box key.

    The ID number is read from stdin (or a hidden prompt), never from the command line, so it stays
    out of shell history and process lists."""
    if sys.stdin.isatty():
        id_number = typer.prompt("ID number", hide_input=True)
    else:
        id_number = sys.stdin.readline().strip()
    if not id_number:
        raise _fail("no ID number given on stdin", 2)
    try:
        settings = load_config(config)
        seal_key = read_key_file(seal_to) if seal_to else None
        with settings.client() as client:
            answer = client.lookup(id_number=id_number, purpose=purpose, record_types=record_type, seal_to=seal_key)
    except ConnectorError as exc:
        raise _fail(str(exc)) from None
    if seal_key is not None:
        if not isinstance(answer.get("sealed"), str):
            raise _fail("the hub did not seal the result")
        out.write_text(answer["sealed"] + "\n", encoding="ascii")
        typer.echo(f"sealed result written to {out}; open it with `hub connector open {out}`")
    else:
        out.write_text(json.dumps(answer, ensure_ascii=False, indent=2), encoding="utf-8")
        typer.echo(f"{len(answer.get('records', []))} records written to {out}")


@app.command("open")
def open_result(
    result: Annotated[Path, typer.Argument(help="Sealed result file from `lookup --seal-to`.", exists=True)],
    key: Annotated[Path, typer.Option("--key", "-k", help="The department's box private key.")] = Path("keys/box.key"),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Decrypt a sealed lookup result with the department's X25519 private key."""
    try:
        private_key = read_key_file(key)
        blob = base64.b64decode(result.read_text(encoding="ascii").strip(), validate=True)
        plain = open_sealed(private_key_b64=private_key, blob=blob)
        document = json.loads(plain)
    except ConnectorError as exc:
        raise _fail(str(exc)) from None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _fail("not a sealed result file") from None
    except SealedBoxError:
        raise _fail("cannot open: not sealed to this key, or damaged") from None
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"opened result written to {out}")


@app.command()
def check(config: ConfigArg) -> None:
    """Validate CONFIG and every mapping it names, offline.

    Errors name the file and line."""
    try:
        settings = load_config(config)
        mappings = [route.mapping for route in settings.watch.routes] if settings.watch else []
        if settings.pull:
            mappings.append(settings.pull.mapping)
        for path in mappings:
            load_mapping(path)
        settings.signing_key()
    except ConnectorError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{config.name}: OK ({len(mappings)} mappings)")
