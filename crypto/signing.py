"""Ed25519 signatures for department requests, manifests and audit checkpoints (PyNaCl).

Only authenticity is checked here. Timestamp freshness and nonce replay need shared state (the hub's
database), so the hub enforces them after verify_request succeeds.
"""

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from nacl.exceptions import BadSignatureError
from nacl.exceptions import ValueError as NaclValueError
from nacl.signing import SigningKey, VerifyKey

from crypto.errors import SignatureError

HEADER_DEPARTMENT: Final = "X-Hub-Department"
HEADER_TIMESTAMP: Final = "X-Hub-Timestamp"
HEADER_NONCE: Final = "X-Hub-Nonce"
HEADER_CONTENT_SHA256: Final = "X-Hub-Content-SHA256"
HEADER_SIGNATURE: Final = "X-Hub-Signature"

SIGNED_HEADERS: Final = (
    HEADER_DEPARTMENT,
    HEADER_TIMESTAMP,
    HEADER_NONCE,
    HEADER_CONTENT_SHA256,
    HEADER_SIGNATURE,
)

# First line of every canonical request: a request signature can then never be replayed as a
# signature over a manifest or checkpoint made with the same key, and the scheme can evolve.
CANONICAL_REQUEST_LABEL: Final = "HUB-ED25519-REQUEST-V1"

_KEY_SIZE = 32
_SIGNATURE_SIZE = 64
_NONCE_BYTES = 16
_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,128}", re.ASCII)
_DEPARTMENT = re.compile(r"[A-Za-z0-9._:-]{1,128}", re.ASCII)
_SHA256_HEX = re.compile(r"[0-9a-f]{64}", re.ASCII)


@dataclass(frozen=True)
class SignedRequest:
    """What a verified request's signature vouches for."""

    department: str
    timestamp: int
    nonce: str


def _b64decode(value: str, *, size: int, error: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise SignatureError(error) from None
    if len(raw) != size:
        raise SignatureError(error)
    return raw


def _signing_key(private_key_b64: str) -> SigningKey:
    return SigningKey(_b64decode(private_key_b64, size=_KEY_SIZE, error="malformed private key"))


def _verify_key(public_key_b64: str) -> VerifyKey:
    return VerifyKey(_b64decode(public_key_b64, size=_KEY_SIZE, error="malformed public key"))


def content_sha256(body: bytes) -> str:
    """Lower-case hex SHA-256 of a request body, as carried in X-Hub-Content-SHA256."""
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    *, method: str, path: str, content_sha256: str, timestamp: int, nonce: str, department: str
) -> bytes:
    """The bytes a request signature covers: newline-joined parts, method upper-case.

    `path` is the raw path including the query string, exactly as sent. A part containing a line
    break would make two different requests encode alike, so it is refused.
    """
    parts = (
        CANONICAL_REQUEST_LABEL,
        method.upper(),
        path,
        content_sha256,
        str(int(timestamp)),
        nonce,
        department,
    )
    if any("\n" in part or "\r" in part for part in parts):
        raise SignatureError("malformed request")
    try:
        return "\n".join(parts).encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: not text any HTTP client could have sent.
        raise SignatureError("malformed request") from None


def generate_signing_key() -> tuple[str, str]:
    """A new Ed25519 key pair as (private key base64, public key base64)."""
    key = SigningKey.generate()
    return (
        base64.b64encode(bytes(key)).decode("ascii"),
        base64.b64encode(bytes(key.verify_key)).decode("ascii"),
    )


def public_key_of(private_key_b64: str) -> str:
    """The base64 public key belonging to a base64 private key."""
    return base64.b64encode(bytes(_signing_key(private_key_b64).verify_key)).decode("ascii")


