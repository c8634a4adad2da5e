"""Architecture: redaction/ is usable without the hub: of the other packages it imports only the identity
facts' home, ``crypto.identifiers``."""

import ast
from pathlib import Path

import redaction

FORBIDDEN = {"hub", "crypto", "keys", "connectors"}
ALLOWED = "crypto.identifiers"


def test_redaction_imports_no_hub_package() -> None:
    package = Path(redaction.__file__).parent
    offending = []
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offending += [
                (source.name, n)
                for n in names
                if n.split(".")[0] in FORBIDDEN and n != ALLOWED and not n.startswith(ALLOWED + ".")
            ]
    assert offending == []
