"""Password hashing with argon2id (libsodium via PyNaCl): the hash string carries its own parameters."""

from __future__ import annotations

from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


@dataclass(frozen=True)
class HashCost:
    opslimit: int
    memlimit: int


# libsodium's "interactive" profile: about 0.3 s and 64 MiB on this machine.
INTERACTIVE = HashCost(nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE)
# What new hashes use; tests lower it (the algorithm stays argon2id, verification reads the stored cost).
cost = INTERACTIVE


def hash_password(password: str) -> str:
    return nacl.pwhash.argon2id.str(password.encode(), opslimit=cost.opslimit, memlimit=cost.memlimit).decode()


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return bool(nacl.pwhash.verify(password_hash.encode(), password.encode()))
    except (nacl.exceptions.InvalidkeyError, nacl.exceptions.CryptoError, ValueError):
        return False


# Verified against when the user name is unknown, so that the answer takes as long as for a known one.
_DUMMY_HASH: str | None = None


def burn_time(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not-a-real-password-at-all")
    verify_password(_DUMMY_HASH, password)
