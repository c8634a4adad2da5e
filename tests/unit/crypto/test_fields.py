"""Field AEAD: format v1, context binding, one opaque error for every failure."""

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto import (
    CryptoError,
    DataKey,
    DecryptionError,
    FieldContext,
    decrypt_field,
    dek_id_of,
    encrypt_field,
    encrypt_fields,
    encrypt_record_fields,
)
from crypto.fields import _seal

DEK = DataKey(dek_id=bytes(range(16)), key=bytes(range(100, 132)))
CONTEXT = FieldContext(record_id="rec-0001", field="subject_name", schema_version=3, department="scjg")
PLAINTEXT = "张伟 13812345678".encode()

VERSION = slice(0, 1)
DEK_ID = slice(1, 17)
NONCE = slice(17, 29)


def key_for_dek(dek_id: bytes) -> bytes:
    if dek_id != DEK.dek_id:
        raise KeyError(dek_id)
    return DEK.key


# McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16 (AES-256, 96-bit IV, with AAD).
KAT_KEY = bytes.fromhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
KAT_NONCE = bytes.fromhex("cafebabefacedbaddecaf888")
KAT_PLAINTEXT = bytes.fromhex(
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
)
KAT_AD = bytes.fromhex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
KAT_CIPHERTEXT = bytes.fromhex(
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
)
KAT_TAG = bytes.fromhex("76fc6ece0f4e1768cddf8853bb2d551b")


def test_primitive_matches_known_answer_vector() -> None:
    assert _seal(KAT_KEY, KAT_NONCE, KAT_PLAINTEXT, KAT_AD) == KAT_CIPHERTEXT + KAT_TAG


def test_blob_layout_is_version_dek_id_nonce_then_sealed_body() -> None:
    blob = encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT)
    assert blob[VERSION] == b"\x01"
    assert blob[DEK_ID] == DEK.dek_id
    assert len(blob) == 1 + 16 + 12 + len(PLAINTEXT) + 16
    header = blob[:17]
    nonce = blob[NONCE]
    # The header is part of the associated data, ahead of the context encoding.
    assert blob[29:] == _seal(DEK.key, nonce, PLAINTEXT, header + CONTEXT.associated_data())


def test_nonces_differ_between_encryptions() -> None:
    blobs = {encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT)[NONCE] for _ in range(50)}
    assert len(blobs) == 50


def test_round_trip_and_dek_id() -> None:
    blob = encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT)
    assert dek_id_of(blob) == DEK.dek_id
    assert decrypt_field(blob=blob, context=CONTEXT, key_for=key_for_dek) == PLAINTEXT
    assert decrypt_field(blob=bytearray(blob), context=CONTEXT, key_for=key_for_dek) == PLAINTEXT  # type: ignore[arg-type]
    assert decrypt_field(blob=memoryview(blob), context=CONTEXT, key_for=key_for_dek) == PLAINTEXT  # type: ignore[arg-type]


contexts = st.builds(
    FieldContext,
    record_id=st.text(max_size=40),
    field=st.text(max_size=40),
    schema_version=st.integers(min_value=0, max_value=2**40),
    department=st.text(max_size=40),
)
data_keys = st.builds(
    DataKey, dek_id=st.binary(min_size=16, max_size=16), key=st.binary(min_size=32, max_size=32)
)


@given(dek=data_keys, plaintext=st.binary(max_size=512), context=contexts)
def test_round_trip_over_arbitrary_bytes_and_contexts(
    dek: DataKey, plaintext: bytes, context: FieldContext
) -> None:
    blob = encrypt_field(dek=dek, plaintext=plaintext, context=context)
    assert decrypt_field(blob=blob, context=context, key_for={dek.dek_id: dek.key}.__getitem__) == plaintext


@given(dek=data_keys, items=st.lists(st.tuples(contexts, st.binary(max_size=64)), max_size=8))
def test_batch_encryption_round_trips_in_order(dek: DataKey, items: list[tuple[FieldContext, bytes]]) -> None:
    blobs = encrypt_fields(dek=dek, items=iter(items))
    assert len(blobs) == len(items)
    for blob, (context, plaintext) in zip(blobs, items, strict=True):
        assert decrypt_field(blob=blob, context=context, key_for=lambda _: dek.key) == plaintext


