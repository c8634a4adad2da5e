"""What a package imports, read from its source (for the architecture tests)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType


def absolute_imports(package: ModuleType) -> Iterator[tuple[str, str]]:
    """(file name, imported module) for every absolute import in ``package``'s source files."""
    root = Path(package.__file__ or "").parent
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from ((source.name, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield source.name, node.module
