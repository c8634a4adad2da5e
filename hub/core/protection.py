"""Tokenisation and field encryption on top of OpenBao transit.

The subject token is an HMAC computed inside OpenBao (the key never leaves it), in batches. Fields are
encrypted here with AES-256-GCM under a data key (DEK) that transit generates and wraps with the
department's key (KEK); the wrapped DEK is stored before its first use, the plaintext DEK is only cached
in memory, within the limits of `DekCache`.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, select

from crypto.dek_cache import DekCache
from crypto.errors import CryptoError
from crypto.fields import DataKey, FieldContext, decrypt_field, dek_id_of, encrypt_record_fields
from hub.core.db import transaction
from hub.core.errors import HubError
from hub.core.keyservice import key_service
from hub.core.models import DataKey as DataKeyRow
from hub.core.token_state import read_token_versions
from keys.names import SUBJECT_TOKEN_KEY
from keys.transit import Transit

T = TypeVar("T")


class SealedDataError(HubError):
    """A stored ciphertext could not be opened (tampered, moved, or its key is gone)."""

    default_code = "sealed_data.unreadable"


@dataclass(frozen=True)
class FieldOwner:
    """What a record's ciphertexts are bound to (besides the field name)."""

    record_id: str
    department: str
    schema_version: int

    def context(self, field: str) -> FieldContext:
        return FieldContext(
            record_id=self.record_id,
            field=field,
            schema_version=self.schema_version,
            department=self.department,
        )


class FieldProtector:
    def __init__(self, *, transit: Transit, engine: Engine, cache: DekCache, token_key_version: int) -> None:
        self._transit = transit
        self._engine = engine
        self._cache = cache
        self._token_key_version = token_key_version

    # -- key service calls (failures mapped by hub.core.keyservice) ------------------------------------

    def ensure_available(self) -> None:
        """Fail closed: no personal data is read or written while OpenBao is down or sealed."""
        with key_service():
            self._transit.health()

    def subject_tokens(self, subject_keys: Sequence[str]) -> list[str]:
        if not subject_keys:
            return []
        items = [key.encode() for key in subject_keys]
        # During a re-tokenise job new tokens are computed under the target version (hub.keyjobs).
        version = read_token_versions(self._engine, default=self._token_key_version).write
        with key_service():
            return self._transit.hmac(SUBJECT_TOKEN_KEY, items, key_version=version)

    def lookup_tokens(self, subject_key: str) -> list[str]:
        """The subject's token under each version a record may carry now: one, or two while re-tokenising."""
        versions = read_token_versions(self._engine, default=self._token_key_version).lookup
        item = [subject_key.encode()]
        with key_service():
            return [self._transit.hmac(SUBJECT_TOKEN_KEY, item, key_version=v)[0] for v in versions]

    # -- encryption ------------------------------------------------------------------------------------

    def data_key_for(self, kek_name: str, *, uses: int) -> DataKey:
        """The current DEK of this KEK with `uses` encryptions reserved; a new one when limits are hit."""
        dek = self._cache.take(kek_name, uses)
        if dek is not None:
            return dek
        with key_service():
            material = self._transit.generate_data_key(kek_name)
        dek_id = DataKeyRow.new_dek_id()
        # Committed on its own before first use: a batch that rolls back must not take the wrapped
        # DEK with it while the cached DEK goes on encrypting other batches.
        with transaction(self._engine) as session:
            session.add(
                DataKeyRow(
                    id=dek_id.hex(),
                    kek_name=kek_name,
                    kek_version=material.key_version,
                    wrapped=material.wrapped,
                )
            )
        dek = DataKey(dek_id=dek_id, key=material.plaintext)
        self._cache.install(kek_name, dek, uses=uses)
        self._cache.remember(dek_id, material.plaintext)
        return dek

    @staticmethod
    def seal_fields(*, dek: DataKey, owner: FieldOwner, fields: Mapping[str, str]) -> bytes:
        blobs = encrypt_record_fields(
            dek=dek,
            record_id=owner.record_id,
            schema_version=owner.schema_version,
            department=owner.department,
            fields={name: value.encode() for name, value in fields.items()},
        )
        return pack_fields(zip(fields, blobs, strict=True))

    # -- decryption ------------------------------------------------------------------------------------

    def open_fields(
        self,
        session: Session,
        *,
        owner: FieldOwner,
        sealed: bytes,
        only: Iterable[str] | None = None,
    ) -> dict[str, str]:
        wanted = set(only) if only is not None else None
        blobs = {name: blob for name, blob in unpack_fields(sealed) if wanted is None or name in wanted}
        self.load_data_keys(session, {dek_id_of(blob) for blob in blobs.values()})
        opened: dict[str, str] = {}
        for name, blob in blobs.items():
            try:
                opened[name] = decrypt_field(blob=blob, context=owner.context(name), key_for=self._key_for).decode()
            except (CryptoError, UnicodeDecodeError) as exc:
                raise SealedDataError() from exc
        return opened

    def _key_for(self, dek_id: bytes) -> bytes:
        key = self._cache.get(dek_id)
        if key is None:
            raise KeyError("data key not loaded")
        return key

    def load_data_keys(self, session: Session, dek_ids: set[bytes]) -> None:
        """Unwrap every DEK not in the cache, one batched transit call per KEK."""
        missing = [dek_id for dek_id in dek_ids if self._cache.get(dek_id) is None]
        if not missing:
            return
        rows = session.exec(select(DataKeyRow).where(DataKeyRow.id.in_([d.hex() for d in missing]))).all()  # type: ignore[attr-defined]
        by_kek: dict[str, list[DataKeyRow]] = {}
        for row in rows:
            by_kek.setdefault(row.kek_name, []).append(row)
        for kek_name, group in by_kek.items():
            wrapped = [row.wrapped for row in group]
            with key_service():
                keys = self._transit.unwrap_data_keys(kek_name, wrapped)
            for row, key in zip(group, keys, strict=True):
                self._cache.remember(bytes.fromhex(row.id), key)


# A record's sealed fields, one after another: u16 name length, UTF-8 name, u32 ciphertext length,
# ciphertext. Field names are catalog names, not personal data; each ciphertext names its own DEK.
_NAME_LENGTH = struct.Struct(">H")
_BLOB_LENGTH = struct.Struct(">I")


def pack_fields(fields: Iterable[tuple[str, bytes]]) -> bytes:
    parts: list[bytes] = []
    for name, blob in fields:
        encoded = name.encode()
        parts += (_NAME_LENGTH.pack(len(encoded)), encoded, _BLOB_LENGTH.pack(len(blob)), blob)
    return b"".join(parts)


def unpack_fields(sealed: bytes) -> Iterator[tuple[str, bytes]]:
    data = memoryview(sealed)
    offset = 0
    try:
        while offset < len(data):
            (name_length,) = _NAME_LENGTH.unpack_from(data, offset)
            offset += _NAME_LENGTH.size
            name = bytes(data[offset : offset + name_length]).decode()
            offset += name_length
            (blob_length,) = _BLOB_LENGTH.unpack_from(data, offset)
            offset += _BLOB_LENGTH.size
            blob = bytes(data[offset : offset + blob_length])
            if len(blob) != blob_length:
                raise SealedDataError()
            offset += blob_length
            yield name, blob
    except (struct.error, UnicodeDecodeError):
        raise SealedDataError() from None
