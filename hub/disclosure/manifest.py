"""Signed manifests of published exports, and their offline verification.

An export directory holds the data files, `manifest.json` (name, size and SHA-256 of every file)
and `manifest.sig`: an Ed25519 signature over the exact bytes of manifest.json, made by the hub's
publication key `hub-signing` inside OpenBao transit (the private key never leaves it), in transit's
format `vault:v<key version>:<base64 signature>`. Verification needs only the directory and the
publication public key (`hub publication public-key`): no hub, no OpenBao.

`publication-key.json` is written alongside for convenience, but whoever forged an export would have
written that file too: verification always needs a key the verifier trusts, either a key file obtained
from the hub (`hub publication public-key`) or the SHA-256 fingerprint of the key, pinned beforehand
(published by the hub's operator, read out on the phone); then the export's own key file is used only
for a key whose fingerprint is pinned.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
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
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


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


def key_fingerprint(public_key_b64: str) -> str:
    """SHA-256 of the raw Ed25519 public key, 64 hex digits: short enough to compare by eye or phone."""
    try:
        raw = base64.b64decode(public_key_b64, validate=True)
    except binascii.Error:
        raise ManifestError("manifest.public_key_format") from None
    return hashlib.sha256(raw).hexdigest()


def _normalised_fingerprint(text: str) -> str:
    """Accept `SHA256:AB:CD…`, upper case, colons or spaces; compare 64 lower-case hex digits."""
    value = text.strip().lower().removeprefix("sha256:").replace(":", "").replace(" ", "")
    if not _FINGERPRINT.match(value):
        raise ManifestError("manifest.fingerprint_format")
    return value


def pinned_export_keys(directory: Path, *, fingerprints: Iterable[str]) -> dict[int, str]:
    """The keys of the export's own key file whose fingerprints the verifier pinned (at least one)."""
    pinned = {_normalised_fingerprint(f) for f in fingerprints}
    offered = read_key_file(directory / KEY_FILE)
    trusted = {version: key for version, key in offered.items() if key_fingerprint(key) in pinned}
    if not trusted:
        raise ManifestError("manifest.fingerprint_unmatched", file=KEY_FILE)
    return trusted


def verify_directory(directory: Path, *, public_keys: Mapping[int, str]) -> Verification:
    """Check the signature over manifest.json with a trusted key, then every listed file; report every
    problem found. `public_keys` must come from outside the export (see the module's docstring)."""
    result = Verification()
    try:
        manifest_raw = (directory / MANIFEST).read_bytes()
        signature = (directory / SIGNATURE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        result.problems.append(f"{MANIFEST} or {SIGNATURE} missing or unreadable")
        return result
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
