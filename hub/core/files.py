"""What the hub keeps on disk is for its own user only: folders 0700, files 0600, whatever the umask.

The database holds password hashes, session hashes and the audit trail; exports and the managed
OpenBao's files are no one else's business either. Modes are set explicitly (`chmod` after creating),
because a process's umask can be anything, 000 included.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from hub.core.errors import ConfigurationError

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create `path` (and missing parents) 0700. An existing folder is tightened to 0700 if it is ours,
    and refused otherwise: a shared folder like /tmp must neither hold the data nor be changed."""
    info = new_folder(path).stat()
    if stat.S_IMODE(info.st_mode) != FOLDER_MODE:
        if info.st_uid != os.geteuid() or info.st_mode & stat.S_ISVTX:
            raise ConfigurationError("config.data_dir_shared", folder=str(path))
        os.chmod(path, FOLDER_MODE)
    return path


def new_folder(path: Path) -> Path:
    """Create the folders of `path` that do not exist yet, 0700; existing ones are left as they are."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(folder, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure `path` exists with mode 0600 (created empty if missing; an existing one is tightened)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` (replaced if it exists), mode 0600 from the first byte on."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)  # O_CREAT's mode does not apply to an existing file
        handle.write(data)
