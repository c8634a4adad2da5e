"""Offline verification of a signed export (a local Ed25519 key stands in for OpenBao's hub-signing)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from crypto.signing import generate_signing_key, sign_bytes
from hub.disclosure.manifest import (
    KEY_FILE,
    MANIFEST,
    SIGNATURE,
    ManifestError,
    key_fingerprint,
    key_version_of,
    manifest_bytes,
    pinned_export_keys,
    verify_directory,
)


def _export(directory: Path) -> str:
    private, public = generate_signing_key()
    (directory / "a.csv").write_text("行政相对人名称\n张三\n", encoding="utf-8")
    (directory / "a.json").write_text('{"records": []}', encoding="utf-8")
    manifest = manifest_bytes(header={"batch_id": "b1"}, directory=directory, names=["a.csv", "a.json"])
    (directory / MANIFEST).write_bytes(manifest)
    signature = base64.b64encode(sign_bytes(private, manifest)).decode()
    (directory / SIGNATURE).write_text(f"vault:v2:{signature}\n")
    (directory / KEY_FILE).write_text(json.dumps({"public_keys": {"2": public}}))
    return public


def test_an_intact_export_verifies(tmp_path: Path) -> None:
    public = _export(tmp_path)
    result = verify_directory(tmp_path, public_keys={2: public})
    assert result.ok and result.files == 2 and result.key_version == 2
    # The export's own key file, for the key whose fingerprint the verifier pinned.
    pinned = pinned_export_keys(tmp_path, fingerprints=[key_fingerprint(public)])
    assert verify_directory(tmp_path, public_keys=pinned).ok


@pytest.mark.parametrize("name", ["a.csv", "a.json", MANIFEST])
def test_each_flipped_byte_is_caught(tmp_path: Path, name: str) -> None:
    public = _export(tmp_path)
    path = tmp_path / name
    for position in range(path.stat().st_size):
        data = bytearray(path.read_bytes())
        data[position] ^= 0x20
        path.write_bytes(bytes(data))
        assert not verify_directory(tmp_path, public_keys={2: public}).ok, position
        data[position] ^= 0x20
        path.write_bytes(bytes(data))
    assert verify_directory(tmp_path, public_keys={2: public}).ok


def test_wrong_key_version_or_signature_format(tmp_path: Path) -> None:
    public = _export(tmp_path)
    assert verify_directory(tmp_path, public_keys={1: public}).problems == ["no publication public key of version 2"]
    (tmp_path / SIGNATURE).write_text("not a signature")
    assert not verify_directory(tmp_path, public_keys={2: public}).ok
    with pytest.raises(ManifestError):
        key_version_of("vault:vX:abc")
    assert key_version_of("vault:v12:QUJD") == 12


def test_a_missing_manifest_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert verify_directory(tmp_path, public_keys={1: "x"}).problems == [
        "manifest.json or manifest.sig missing or unreadable"
    ]