def sign_request(
    *,
    private_key_b64: str,
    department: str,
    method: str,
    path: str,
    body: bytes,
    timestamp: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Sign a request; returns the five X-Hub-* headers to send with it."""
    if timestamp is None:
        timestamp = int(time.time())
    if nonce is None:
        nonce = secrets.token_hex(_NONCE_BYTES)
    # Refuse here what verify_request would refuse, so a connector learns of it before sending.
    _require_header_formats(department=department, timestamp=str(timestamp), nonce=nonce)
    digest = content_sha256(body)
    message = canonical_request(
        method=method,
        path=path,
        content_sha256=digest,
        timestamp=timestamp,
        nonce=nonce,
        department=department,
    )
    signature = _signing_key(private_key_b64).sign(message).signature
    return {
        HEADER_DEPARTMENT: department,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_NONCE: nonce,
        HEADER_CONTENT_SHA256: digest,
        HEADER_SIGNATURE: base64.b64encode(signature).decode("ascii"),
    }


def _require_header_formats(*, department: str, timestamp: str, nonce: str) -> None:
    if not isinstance(department, str) or _DEPARTMENT.fullmatch(department) is None:
        raise SignatureError("malformed department")
    if not isinstance(timestamp, str) or _TIMESTAMP.fullmatch(timestamp) is None:
        raise SignatureError("malformed timestamp")
    if not isinstance(nonce, str) or _NONCE.fullmatch(nonce) is None:
        raise SignatureError("malformed nonce")


def _signed_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Pick the X-Hub-* headers case-insensitively, as HTTP header names are."""
    wanted = {name.lower(): name for name in SIGNED_HEADERS}
    found: dict[str, str] = {}
    for name, value in headers.items():
        canonical = wanted.get(name.lower())
        if canonical is None:
            continue
        if canonical in found and found[canonical] != value:
            raise SignatureError(f"conflicting {canonical} headers")
        found[canonical] = value
    for name in SIGNED_HEADERS:
        if name not in found:
            raise SignatureError(f"missing {name} header")
    return found


def verify_request(
    *, public_key_b64: str, method: str, path: str, body: bytes, headers: Mapping[str, str]
) -> SignedRequest:
    """Check a request's X-Hub-* headers against its method, path and body; raise SignatureError."""
    verify_key = _verify_key(public_key_b64)
    found = _signed_headers(headers)
    department = found[HEADER_DEPARTMENT]
    timestamp = found[HEADER_TIMESTAMP]
    nonce = found[HEADER_NONCE]
    _require_header_formats(department=department, timestamp=timestamp, nonce=nonce)
    claimed_digest = found[HEADER_CONTENT_SHA256]
    if _SHA256_HEX.fullmatch(claimed_digest) is None:
        raise SignatureError("malformed content digest")
    if not hmac.compare_digest(claimed_digest, content_sha256(body)):
        raise SignatureError("body digest mismatch")
    signature = _b64decode(found[HEADER_SIGNATURE], size=_SIGNATURE_SIZE, error="malformed signature")
    message = canonical_request(
        method=method,
        path=path,
        content_sha256=claimed_digest,
        timestamp=int(timestamp),
        nonce=nonce,
        department=department,
    )
    try:
        verify_key.verify(message, signature)
    except (BadSignatureError, NaclValueError):
        raise SignatureError("bad signature") from None
    return SignedRequest(department=department, timestamp=int(timestamp), nonce=nonce)


def sign_bytes(private_key_b64: str, data: bytes) -> bytes:
    """Detached 64-byte Ed25519 signature over `data` (manifests, audit checkpoints)."""
    return _signing_key(private_key_b64).sign(data).signature


def verify_bytes(public_key_b64: str, data: bytes, signature: bytes) -> None:
    """Raise SignatureError unless `signature` is a valid signature over `data`."""
    verify_key = _verify_key(public_key_b64)
    if not isinstance(signature, bytes) or len(signature) != _SIGNATURE_SIZE:
        raise SignatureError("malformed signature")
    try:
        verify_key.verify(data, signature)
    except (BadSignatureError, NaclValueError):
        raise SignatureError("bad signature") from None
