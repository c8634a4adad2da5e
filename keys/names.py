"""Names of the hub's transit keys, and the one rule every key name must follow."""

from __future__ import annotations

import re

from keys.errors import InvalidRequest

SUBJECT_TOKEN_KEY = "subject-token"  # noqa: S105 (a key name, not a secret)
"""HMAC key that turns a normalised 公民身份号码 into the subject token."""

HUB_SIGNING_KEY = "hub-signing"
"""Ed25519 key that signs publications and audit checkpoints."""

HUB_SIGNING_KEY_TYPE = "ed25519"
SUBJECT_TOKEN_KEY_TYPE = "aes256-gcm96"  # noqa: S105
DEPARTMENT_KEK_PREFIX = "dept-"

_KEY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_DEPARTMENT_CODE = re.compile(r"^[a-z0-9-]+$")


def validate_key_name(key_name: str) -> str:
    """Return the name unchanged, or raise InvalidRequest before any request is sent."""
    if not isinstance(key_name, str) or not _KEY_NAME.fullmatch(key_name):
        # The rejected value is not echoed: a caller might pass something personal by mistake.
        raise InvalidRequest("invalid transit key name: expected ^[a-z0-9][a-z0-9-]{0,62}$")
    return key_name


def department_kek(code: str) -> str:
    """The transit key (KEK) that wraps a department's DEKs, e.g. `dept-gaj`."""
    if not isinstance(code, str) or not _DEPARTMENT_CODE.fullmatch(code):
        raise InvalidRequest("invalid department code: expected [a-z0-9-]+")
    return validate_key_name(DEPARTMENT_KEK_PREFIX + code)
