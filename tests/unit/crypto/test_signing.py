"""Ed25519 request signatures and detached signatures."""

import base64
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto import (
    HEADER_CONTENT_SHA256,
    HEADER_DEPARTMENT,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    CryptoError,
    SignatureError,
    SignedRequest,
    canonical_request,
    generate_signing_key,
    sign_bytes,
    sign_request,
    verify_bytes,
    verify_request,
)
from crypto.signing import public_key_of

PRIVATE, PUBLIC = generate_signing_key()
OTHER_PRIVATE, OTHER_PUBLIC = generate_signing_key()
BODY = b'{"records": [{"type": "admin_penalty"}]}'
PATH = "/api/v1/records?batch=7&dry_run=false"

# RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
RFC8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        b"",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        b"\x72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
]


def b64(hex_text: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_text)).decode()


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032)
def test_detached_signatures_match_rfc8032(secret: str, public: str, message: bytes, signature: str) -> None:
    assert public_key_of(b64(secret)) == b64(public)
    assert sign_bytes(b64(secret), message) == bytes.fromhex(signature)
    verify_bytes(b64(public), message, bytes.fromhex(signature))


def test_generated_keys_are_32_byte_base64_and_pair_up() -> None:
    assert len(base64.b64decode(PRIVATE, validate=True)) == 32
    assert len(base64.b64decode(PUBLIC, validate=True)) == 32
    assert public_key_of(PRIVATE) == PUBLIC
    assert PRIVATE != OTHER_PRIVATE


def test_verify_bytes_rejects_other_data_key_and_shape() -> None:
    signature = sign_bytes(PRIVATE, b"manifest")
    verify_bytes(PUBLIC, b"manifest", signature)
    with pytest.raises(SignatureError, match=r"^bad signature$"):
        verify_bytes(PUBLIC, b"manifesT", signature)
    with pytest.raises(SignatureError, match=r"^bad signature$"):
        verify_bytes(OTHER_PUBLIC, b"manifest", signature)
    with pytest.raises(SignatureError, match=r"^malformed signature$"):
        verify_bytes(PUBLIC, b"manifest", signature[:-1])
    with pytest.raises(SignatureError, match=r"^malformed public key$"):
        verify_bytes("not base64!", b"manifest", signature)


def test_canonical_request_layout() -> None:
    digest = hashlib.sha256(BODY).hexdigest()
    canonical = canonical_request(
        method="post", path=PATH, content_sha256=digest, timestamp=1_764_000_000, nonce="ab" * 16,
        department="scjg",
    )
    assert canonical == (
        f"HUB-ED25519-REQUEST-V1\nPOST\n{PATH}\n{digest}\n1764000000\n{'ab' * 16}\nscjg"
    ).encode()


@pytest.mark.parametrize("part", ["method", "path", "nonce", "department", "content_sha256"])
def test_canonical_request_refuses_line_breaks(part: str) -> None:
    values = {
        "method": "POST", "path": "/x", "content_sha256": "0" * 64, "nonce": "n" * 16, "department": "d",
    }
    values[part] = values[part] + "\nextra"
    with pytest.raises(SignatureError):
        canonical_request(timestamp=1, **values)


def test_canonical_request_refuses_lone_surrogates() -> None:
    with pytest.raises(SignatureError, match=r"^malformed request$"):
        canonical_request(
            method="GET", path="/\ud800", content_sha256="0" * 64, timestamp=1, nonce="n" * 16, department="d"
        )


def signed(**overrides: object) -> dict[str, str]:
    arguments: dict[str, object] = {
        "private_key_b64": PRIVATE, "department": "scjg", "method": "POST", "path": PATH, "body": BODY,
    }
    arguments.update(overrides)
    return sign_request(**arguments)  # type: ignore[arg-type]


def test_sign_request_returns_all_five_headers_with_fresh_defaults() -> None:
    first, second = signed(), signed()
    assert set(first) == {HEADER_DEPARTMENT, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_CONTENT_SHA256,
                          HEADER_SIGNATURE}
    assert first[HEADER_DEPARTMENT] == "scjg"
    assert first[HEADER_CONTENT_SHA256] == hashlib.sha256(BODY).hexdigest()
    assert len(first[HEADER_NONCE]) == 32
    int(first[HEADER_NONCE], 16)
    assert first[HEADER_NONCE] != second[HEADER_NONCE]
    assert first[HEADER_TIMESTAMP].isdigit()


def test_round_trip_returns_the_signed_facts() -> None:
    headers = signed(timestamp=1_764_000_000, nonce="c" * 32)
    result = verify_request(public_key_b64=PUBLIC, method="post", path=PATH, body=BODY, headers=headers)
    assert result == SignedRequest(department="scjg", timestamp=1_764_000_000, nonce="c" * 32)


def test_header_names_are_case_insensitive() -> None:
    headers = {name.lower(): value for name, value in signed().items()}
    verify_request(public_key_b64=PUBLIC, method="POST", path=PATH, body=BODY, headers=headers)


