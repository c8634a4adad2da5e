"""Architecture: redaction/ is usable without the hub: of the other packages it imports only the identity
facts' home, ``crypto.identifiers``."""

import redaction
from tests.imports import absolute_imports

FORBIDDEN = {"hub", "crypto", "keys", "connectors"}
ALLOWED = "crypto.identifiers"


def test_redaction_imports_no_hub_package() -> None:
    offending = [
        (source, name)
        for source, name in absolute_imports(redaction)
        if name.split(".")[0] in FORBIDDEN and name != ALLOWED and not name.startswith(ALLOWED + ".")
    ]
    assert offending == []
