"""X25519 sealed boxes."""

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto import CryptoError, SealedBoxError, generate_box_keypair, open_sealed, seal

PRIVATE, PUBLIC = generate_box_keypair()
OTHER_PRIVATE, OTHER_PUBLIC = generate_box_keypair()


def test_keypair_is_32_byte_base64() -> None:
    assert len(base64.b64decode(PRIVATE, validate=True)) == 32
    assert len(base64.b64decode(PUBLIC, validate=True)) == 32
    assert PRIVATE != OTHER_PRIVATE


@settings(max_examples=50)
@given(data=st.binary(max_size=1024))
def test_round_trip(data: bytes) -> None:
    blob = seal(recipient_public_key_b64=PUBLIC, data=data)
    assert open_sealed(private_key_b64=PRIVATE, blob=blob) == data


def test_box_does_not_contain_the_plaintext() -> None:
    data = "张伟 512002199003071230 13812345678".encode()
    assert data not in seal(recipient_public_key_b64=PUBLIC, data=data)


def test_sealing_is_randomised() -> None:
    first = seal(recipient_public_key_b64=PUBLIC, data=b"x")
    assert first != seal(recipient_public_key_b64=PUBLIC, data=b"x")


def test_other_private_key_cannot_open() -> None:
    blob = seal(recipient_public_key_b64=PUBLIC, data=b"report")
    with pytest.raises(SealedBoxError, match=r"^sealed box could not be opened$"):
        open_sealed(private_key_b64=OTHER_PRIVATE, blob=blob)


@pytest.mark.parametrize("position", [0, 31, 32, 47, -1])
def test_flipped_byte_cannot_open(position: int) -> None:
    blob = bytearray(seal(recipient_public_key_b64=PUBLIC, data=b"report"))
    blob[position] ^= 0x01
    with pytest.raises(SealedBoxError, match=r"^sealed box could not be opened$"):
        open_sealed(private_key_b64=PRIVATE, blob=bytes(blob))


@pytest.mark.parametrize("blob", [b"", b"\x00" * 47, "text"])
def test_short_or_non_bytes_blob_cannot_open(blob: bytes) -> None:
    with pytest.raises(SealedBoxError, match=r"^sealed box could not be opened$"):
        open_sealed(private_key_b64=PRIVATE, blob=blob)


@pytest.mark.parametrize("key", ["", "AAAA", "!!!", base64.b64encode(b"\x01" * 31).decode()])
def test_malformed_keys_are_rejected(key: str) -> None:
    with pytest.raises(SealedBoxError, match=r"^malformed public key$"):
        seal(recipient_public_key_b64=key, data=b"x")
    with pytest.raises(SealedBoxError, match=r"^malformed private key$"):
        open_sealed(private_key_b64=key, blob=b"\x00" * 64)


def test_sealed_box_error_is_a_crypto_error() -> None:
    assert issubclass(SealedBoxError, CryptoError)
