"""Errors of the crypto package.

Every message here is fixed text: an error raised while handling personal data must never carry that
data, so no exception in this package formats a caller's value into its message.
"""

from typing import Final


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


class SignatureError(CryptoError):
    """A signature or signed request could not be verified (fixed message per case)."""


class SealedBoxError(CryptoError):
    """A sealed box could not be made or opened (fixed message per case)."""
