"""Department-side connectors: read a source, map it to the hub's record catalog, sign, push.

Speaks only the hub's public HTTP API; never imports `hub`. For departments pushing from their own code:

    from connectors import HubClient, Record

    with HubClient(base_url=url, department="scjg", signing_private_key_b64=key) as hub:
        outcome = hub.push_records([Record("admin_penalty", "SCJG-2023-0015", {...})])
        outcome.stored, outcome.duplicates, outcome.rejected   # rejected: {position: (Problem, ...)}

Everyone else uses the `hub connector` commands (connectors/cli.py) and a mapping file.
"""

from connectors.client import BatchOutcome, HubClient, RetryPolicy
from connectors.errors import ConnectorError, HubError, HubUnavailable, MappingError, SourceError
from connectors.records import Problem, Record

__all__ = [
    "BatchOutcome",
    "ConnectorError",
    "HubClient",
    "HubError",
    "HubUnavailable",
    "MappingError",
    "Problem",
    "Record",
    "RetryPolicy",
    "SourceError",
]
