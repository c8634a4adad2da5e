"""Pure cryptography for the hub (no I/O): field AEAD, DEK cache, signatures, sealed boxes.

Identity facts (公民身份号码, USCC, 证件, "today" in China) live in ``crypto.identifiers``.
"""

from crypto.dek_cache import DekCache
from crypto.errors import (
    CryptoError,
    DecryptionError,
    SealedBoxError,
    SignatureError,
)
from crypto.fields import (
    DataKey,
    FieldContext,
    decrypt_field,
    dek_id_of,
    encrypt_field,
    encrypt_fields,
    encrypt_record_fields,
)
from crypto.sealed import generate_box_keypair, open_sealed, seal
from crypto.signing import (
    HEADER_CONTENT_SHA256,
    HEADER_DEPARTMENT,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    SignedRequest,
    canonical_request,
    generate_signing_key,
    sign_bytes,
    sign_request,
    verify_bytes,
    verify_request,
)

__all__ = [
    "HEADER_CONTENT_SHA256",
    "HEADER_DEPARTMENT",
    "HEADER_NONCE",
    "HEADER_SIGNATURE",
    "HEADER_TIMESTAMP",
    "CryptoError",
    "DataKey",
    "DecryptionError",
    "DekCache",
    "FieldContext",
    "SealedBoxError",
    "SignatureError",
    "SignedRequest",
    "canonical_request",
    "decrypt_field",
    "dek_id_of",
    "encrypt_field",
    "encrypt_fields",
    "encrypt_record_fields",
    "generate_box_keypair",
    "generate_signing_key",
    "open_sealed",
    "seal",
    "sign_bytes",
    "sign_request",
    "verify_bytes",
    "verify_request",
]
