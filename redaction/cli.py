"""``hub redact``: scan JSONL passages or check whole records from the command line.

A single-command Typer app (its callback carries the options), so the hub can mount it with
``add_typer(build_app(read_table=...), name="redact")``: CSV and XLSX records are read by the reader the
hub passes in (the connectors' bounded table reader, the one reader for all such files); redaction itself
reads JSON and imports neither the hub nor the connectors.

- ``--input IN.jsonl --output OUT.jsonl``: each input line ``{"id", "text", "public_names"?}``,
  each output line ``{"id", "spans": [{"start", "end", "entity_type", "score"}], "redacted"}``
  (Python ``str`` offsets into ``text``).
- ``--records FILE.csv|.xlsx|.json [--output OUT.json]``: one record check per row/object.

All input is validated before anything is written; a bad line or record stops the run with its
line/record number (never its content) and exit code 2, and the output is written atomically.
"""

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from redaction.analyzer import scan_texts
from redaction.errors import InvalidRecordError, RedactionError
from redaction.models import RecordKind
from redaction.records import check_records


class InputError(RedactionError):
    """The input file cannot be used; the message says where, never what."""


# Reads a CSV or XLSX file of records as {field: text} per row; raises InputError.
TableReader = Callable[[Path], list[dict[str, str]]]
TABLE_SUFFIXES = (".csv", ".xlsx")


def build_app(*, read_table: TableReader | None = None) -> typer.Typer:
    """The ``redact`` command; without `read_table` it checks JSON records only."""
    app = typer.Typer(add_completion=False, help="Privacy check of 双公示 text and records.")

    @app.callback(invoke_without_command=True)
    def redact(
        input_path: Annotated[Path | None, typer.Option("--input", help="JSONL passages to scan.")] = None,
        output_path: Annotated[
            Path | None, typer.Option("--output", help="Where results go (default stdout).")
        ] = None,
        records_path: Annotated[
            Path | None, typer.Option("--records", help="CSV, XLSX or JSON records to check.")
        ] = None,
        record_kind: Annotated[
            str | None, typer.Option("--record-kind", help="admin_penalty or admin_license (default: inferred).")
        ] = None,
    ) -> None:
        """Scan passages (--input) or check records (--records)."""
        _run(input_path, output_path, records_path, record_kind, read_table)

    return app


def _run(
    input_path: Path | None,
    output_path: Path | None,
    records_path: Path | None,
    record_kind: str | None,
    read_table: TableReader | None,
) -> None:
    if (input_path is None) == (records_path is None):
        _fail("give exactly one of --input or --records")
    try:
        if input_path is not None:
            lines = [json.dumps(result, ensure_ascii=False) for result in _scan_jsonl(input_path)]
        else:
            assert records_path is not None
            kind = _record_kind(record_kind)
            records = _read_records(records_path, read_table)
            checks = [check.model_dump() for check in check_records(records, record_kind=kind)]
            lines = [json.dumps(checks, ensure_ascii=False, indent=2)]
    except InvalidRecordError as error:
        _fail(f"record {error.position + 1}: {error}" if error.position is not None else str(error))
    except RedactionError as error:
        _fail(str(error))
    _write(output_path, lines)


def _scan_jsonl(path: Path) -> list[dict[str, Any]]:
    items = [_passage(number, line) for number, line in enumerate(_read_text(path).splitlines(), 1) if line.strip()]
    scans = scan_texts([item["text"] for item in items], public_names=[item["public_names"] for item in items])
    results = []
    for item, scan in zip(items, scans, strict=True):
        spans = [
            {"start": s.start, "end": s.end, "entity_type": s.entity_type, "score": round(s.score, 4)}
            for s in scan.spans
        ]
        results.append({"id": item["id"], "spans": spans, "redacted": scan.redacted})
    return results


def _passage(number: int, line: str) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        raise InputError(f"line {number}: not valid JSON") from None
    if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text"), str):
        raise InputError(f"line {number}: expected an object with 'id' and a string 'text'")
    names = item.get("public_names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InputError(f"line {number}: 'public_names' must be a list of strings")
    return {"id": item["id"], "text": item["text"], "public_names": names}


def _read_records(path: Path, read_table: TableReader | None) -> list[dict[str, Any]]:
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        if read_table is None:
            raise InputError("CSV and XLSX records are read by `hub redact --records`")
        if not path.is_file():
            raise InputError(f"{path.name}: no such file")
        return list(read_table(path))
    if suffix == ".json":
        text = _read_text(path)
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise InputError(f"{path.name}: not valid JSON") from None
        records = data if isinstance(data, list) else [data]
        for number, record in enumerate(records, 1):
            if not isinstance(record, dict):
                raise InputError(f"{path.name} record {number}: expected an object")
        return records
    raise InputError("--records takes a .csv, .xlsx or .json file")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path.name}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: not UTF-8 text") from None
    except OSError:
        raise InputError(f"{path.name}: cannot be read") from None


def _record_kind(value: str | None) -> RecordKind | None:
    if value is None:
        return None
    if value == "admin_penalty":
        return "admin_penalty"
    if value == "admin_license":
        return "admin_license"
    raise InvalidRecordError("--record-kind must be admin_penalty or admin_license")


def _write(path: Path | None, lines: list[str]) -> None:
    body = "".join(line + "\n" for line in lines)
    if path is None:
        typer.echo(body, nl=False)
        return
    # Write next to the target and rename, so a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(body)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


app = build_app()