@given(first=contexts, second=contexts)
def test_associated_data_is_injective(first: FieldContext, second: FieldContext) -> None:
    assert (first.associated_data() == second.associated_data()) == (first == second)


def test_associated_data_is_unambiguous_across_part_boundaries() -> None:
    one = FieldContext(record_id="ab", field="c", schema_version=1, department="d")
    two = FieldContext(record_id="a", field="bc", schema_version=1, department="d")
    three = FieldContext(record_id="a", field="b", schema_version=11, department="d")
    four = FieldContext(record_id="a", field="b", schema_version=1, department="1d")
    assert len({ctx.associated_data() for ctx in (one, two, three, four)}) == 4


@pytest.mark.parametrize(
    "position",
    [0, 1, 8, 16, 17, 23, 28, 29, 29 + len(PLAINTEXT) - 1, 29 + len(PLAINTEXT), -1],
    ids=["version", "dek_id-first", "dek_id-mid", "dek_id-last", "nonce-first", "nonce-mid",
         "nonce-last", "body-first", "body-last", "tag-first", "tag-last"],
)
def test_flipped_byte_in_any_region_raises(position: int) -> None:
    blob = bytearray(encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT))
    blob[position] ^= 0x01
    # A key_for that serves every id, so a changed dek_id fails on the header binding, not the lookup.
    with pytest.raises(DecryptionError):
        decrypt_field(blob=bytes(blob), context=CONTEXT, key_for=lambda _: DEK.key)


BLOB_SIZE = 1 + 16 + 12 + len(PLAINTEXT) + 16


@given(position=st.integers(min_value=0, max_value=BLOB_SIZE - 1), bit=st.integers(0, 7))
def test_any_flipped_bit_raises(position: int, bit: int) -> None:
    blob = bytearray(encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT))
    blob[position] ^= 1 << bit
    with pytest.raises(DecryptionError):
        decrypt_field(blob=bytes(blob), context=CONTEXT, key_for=lambda _: DEK.key)


@pytest.mark.parametrize(
    "other",
    [
        FieldContext(record_id="rec-0002", field="subject_name", schema_version=3, department="scjg"),
        FieldContext(record_id="rec-0001", field="subject_phone", schema_version=3, department="scjg"),
        FieldContext(record_id="rec-0001", field="subject_name", schema_version=4, department="scjg"),
        FieldContext(record_id="rec-0001", field="subject_name", schema_version=3, department="gaj"),
    ],
    ids=["record_id", "field", "schema_version", "department"],
)
def test_other_context_raises(other: FieldContext) -> None:
    blob = encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT)
    with pytest.raises(DecryptionError):
        decrypt_field(blob=blob, context=other, key_for=key_for_dek)


@pytest.mark.parametrize("length", [0, 1, 16, 17, 28, 29, 44])
def test_truncated_blob_raises(length: int) -> None:
    blob = encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT)
    with pytest.raises(DecryptionError):
        decrypt_field(blob=blob[:length], context=CONTEXT, key_for=key_for_dek)


def test_truncated_by_one_byte_raises() -> None:
    blob = encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT)
    with pytest.raises(DecryptionError):
        decrypt_field(blob=blob[:-1], context=CONTEXT, key_for=key_for_dek)


def test_empty_plaintext_round_trips_and_minimum_blob_is_accepted() -> None:
    blob = encrypt_field(dek=DEK, plaintext=b"", context=CONTEXT)
    assert len(blob) == 45
    assert decrypt_field(blob=blob, context=CONTEXT, key_for=key_for_dek) == b""


@pytest.mark.parametrize("version", [0, 2, 255])
def test_unknown_version_raises_even_when_otherwise_valid(version: int) -> None:
    blob = bytearray(encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT))
    blob[0] = version
    with pytest.raises(DecryptionError):
        dek_id_of(bytes(blob))
    with pytest.raises(DecryptionError):
        decrypt_field(blob=bytes(blob), context=CONTEXT, key_for=key_for_dek)


def test_wrong_key_raises() -> None:
    blob = encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT)
    with pytest.raises(DecryptionError):
        decrypt_field(blob=blob, context=CONTEXT, key_for=lambda _: os.urandom(32))


