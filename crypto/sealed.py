"""X25519 sealed boxes (PyNaCl): anonymous encryption to a recipient's public key.

Used where something must reach one holder only, e.g. an export for a department or a data
subject's own report: the sender needs no key of its own and cannot open the box afterwards.
"""

import base64
import binascii

from nacl.exceptions import CryptoError as NaclCryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from crypto.errors import SealedBoxError

_KEY_SIZE = 32


def _decode_key(value: str, *, error: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise SealedBoxError(error) from None
    if len(raw) != _KEY_SIZE:
        raise SealedBoxError(error)
    return raw


def generate_box_keypair() -> tuple[str, str]:
    """A new X25519 key pair as (private key base64, public key base64)."""
    key = PrivateKey.generate()
    return (
        base64.b64encode(bytes(key)).decode("ascii"),
        base64.b64encode(bytes(key.public_key)).decode("ascii"),
    )


def seal(*, recipient_public_key_b64: str, data: bytes) -> bytes:
    """Encrypt `data` so that only the holder of the matching private key can open it."""
    public_key = PublicKey(_decode_key(recipient_public_key_b64, error="malformed public key"))
    return bytes(SealedBox(public_key).encrypt(data))


def open_sealed(*, private_key_b64: str, blob: bytes) -> bytes:
    """Open a sealed box; SealedBoxError if the key is malformed or the box was not sealed to it."""
    private_key = PrivateKey(_decode_key(private_key_b64, error="malformed private key"))
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise SealedBoxError("sealed box could not be opened")
    try:
        return SealedBox(private_key).decrypt(bytes(blob))
    except (NaclCryptoError, ValueError, TypeError):
        raise SealedBoxError("sealed box could not be opened") from None
