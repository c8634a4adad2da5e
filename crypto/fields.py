"""Field encryption: AES-256-GCM under a data key (DEK), bound to where the field lives.

Ciphertext format v1::

    0x01 | dek_id (16) | nonce (12) | ciphertext | tag (16)

The associated data is the header (version and dek_id) followed by the field context, so a ciphertext
cannot be moved to another record, field, schema version or department, nor relabelled with another
DEK id, without failing authentication.
"""

import os
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from crypto.errors import CryptoError, DecryptionError

FORMAT_V1 = 1
DEK_ID_SIZE = 16
KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16

_VERSION_SIZE = 1
HEADER_SIZE = _VERSION_SIZE + DEK_ID_SIZE
MIN_BLOB_SIZE = HEADER_SIZE + NONCE_SIZE + TAG_SIZE

# Domain label of the context encoding: keeps these associated data apart from any other use of a DEK.
_CONTEXT_LABEL = b"credit-hub/field-context/v1"
_LENGTH_PREFIX = struct.Struct(">I")


@dataclass(frozen=True, repr=False)
class DataKey:
    """A plaintext data key and its identifier; the key itself never appears in repr."""

    dek_id: bytes
    key: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.dek_id, bytes) or len(self.dek_id) != DEK_ID_SIZE:
            raise CryptoError(f"dek_id must be {DEK_ID_SIZE} bytes")
        if not isinstance(self.key, bytes) or len(self.key) != KEY_SIZE:
            raise CryptoError(f"data key must be {KEY_SIZE} bytes")

    def __repr__(self) -> str:
        return f"DataKey(dek_id={self.dek_id.hex()}, key=<redacted>)"


@dataclass(frozen=True)
class FieldContext:
    """Where an encrypted field lives; bound into the AEAD associated data."""

    record_id: str
    field: str
    schema_version: int
    department: str

    def __post_init__(self) -> None:
        for name in ("record_id", "field", "department"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise CryptoError(f"FieldContext.{name} must be a string")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise CryptoError(f"FieldContext.{name} must be valid Unicode text") from None
        # bool is an int subclass; True as a schema version is a bug, not a version.
        if isinstance(self.schema_version, bool) or not isinstance(self.schema_version, int):
            raise CryptoError("FieldContext.schema_version must be an integer")
        if self.schema_version < 0:
            raise CryptoError("FieldContext.schema_version must not be negative")

    def associated_data(self) -> bytes:
        """Canonical, unambiguous encoding: each part is length-prefixed UTF-8."""
        return _RecordContext(self.record_id, self.schema_version, self.department).associated_data(
            self.field
        )


def _prefixed(part: bytes) -> bytes:
    return _LENGTH_PREFIX.pack(len(part)) + part


class _RecordContext:
    """The parts of a FieldContext shared by all fields of a record, encoded once."""

    __slots__ = ("_head", "_tail")

    def __init__(self, record_id: str, schema_version: int, department: str) -> None:
        self._head = _prefixed(_CONTEXT_LABEL) + _prefixed(record_id.encode("utf-8"))
        self._tail = _prefixed(str(schema_version).encode("ascii")) + _prefixed(department.encode("utf-8"))

    def associated_data(self, field: str) -> bytes:
        return self._head + _prefixed(field.encode("utf-8")) + self._tail


def _header(dek_id: bytes) -> bytes:
    return bytes((FORMAT_V1,)) + dek_id


def _seal(key: bytes, nonce: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    """The AES-256-GCM primitive (ciphertext || tag); private so a known-answer test can pin it."""
    return AESGCM(key).encrypt(nonce, plaintext, associated_data)


def _encrypt_with(aead: AESGCM, dek_id: bytes, plaintext: bytes, context: FieldContext) -> bytes:
    return _encrypt_ad(aead, _header(dek_id), plaintext, context.associated_data())


def _encrypt_ad(aead: AESGCM, header: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    # Random 96-bit nonces are safe because DekCache caps the uses of each DEK far below 2**32.
    nonce = os.urandom(NONCE_SIZE)
    return header + nonce + aead.encrypt(nonce, plaintext, header + associated_data)


def encrypt_field(*, dek: DataKey, plaintext: bytes, context: FieldContext) -> bytes:
    """Encrypt one field value for the given context in format v1."""
    return _encrypt_with(AESGCM(dek.key), dek.dek_id, plaintext, context)


def encrypt_fields(*, dek: DataKey, items: Iterable[tuple[FieldContext, bytes]]) -> list[bytes]:
    """Encrypt many (context, plaintext) pairs under one DEK, in order, reusing one cipher object."""
    aead = AESGCM(dek.key)
    return [_encrypt_with(aead, dek.dek_id, plaintext, context) for context, plaintext in items]


def encrypt_record_fields(
    *, dek: DataKey, record_id: str, schema_version: int, department: str, fields: Mapping[str, bytes]
) -> list[bytes]:
    """Encrypt all fields of one record (in the mapping's order): the hot path of ingest.

    Each result is exactly what encrypt_field gives for FieldContext(record_id, name, schema_version,
    department); the shared parts of the associated data are only encoded once.
    """
    FieldContext(
        record_id=record_id, field="", schema_version=schema_version, department=department
    )  # validates
    record = _RecordContext(record_id, schema_version, department)
    aead = AESGCM(dek.key)
    header = _header(dek.dek_id)
    return [_encrypt_ad(aead, header, value, record.associated_data(name)) for name, value in fields.items()]


def _as_bytes(blob: bytes) -> bytes:
    # Database drivers hand binary columns back as bytes, bytearray or memoryview.
    if isinstance(blob, bytes):
        return blob
    if isinstance(blob, bytearray | memoryview):
        return bytes(blob)
    raise DecryptionError()


def dek_id_of(blob: bytes) -> bytes:
    """The id of the DEK that made `blob`; DecryptionError if the blob is not a v1 ciphertext."""
    blob = _as_bytes(blob)
    if len(blob) < MIN_BLOB_SIZE or blob[0] != FORMAT_V1:
        raise DecryptionError()
    return blob[_VERSION_SIZE:HEADER_SIZE]


def decrypt_field(*, blob: bytes, context: FieldContext, key_for: Callable[[bytes], bytes]) -> bytes:
    """Decrypt a v1 ciphertext; every failure, including `key_for` failing, is DecryptionError."""
    blob = _as_bytes(blob)
    dek_id = dek_id_of(blob)
    try:
        key = key_for(dek_id)
    except Exception:
        # One opaque error by contract; callers that need to tell "key service down" apart should
        # log or count it inside their key_for before raising.
        raise DecryptionError() from None
    if not isinstance(key, bytes) or len(key) != KEY_SIZE:
        raise DecryptionError()
    nonce = blob[HEADER_SIZE : HEADER_SIZE + NONCE_SIZE]
    sealed = blob[HEADER_SIZE + NONCE_SIZE :]
    try:
        return AESGCM(key).decrypt(nonce, sealed, blob[:HEADER_SIZE] + context.associated_data())
    except InvalidTag:
        raise DecryptionError() from None
