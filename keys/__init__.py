"""Everything that talks to OpenBao/Vault: transit calls, auth, and the managed local server."""

from keys.errors import (
    Forbidden,
    InvalidRequest,
    KeyNotFound,
    KeyServiceError,
    ManagedOpenBaoError,
    RateLimited,
    VaultUnavailable,
)
from keys.managed import ManagedOpenBao
from keys.names import HUB_SIGNING_KEY, SUBJECT_TOKEN_KEY, department_kek
from keys.transit import AppRoleCredentials, DataKeyMaterial, KeyInfo, Transit

__all__ = [
    "HUB_SIGNING_KEY",
    "SUBJECT_TOKEN_KEY",
    "AppRoleCredentials",
    "DataKeyMaterial",
    "Forbidden",
    "InvalidRequest",
    "KeyInfo",
    "KeyNotFound",
    "KeyServiceError",
    "ManagedOpenBao",
    "ManagedOpenBaoError",
    "RateLimited",
    "Transit",
    "VaultUnavailable",
    "department_kek",
]
