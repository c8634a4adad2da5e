"""Pure cryptography for the hub (no I/O): field AEAD, DEK cache, signatures, sealed boxes, ID numbers."""

from crypto.dek_cache import DekCache
from crypto.errors import (
    CryptoError,
    DecryptionError,
    InvalidIdNumber,
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
from crypto.idnumber import birth_date, is_valid_id_number, normalize_id_number
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
    "InvalidIdNumber",
    "SealedBoxError",
    "SignatureError",
    "SignedRequest",
    "birth_date",
    "canonical_request",
    "decrypt_field",
    "dek_id_of",
    "encrypt_field",
    "encrypt_fields",
    "encrypt_record_fields",
    "generate_box_keypair",
    "generate_signing_key",
    "is_valid_id_number",
    "normalize_id_number",
    "open_sealed",
    "seal",
    "sign_bytes",
    "sign_request",
    "verify_bytes",
    "verify_request",
]