def raise_os_error(_: bytes) -> bytes:
    raise OSError("key service unreachable")


@pytest.mark.parametrize(
    "key_for",
    [
        {}.__getitem__,
        raise_os_error,
        lambda _: b"short",
        lambda _: "not bytes" * 4,
        lambda _: None,
    ],
    ids=["unknown-dek", "key-service-error", "short-key", "str-key", "none"],
)
def test_key_lookup_failures_raise_the_one_error(key_for: object) -> None:
    blob = encrypt_field(dek=DEK, plaintext=PLAINTEXT, context=CONTEXT)
    with pytest.raises(DecryptionError) as caught:
        decrypt_field(blob=blob, context=CONTEXT, key_for=key_for)  # type: ignore[arg-type]
    # Nothing from the lookup (which may name keys or hosts) rides along in a traceback.
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


@pytest.mark.parametrize("blob", [None, "text", 12345])
def test_non_bytes_blob_raises_the_one_error(blob: object) -> None:
    with pytest.raises(DecryptionError):
        dek_id_of(blob)  # type: ignore[arg-type]
    with pytest.raises(DecryptionError):
        decrypt_field(blob=blob, context=CONTEXT, key_for=key_for_dek)  # type: ignore[arg-type]


def test_decryption_error_message_is_fixed() -> None:
    error = DecryptionError()
    assert str(error) == "decryption failed"
    assert isinstance(error, CryptoError)


@pytest.mark.parametrize(
    ("dek_id", "key"),
    [(b"\x00" * 15, b"\x00" * 32), (b"\x00" * 17, b"\x00" * 32), (b"\x00" * 16, b"\x00" * 16),
     (b"\x00" * 16, b"\x00" * 33), ("0" * 16, b"\x00" * 32), (b"\x00" * 16, bytearray(32))],
)
def test_data_key_sizes_are_checked_at_construction(dek_id: bytes, key: bytes) -> None:
    with pytest.raises(CryptoError):
        DataKey(dek_id=dek_id, key=key)


def test_data_key_repr_hides_the_key() -> None:
    key = bytes.fromhex("ab" * 32)
    shown = repr(DataKey(dek_id=b"\x01" * 16, key=key))
    assert "ab" * 4 not in shown
    assert repr(key) not in shown
    assert "01" * 16 in shown
    assert "redacted" in shown


@pytest.mark.parametrize(
    "kwargs",
    [
        {"record_id": 1, "field": "f", "schema_version": 1, "department": "d"},
        {"record_id": "r", "field": None, "schema_version": 1, "department": "d"},
        {"record_id": "r", "field": "f", "schema_version": "1", "department": "d"},
        {"record_id": "r", "field": "f", "schema_version": True, "department": "d"},
        {"record_id": "r", "field": "f", "schema_version": -1, "department": "d"},
        {"record_id": "r", "field": "f", "schema_version": 1, "department": "\ud800"},
    ],
)
def test_field_context_rejects_bad_values(kwargs: dict[str, object]) -> None:
    with pytest.raises(CryptoError):
        FieldContext(**kwargs)  # type: ignore[arg-type]


@given(
    record_id=st.text(max_size=40),
    department=st.text(max_size=20),
    schema_version=st.integers(min_value=0, max_value=10_000),
    fields=st.dictionaries(st.text(max_size=20), st.binary(max_size=200), max_size=8),
)
def test_encrypt_record_fields_matches_field_by_field_decryption(
    record_id: str, department: str, schema_version: int, fields: dict[str, bytes]
) -> None:
    dek = DataKey(dek_id=os.urandom(16), key=os.urandom(32))
    blobs = encrypt_record_fields(
        dek=dek, record_id=record_id, schema_version=schema_version, department=department, fields=fields
    )
    for (name, value), blob in zip(fields.items(), blobs, strict=True):
        context = FieldContext(record_id=record_id, field=name, schema_version=schema_version, department=department)
        assert decrypt_field(blob=blob, context=context, key_for=lambda _id: dek.key) == value
        other = FieldContext(
            record_id=record_id + "x", field=name, schema_version=schema_version, department=department
        )
        with pytest.raises(DecryptionError):
            decrypt_field(blob=blob, context=other, key_for=lambda _id: dek.key)
