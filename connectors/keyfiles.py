"""Key files on the department's machine: base64 text, private ones readable by the owner only."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from connectors.errors import ConnectorError


def write_private_key(path: Path, key_b64: str, *, overwrite: bool = False) -> None:
    """Create the file with mode 0600 from the start (no window in which others could read it)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileExistsError:
        raise ConnectorError(f"{path} exists; refusing to overwrite a key (use --force)") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key_b64 + "\n")
    os.chmod(path, 0o600)  # O_TRUNC on an existing file keeps its old mode


def write_public_key(path: Path, key_b64: str, *, overwrite: bool = False) -> None:
    if path.exists() and not overwrite:
        raise ConnectorError(f"{path} exists; refusing to overwrite a key (use --force)")
    path.write_text(key_b64 + "\n", encoding="ascii")


def read_key_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConnectorError(f"cannot read key file {path} ({type(exc).__name__})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO) and path.suffix != ".pub":
        raise ConnectorError(f"key file {path} is readable by others; chmod 600 it")
    if not text:
        raise ConnectorError(f"key file {path} is empty")
    return text


def row_id_key(secret_text: str) -> bytes:
    """The key of row-hash record ids, derived from a secret (the signing key unless configured)."""
    return hashlib.sha256(b"hub-connector-row-id\x00" + secret_text.encode("ascii")).digest()
