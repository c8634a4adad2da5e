"""Whole-file writes that a crash leaves either old or new, never half written.

Everything the connector writes is for the department's own staff: files are created 0600 and the
folders it creates 0700, whatever the umask (a lookup result holds personal data in clear).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def make_private_folder(path: Path) -> None:
    """Create `path` and its missing parents with mode 0700; folders that exist are left as they are."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_FOLDER_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process
        os.chmod(folder, PRIVATE_FOLDER_MODE)  # mkdir's mode is filtered by the umask


def write_text_atomically(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    make_private_folder(path.parent)
    descriptor, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)
        with os.fdopen(descriptor, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_json_atomically(path: Path, data: Any) -> None:
    write_text_atomically(path, json.dumps(data, ensure_ascii=False))
