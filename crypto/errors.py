"""Errors of the crypto package.

Every message here is fixed text: an error raised while handling personal data must never carry that
data, so no exception in this package formats a caller's value into its message.
"""

from typing import Final, Literal, get_args


class CryptoError(Exception):
    """Base of every error raised by the crypto package."""


class DecryptionError(CryptoError):
    """One opaque error for every decryption failure.

    A distinct message per cause (bad tag, unknown key, wrong version) would hand an attacker an oracle,
    so the message is always the same and takes no arguments.
    """

    MESSAGE: Final = "decryption failed"

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)

    def __reduce__(self) -> tuple[type["DecryptionError"], tuple[()]]:
        # The default reduce passes self.args back to __init__, which accepts none.
        return (type(self), ())


IdNumberReason = Literal[
    "empty",
    "wrong length",
    "invalid characters",
    "invalid birth date",
    "check character mismatch",
]
ID_NUMBER_REASONS: Final[frozenset[str]] = frozenset(get_args(IdNumberReason))


class InvalidIdNumber(CryptoError):
    """A 公民身份号码 failed validation; `reason` says why and never contains the number."""

    def __init__(self, reason: IdNumberReason) -> None:
        # Guard against a caller passing the offending value as the "reason".
        if reason not in ID_NUMBER_REASONS:
            raise ValueError("unknown InvalidIdNumber reason")
        super().__init__(reason)
        self.reason: IdNumberReason = reason

    def __str__(self) -> str:
        return self.reason

    def __reduce__(self) -> tuple[type["InvalidIdNumber"], tuple[IdNumberReason]]:
        return (type(self), (self.reason,))


class SignatureError(CryptoError):
    """A signature or signed request could not be verified (fixed message per case)."""


class SealedBoxError(CryptoError):
    """A sealed box could not be made or opened (fixed message per case)."""
