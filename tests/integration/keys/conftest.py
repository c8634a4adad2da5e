# Temporary: the lead will import these fixtures into tests/conftest.py.
from tests.openbao_fixture import openbao, openbao_server, transit  # noqa: F401
