"""Export of a published batch in the national-standard layout (CSV and JSON) with a signed manifest.

Columns are the catalog's GB fields in catalog order. Fields never published (证件类型/证件号码 and the
legal representative's) keep their column, empty, so the layout stays the standard one. Only entries
on the listing at export time are exported (not hidden or withdrawn ones).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from hub.audit import trail
from hub.audit.trail import AuditEvent
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import NotFound
from hub.core.files import new_folder, write_private
from hub.core.keyservice import key_service
from hub.core.principals import Principal, Role, require_role
from hub.core.spreadsheet import spreadsheet_cell
from hub.disclosure.errors import DisclosureError
from hub.disclosure.manifest import KEY_FILE, MANIFEST, SIGNATURE, key_fingerprint, key_version_of, manifest_bytes
from hub.disclosure.models import DisclosureBatch, PublishedEntry
from hub.disclosure.rendering import NEVER_PUBLISHED
from hub.disclosure.states import BatchState, EntryState
from hub.records.catalog import RECORD_TYPES
from keys.names import HUB_SIGNING_KEY
from keys.transit import Transit


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    files: list[str]
    records: int
    key_version: int


def export_batch(
    *, engine: Engine, transit: Transit, officer: Principal, batch_id: str, directory: Path
) -> ExportResult:
    require_role(officer, Role.PUBLICITY_OFFICER)
    with transaction(engine) as session:
        batch = session.get(DisclosureBatch, batch_id)
        if batch is None:
            raise NotFound("disclosure.batch_not_found")
        if batch.state != BatchState.PUBLISHED:
            raise DisclosureError("disclosure.export_not_published", state=batch.state)
        entries = session.exec(
            select(PublishedEntry)
            .where(PublishedEntry.batch_id == batch_id, PublishedEntry.status == EntryState.LISTED.value)
            .order_by(col(PublishedEntry.decision_date), col(PublishedEntry.decision_number))
        ).all()
        trail.append(session, AuditEvent(actor=officer.name, role=officer.role.value, action="disclosure.batch.export",
                                         object=f"batch:{batch_id}", detail=f"{len(entries)} records"))
        record_type = batch.record_type
    columns = [f.name for f in RECORD_TYPES[record_type].fields]
    rows = [
        {name: ("" if name in NEVER_PUBLISHED else (e.fields or {}).get(name, "")) for name in columns}
        for e in entries
    ]
    new_folder(directory)
    if any(directory.iterdir()):
        raise DisclosureError("disclosure.export_directory")
    stem = f"{record_type}-{batch_id}"
    names = [f"{stem}.csv", f"{stem}.json"]
    write_private(directory / names[0], _csv_bytes(columns, rows))
    write_private(
        directory / names[1],
        json.dumps({"batch_id": batch_id, "record_type": record_type, "columns": columns, "records": rows},
                   ensure_ascii=False, indent=1).encode(),
    )
    header = {
        "batch_id": batch_id,
        "record_type": record_type,
        "records": len(rows),
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "signature": {"algorithm": "ed25519", "key": f"openbao-transit:{HUB_SIGNING_KEY}", "signed": MANIFEST},
    }
    manifest = manifest_bytes(header=header, directory=directory, names=names)
    with key_service():
        signature = transit.sign(HUB_SIGNING_KEY, manifest)
        public_keys = transit.public_keys(HUB_SIGNING_KEY)
    write_private(directory / MANIFEST, manifest)
    write_private(directory / SIGNATURE, (signature + "\n").encode("ascii"))
    write_private(directory / KEY_FILE, publication_key_json(public_keys).encode("utf-8"))
    return ExportResult(directory=directory, files=names, records=len(rows), key_version=key_version_of(signature))


def publication_key_file(transit: Transit) -> str:
    """The publication public keys (every version of hub-signing), as the key file verifiers take."""
    with key_service():
        return publication_key_json(transit.public_keys(HUB_SIGNING_KEY))


def publication_key_json(public_keys: dict[int, str]) -> str:
    return json.dumps(
        {
            "key": HUB_SIGNING_KEY,
            "algorithm": "ed25519",
            "public_keys": {str(v): k for v, k in public_keys.items()},
            "sha256_fingerprints": {str(v): key_fingerprint(k) for v, k in public_keys.items()},
        },
        indent=1,
    ) + "\n"


def _csv_bytes(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    # People open this file in a spreadsheet: no published text may run there as a formula.
    writer.writerows({name: spreadsheet_cell(value) for name, value in row.items()} for row in rows)
    # UTF-8 with BOM: what the national platforms' templates and Excel expect.
    return buffer.getvalue().encode("utf-8-sig")
