"""`hub publication verify` proves origin, not only integrity: it needs a key the verifier trusts.

An export carries `publication-key.json`, but whoever forged the export wrote that file too. Without a
key file from the hub (`--public-key`) or a pinned fingerprint (`--fingerprint`) verification refuses.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crypto.signing import generate_signing_key, sign_bytes
from hub.disclosure.cli import publication_app
from hub.disclosure.manifest import (
    KEY_FILE,
    MANIFEST,
    SIGNATURE,
    ManifestError,
    key_fingerprint,
    manifest_bytes,
    pinned_export_keys,
    verify_directory,
)


def _forged_export(directory: Path) -> str:
    """An export signed by someone's own key, with that key in the export: all consistent, none of it ours."""
    private, public = generate_signing_key()
    directory.mkdir()
    (directory / "a.csv").write_text("行政相对人名称\n张三\n", encoding="utf-8")
    manifest = manifest_bytes(header={"batch_id": "b1"}, directory=directory, names=["a.csv"])
    (directory / MANIFEST).write_bytes(manifest)
    (directory / SIGNATURE).write_text(f"vault:v1:{base64.b64encode(sign_bytes(private, manifest)).decode()}\n")
    (directory / KEY_FILE).write_text(json.dumps({"public_keys": {"1": public}}))
    return public


def _verify(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(publication_app, ["verify", *args])
    return result.exit_code, result.output


def test_without_a_trusted_key_verify_refuses(tmp_path: Path) -> None:
    export = tmp_path / "export"
    _forged_export(export)
    code, output = _verify(str(export))
    assert code != 0
    assert "OK" not in output
    assert "--public-key" in output and "--fingerprint" in output


def test_the_exports_own_key_counts_only_when_its_fingerprint_is_pinned(tmp_path: Path) -> None:
    export = tmp_path / "export"
    forged_key = _forged_export(export)
    _, hub_key = generate_signing_key()

    code, output = _verify(str(export), "--fingerprint", key_fingerprint(hub_key))
    assert code == 1 and "OK" not in output
    assert "fingerprint" in output

    code, output = _verify(str(export), "--fingerprint", key_fingerprint(forged_key).upper())
    assert code == 0 and "OK" in output


def test_a_trusted_key_file_from_elsewhere_rejects_the_forgery(tmp_path: Path) -> None:
    export = tmp_path / "export"
    _forged_export(export)
    _, hub_key = generate_signing_key()
    trusted = tmp_path / "hub-key.json"
    trusted.write_text(json.dumps({"public_keys": {"1": hub_key}}))
    code, output = _verify(str(export), "--public-key", str(trusted))
    assert code == 1 and "FAILED" in output and "signature does not verify" in output


def test_pinned_keys_and_fingerprints(tmp_path: Path) -> None:
    export = tmp_path / "export"
    public = _forged_export(export)
    fingerprint = key_fingerprint(public)
    assert len(fingerprint) == 64 and int(fingerprint, 16) >= 0
    assert pinned_export_keys(export, fingerprints=[f"SHA256:{fingerprint}"]) == {1: public}
    assert verify_directory(export, public_keys=pinned_export_keys(export, fingerprints=[fingerprint])).ok
    with pytest.raises(ManifestError, match="fingerprint"):
        pinned_export_keys(export, fingerprints=["00" * 32])
    with pytest.raises(ManifestError, match="fingerprint"):
        pinned_export_keys(export, fingerprints=["not hex"])
    with pytest.raises(TypeError):
        verify_directory(export)  # type: ignore[call-arg]
