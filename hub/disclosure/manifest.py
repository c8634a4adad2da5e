"""Signed manifests of published exports, and their offline verification.

An export directory holds the data files, `manifest.json` (name, size and SHA-256 of every file)
and `manifest.sig`: an Ed25519 signature over the exact bytes of manifest.json, made by the hub's
publication key `hub-signing` inside OpenBao transit (the private key never leaves it), in transit's
format `vault:v<key version>:<base64 signature>`. Verification needs only the directory and the
publication public key (`hub publication public-key`): no hub, no OpenBao.

`publication-key.json` is written alongside for convenience. A verifier that takes the key from the
directory itself proves integrity, not origin; pin the key you obtained from the hub to prove both.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from crypto.errors import SignatureError
from crypto.signing import verify_bytes
from hub.disclosure.errors import DisclosureError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
KEY_FILE = "publication-key.json"
FORMAT = "hub-publication-manifest/1"
_TRANSIT_SIGNATURE = re.compile(r"^vault:v([0-9]{1,6}):([A-Za-z0-9+/=]{1,200})$")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]{1,120}$")


class ManifestError(DisclosureError):
    """An export directory or key file that is not what the hub writes."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_bytes(*, header: Mapping[str, object], directory: Path, names: list[str]) -> bytes:
    """The canonical manifest of `names` in `directory` (sorted keys, UTF-8, no spaces)."""
    files = [
        {"name": name, "bytes": (directory / name).stat().st_size, "sha256": sha256_file(directory / name)}
        for name in names
    ]
    body = {**header, "format": FORMAT, "files": files}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def key_version_of(signature: str) -> int:
    match = _TRANSIT_SIGNATURE.match(signature.strip())
    if match is None:
        raise ManifestError("manifest.signature_format")
    return int(match.group(1))


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    files: int = 0
    key_version: int | None = None
    key_source: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def read_key_file(path: Path) -> dict[int, str]:
    """Publication public keys by version, from a key file written by an export or `public-key`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {int(v): str(k) for v, k in data["public_keys"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise ManifestError("manifest.key_file", file=path.name) from None


def verify_directory(directory: Path, *, public_keys: Mapping[int, str] | None = None) -> Verification:
    """Check the signature over manifest.json and every listed file; report every problem found.

    Without `public_keys`, the key file inside the directory is used (integrity only, see above).
    """
    result = Verification()
    try:
        manifest_raw = (directory / MANIFEST).read_bytes()
        signature = (directory / SIGNATURE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        result.problems.append(f"{MANIFEST} or {SIGNATURE} missing or unreadable")
        return result
    if public_keys is None:
        public_keys = read_key_file(directory / KEY_FILE)
        result.key_source = f"{KEY_FILE} in the export (integrity only: pin the hub's key to check origin)"
    else:
        result.key_source = "the given publication key"
    match = _TRANSIT_SIGNATURE.match(signature)
    if match is None:
        result.problems.append(f"{SIGNATURE}: not a transit signature")
        return result
    version = int(match.group(1))
    result.key_version = version
    public_key = public_keys.get(version)
    if public_key is None:
        result.problems.append(f"no publication public key of version {version}")
        return result
    try:
        verify_bytes(public_key, manifest_raw, base64.b64decode(match.group(2), validate=True))
    except (SignatureError, binascii.Error):
        result.problems.append(f"{MANIFEST}: signature does not verify")
        return result
    try:
        manifest = json.loads(manifest_raw)
        files = manifest["files"]
        if manifest.get("format") != FORMAT:
            raise ValueError("format")
    except (ValueError, KeyError, TypeError):
        result.problems.append(f"{MANIFEST}: not a publication manifest")
        return result
    listed = set()
    for entry in files:
        name = str(entry.get("name", ""))
        if not _SAFE_NAME.match(name) or name in (MANIFEST, SIGNATURE):
            result.problems.append("manifest lists an unsafe file name")
            continue
        listed.add(name)
        path = directory / name
        if not path.is_file():
            result.problems.append(f"{name}: missing")
            continue
        if path.stat().st_size != entry.get("bytes") or sha256_file(path) != entry.get("sha256"):
            result.problems.append(f"{name}: changed (size or SHA-256 differs from the manifest)")
            continue
        result.files += 1
    for path in sorted(directory.iterdir()):
        if path.name not in listed and path.name not in (MANIFEST, SIGNATURE, KEY_FILE):
            result.problems.append(f"{path.name}: not listed in the manifest")
    return result