PATH_CHARACTERS = st.characters(exclude_characters="\r\n", exclude_categories=["Cs"])


@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    path=st.text(PATH_CHARACTERS, min_size=1, max_size=80),
    body=st.binary(max_size=256),
    department=st.from_regex(r"\A[A-Za-z0-9._:-]{1,20}\Z"),
)
def test_round_trip_over_arbitrary_requests(method: str, path: str, body: bytes, department: str) -> None:
    headers = sign_request(
        private_key_b64=PRIVATE, department=department, method=method, path=path, body=body
    )
    result = verify_request(public_key_b64=PUBLIC, method=method, path=path, body=body, headers=headers)
    assert result.department == department


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"method": "PUT"}, "bad signature"),
        ({"path": "/api/v1/records?batch=8&dry_run=false"}, "bad signature"),
        ({"path": "/api/v1/records"}, "bad signature"),
        ({"body": BODY + b" "}, "body digest mismatch"),
        ({"public_key_b64": OTHER_PUBLIC}, "bad signature"),
    ],
)
def test_any_change_to_what_was_signed_is_rejected(change: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "public_key_b64": PUBLIC, "method": "POST", "path": PATH, "body": BODY, "headers": signed(),
    }
    arguments.update(change)
    with pytest.raises(SignatureError, match=f"^{message}$"):
        verify_request(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        (HEADER_DEPARTMENT, "gaj", "bad signature"),
        (HEADER_TIMESTAMP, "1764000001", "bad signature"),
        (HEADER_NONCE, "d" * 32, "bad signature"),
        (HEADER_CONTENT_SHA256, hashlib.sha256(b"other").hexdigest(), "body digest mismatch"),
        (HEADER_DEPARTMENT, "", "malformed department"),
        (HEADER_DEPARTMENT, "市场监管", "malformed department"),
        (HEADER_TIMESTAMP, "-1", "malformed timestamp"),
        (HEADER_TIMESTAMP, "1.5", "malformed timestamp"),
        (HEADER_TIMESTAMP, "9" * 13, "malformed timestamp"),
        (HEADER_NONCE, "short", "malformed nonce"),
        (HEADER_NONCE, "n" * 129, "malformed nonce"),
        (HEADER_NONCE, "n" * 16 + "\n", "malformed nonce"),
        (HEADER_CONTENT_SHA256, "A" * 64, "malformed content digest"),
        (HEADER_CONTENT_SHA256, "0" * 63, "malformed content digest"),
        (HEADER_SIGNATURE, "!!!", "malformed signature"),
        (HEADER_SIGNATURE, base64.b64encode(b"\x00" * 63).decode(), "malformed signature"),
        (HEADER_SIGNATURE, base64.b64encode(b"\x00" * 64).decode(), "bad signature"),
    ],
)
def test_tampered_or_malformed_headers_are_rejected(header: str, value: str, message: str) -> None:
    headers = signed(timestamp=1_764_000_000)
    headers[header] = value
    with pytest.raises(SignatureError, match=f"^{message}$"):
        verify_request(public_key_b64=PUBLIC, method="POST", path=PATH, body=BODY, headers=headers)


@pytest.mark.parametrize(
    "missing", [HEADER_DEPARTMENT, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_CONTENT_SHA256, HEADER_SIGNATURE]
)
def test_missing_header_is_rejected(missing: str) -> None:
    headers = signed()
    del headers[missing]
    with pytest.raises(SignatureError, match=f"^missing {missing} header$"):
        verify_request(public_key_b64=PUBLIC, method="POST", path=PATH, body=BODY, headers=headers)


def test_conflicting_duplicate_headers_are_rejected() -> None:
    headers = signed()
    headers[HEADER_NONCE.lower()] = "e" * 32
    with pytest.raises(SignatureError, match=r"^conflicting X-Hub-Nonce headers$"):
        verify_request(public_key_b64=PUBLIC, method="POST", path=PATH, body=BODY, headers=headers)


@pytest.mark.parametrize("public_key", ["", "AAAA", base64.b64encode(b"\x00" * 33).decode(), "é" * 44])
def test_malformed_public_key_is_rejected(public_key: str) -> None:
    with pytest.raises(SignatureError, match=r"^malformed public key$"):
        verify_request(public_key_b64=public_key, method="POST", path=PATH, body=BODY, headers=signed())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"private_key_b64": "AAAA"}, "malformed private key"),
        ({"department": "a b"}, "malformed department"),
        ({"nonce": "tiny"}, "malformed nonce"),
        ({"timestamp": -5}, "malformed timestamp"),
    ],
)
def test_sign_request_refuses_what_verification_would_refuse(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(SignatureError, match=f"^{message}$"):
        signed(**overrides)


def test_signature_error_is_a_crypto_error() -> None:
    assert issubclass(SignatureError, CryptoError)
