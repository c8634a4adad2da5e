"""Key files on the department's machine: base64 text, readable by the owner only, never in the source tree.

`hub connector keygen --department scjg` writes to var/connector-keys/scjg (git ignores var/). A folder
inside a Python package (a folder with __init__.py, like the hub's own keys/) is refused unless the
operator insists: there the keys are one `git add .` away from being committed.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import stat
from pathlib import Path

from connectors.atomic import PRIVATE_FILE_MODE, make_private_folder
from connectors.errors import ConnectorError

KEYS_ROOT = Path("var") / "connector-keys"


def default_key_folder(department: str) -> Path:
    return KEYS_ROOT / department


def package_holding(folder: Path) -> Path | None:
    """The nearest folder at or above `folder` that is a Python package (has __init__.py), if any."""
    for candidate in (folder.resolve(), *folder.resolve().parents):
        if (candidate / "__init__.py").is_file():
            return candidate
    return None


def prepare_key_folder(folder: Path, *, allow_package: bool = False) -> None:
    """Create the folder 0700 (missing parents too), refusing one inside a Python package."""
    package = package_holding(folder)
    if package is not None and not allow_package:
        raise ConnectorError(
            f"{folder} is inside the Python package {package}; private keys there are one `git add .` from "
            f"being committed. Leave out --dir (keys go to {KEYS_ROOT}/<department>), choose a folder outside "
            "the source tree, or add --allow-package-dir"
        )
    make_private_folder(folder)


def write_key_file(path: Path, key_b64: str, *, overwrite: bool = False) -> None:
    """Create the file with mode 0600 from the start (no window in which others could read it).

    Public keys get the same mode: they are not secret, but nobody else needs them on this machine."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    except FileExistsError:
        raise ConnectorError(f"{path} exists; refusing to overwrite a key (use --force)") from None
    # The umask filters os.open's mode, and O_TRUNC keeps an existing file's mode: set it outright.
    os.fchmod(descriptor, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key_b64 + "\n")


def read_key_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConnectorError(f"cannot read key file {path} ({type(exc).__name__})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO) and path.suffix != ".pub":
        raise ConnectorError(f"key file {path} is readable by others; run: chmod 600 {shlex.quote(str(path))}")
    if not text:
        raise ConnectorError(f"key file {path} is empty")
    return text


def row_id_key(secret_text: str) -> bytes:
    """The key of row-hash record ids, derived from a secret (the signing key unless configured)."""
    return hashlib.sha256(b"hub-connector-row-id\x00" + secret_text.encode("ascii")).digest()
