"""`hub connector …`: the department side of the hub, for IT staff who do not write code."""

from __future__ import annotations

import base64
import binascii
import json
import shlex
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from connectors.atomic import write_text_atomically
from connectors.config import ConnectorConfig, load_config
from connectors.errors import ConnectorError, HubUnavailable
from connectors.filejob import STATE_DIR, process_file
from connectors.keyfiles import KEYS_ROOT, default_key_folder, prepare_key_folder, read_key_file, write_key_file
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
HubUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--hub-url",
        envvar="HUB_URL",
        help="The hub's address, instead of the config's hub_url (e.g. http://127.0.0.1:8000).",
        show_envvar=True,
    ),
]
RESUME = ("progress is saved, run again to resume", "进度已保存，重新运行即可继续")


def _fail(reporter: Reporter, exc: ConnectorError, *, then: tuple[str, str] | None = None) -> NoReturn:
    reporter.error(exc, then=then)
    raise typer.Exit(1)


def _usage(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def keygen(
    department: Annotated[
        str | None,
        typer.Option("--department", "-d", help=f"Department code; the keys go to {KEYS_ROOT}/<code>."),
    ] = None,
    directory: Annotated[
        Path | None, typer.Option("--dir", help=f"Where to write the key files instead of {KEYS_ROOT}/<code>.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing key files.")] = False,
    allow_package_dir: Annotated[
        bool,
        typer.Option("--allow-package-dir", help="Write the keys into a folder of a Python package all the same."),
    ] = False,
) -> None:
    """Create the department's signing key (Ed25519) and box key (X25519).

    The folder is created 0700 and every key file 0600. Prints the public keys to register on the hub
    (`hub departments add …`)."""
    if directory is None:
        if department is None:
            _usage(f"give --department CODE (keys go to {KEYS_ROOT}/CODE) or --dir FOLDER")
        directory = default_key_folder(department)
    reporter = Reporter(show_progress=False)
    signing_private, signing_public = generate_signing_key()
    box_private, box_public = generate_box_keypair()
    try:
        prepare_key_folder(directory, allow_package=allow_package_dir)
        write_key_file(directory / "signing.key", signing_private, overwrite=force)
        write_key_file(directory / "box.key", box_private, overwrite=force)
        write_key_file(directory / "signing.pub", signing_public, overwrite=True)
        write_key_file(directory / "box.pub", box_public, overwrite=True)
    except ConnectorError as exc:
        _fail(reporter, exc)
    typer.echo(f"signing public key (register on the hub): {signing_public}")
    typer.echo(f"box public key (for sealed results):     {box_public}")
    typer.echo(f"private keys: {directory / 'signing.key'}, {directory / 'box.key'} (mode 0600, folder 0700)")
    typer.echo(f"in connector.yaml: signing_key_file: {(directory / 'signing.key').resolve()}")


@app.command()
def push(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file to send.", exists=True, dir_okay=False)],
    config: Annotated[Path, typer.Option("--config", "-c", help="Connector config file.", exists=True)],
    mapping: Annotated[Path, typer.Option("--mapping", "-m", help="Mapping file for this source.", exists=True)],
    hub_url: HubUrlOpt = None,
    progress: ProgressOpt = True,
    as_json: JsonOpt = False,
) -> None:
    """Send one CSV or XLSX file to the hub.

    Rejected rows go to rejected/<file>.errors.csv beside it; running it again after a crash resumes
    where it stopped."""
    reporter = Reporter(show_progress=progress)
    try:
        settings = load_config(config, hub_url=hub_url)
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
    except HubUnavailable as exc:
        _fail(reporter, exc, then=RESUME)
    except ConnectorError as exc:
        _fail(reporter, exc)
    reporter.summary(file.name, result.totals)
    reporter.rejections(result.rejections)
    if result.errors_file is not None:
        reporter.note(f"rejected rows / 拒收明细: {result.errors_file}")
    if as_json:
        typer.echo(summary_json(result.totals, errors_file=str(result.errors_file or "")))


@app.command()
def watch(
    config: ConfigArg,
    once: Annotated[bool, typer.Option("--once", help="Process the files present now, then exit.")] = False,
    hub_url: HubUrlOpt = None,
    progress: ProgressOpt = True,
    as_json: JsonOpt = False,
) -> None:
    """Watch the drop folder of CONFIG and push every new file.

    Pushed files move to done/; rejected rows are listed in rejected/<file>.errors.csv. Killing and
    restarting the watcher loses and duplicates nothing."""
    reporter = Reporter(show_progress=progress)
    try:
        settings = load_config(config, hub_url=hub_url)
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
        _fail(reporter, exc, then=RESUME)
    except ConnectorError as exc:
        _fail(reporter, exc)
    reporter.summary(f"{folder.files_done} files", folder.totals)
    if as_json:
        typer.echo(summary_json(folder.totals, files=folder.files_done))


@app.command()
def pull(config: ConfigArg, hub_url: HubUrlOpt = None, progress: ProgressOpt = True, as_json: JsonOpt = False) -> None:
    """Pull new and changed rows from the database of CONFIG.

    Incremental by the cursor column; where it stopped is kept in a local state file."""
    from connectors.pull import pull_once

    reporter = Reporter(show_progress=progress)
    try:
        settings = load_config(config, hub_url=hub_url)
        if settings.pull is None:
            raise ConnectorError(f"{config.name}: no `pull:` section")
        with settings.client(on_retry=reporter.note) as client:
            totals, errors_file, rejections = pull_once(
                config=settings, settings=settings.pull, client=client, reporter=reporter
            )
    except HubUnavailable as exc:
        _fail(reporter, exc, then=RESUME)
    except ConnectorError as exc:
        _fail(reporter, exc)
    reporter.summary("pull", totals)
    reporter.rejections(rejections)
    if errors_file:
        reporter.note(f"rejected rows / 拒收明细: {errors_file}")
    if as_json:
        typer.echo(summary_json(totals, errors_file=errors_file or ""))


@app.command()
def lookup(
    config: ConfigArg,
    purpose: Annotated[str, typer.Option("--purpose", help="The stated purpose (must be in your grant).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the result (created 0600).")],
    record_type: Annotated[
        list[str] | None, typer.Option("--record-type", help="Only these record types (repeatable).")
    ] = None,
    seal_to: Annotated[
        Path | None,
        typer.Option("--seal-to", help="X25519 public key file (box.pub): the hub seals the result."),
    ] = None,
    hub_url: HubUrlOpt = None,
) -> None:
    """Look a person up for a stated purpose, optionally sealed to your box key.

    The ID number is read from stdin (or a hidden prompt), never from the command line, so it stays
    out of shell history and process lists."""
    reporter = Reporter(show_progress=False)
    if sys.stdin.isatty():
        id_number = typer.prompt("ID number", hide_input=True)
    else:
        id_number = sys.stdin.readline().strip()
    if not id_number:
        _usage("no ID number given on stdin")
    try:
        settings = load_config(config, hub_url=hub_url)
        seal_key = read_key_file(seal_to) if seal_to else None
        with settings.client() as client:
            answer = client.lookup(id_number=id_number, purpose=purpose, record_types=record_type, seal_to=seal_key)
        if seal_key is not None:
            if not isinstance(answer.get("sealed"), str):
                raise ConnectorError("the hub did not seal the result")
            write_text_atomically(out, answer["sealed"] + "\n", encoding="ascii")
        else:
            write_text_atomically(out, json.dumps(answer, ensure_ascii=False, indent=2))
    except ConnectorError as exc:
        _fail(reporter, exc)
    if seal_to is not None:
        key = _box_key_beside(seal_to, settings)
        typer.echo(f"sealed result written to {out}; open it with:")
        typer.echo(f"  hub connector open {shlex.quote(str(out))} --key {shlex.quote(str(key))}")
    else:
        typer.echo(f"{len(answer.get('records', []))} records written to {out} (mode 0600: it holds personal data)")


def _box_key_beside(seal_to: Path, settings: ConnectorConfig) -> Path:
    """The private box key that opens a result sealed to `seal_to`: keygen writes it beside box.pub."""
    for folder in (seal_to.parent, settings.signing_key_file.parent):
        if (folder / "box.key").is_file():
            return folder / "box.key"
    return seal_to.with_name("box.key")


@app.command("open")
def open_result(
    result: Annotated[Path, typer.Argument(help="Sealed result file from `lookup --seal-to`.", exists=True)],
    key: Annotated[
        Path, typer.Option("--key", "-k", help="The department's box private key (box.key from keygen).")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (created 0600) instead of stdout.")
    ] = None,
) -> None:
    """Decrypt a sealed lookup result with the department's X25519 private key."""
    reporter = Reporter(show_progress=False)
    try:
        private_key = read_key_file(key)
        blob = base64.b64decode(result.read_text(encoding="ascii").strip(), validate=True)
        plain = open_sealed(private_key_b64=private_key, blob=blob)
        document = json.loads(plain)
    except ConnectorError as exc:
        _fail(reporter, exc)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        _fail(reporter, ConnectorError("not a sealed result file"))
    except SealedBoxError:
        _fail(reporter, ConnectorError("cannot open: not sealed to this key, or damaged"))
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
        return
    try:
        write_text_atomically(out, text)
    except OSError as exc:
        _fail(reporter, ConnectorError(f"cannot write {out} ({type(exc).__name__})"))
    typer.echo(f"opened result written to {out} (mode 0600: it holds personal data)")


@app.command()
def check(config: ConfigArg, hub_url: HubUrlOpt = None) -> None:
    """Validate CONFIG and every mapping it names, offline.

    Errors name the file and line."""
    reporter = Reporter(show_progress=False)
    try:
        settings = load_config(config, hub_url=hub_url)
        mappings = [route.mapping for route in settings.watch.routes] if settings.watch else []
        if settings.pull:
            mappings.append(settings.pull.mapping)
        for path in mappings:
            load_mapping(path)
        settings.signing_key()
    except ConnectorError as exc:
        _fail(reporter, exc)
    typer.echo(f"{config.name}: OK ({len(mappings)} mappings); hub {settings.hub_url}")
