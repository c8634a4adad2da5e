"""In-memory cache of plaintext data keys, with limits on age, uses and size.

Encryption side: one current DEK per KEK name, handed out until it is too old or its use budget is
spent (the budget keeps random 96-bit GCM nonces far from collision and bounds what one DEK exposes).
Decryption side: unwrapped DEKs by id, LRU-bounded, so reads do not call the key service every time.
"""

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from crypto.errors import CryptoError
from crypto.fields import DEK_ID_SIZE, KEY_SIZE, DataKey


@dataclass
class _CurrentDek:
    dek: DataKey
    installed_at: float
    uses_left: int


@dataclass(frozen=True)
class _RememberedKey:
    key: bytes
    remembered_at: float


def _require_positive(name: str, value: float) -> None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if not is_number or not math.isfinite(value) or value <= 0:
        raise CryptoError(f"DekCache {name} must be a positive finite number")


class DekCache:
    """Thread-safe DEK cache; all limits are checked in the constructor."""

    def __init__(
        self,
        *,
        max_age_seconds: float = 300,
        max_uses: int = 100_000,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        _require_positive("max_age_seconds", max_age_seconds)
        _require_positive("max_uses", max_uses)
        _require_positive("max_entries", max_entries)
        if not isinstance(max_uses, int) or not isinstance(max_entries, int):
            raise CryptoError("DekCache max_uses and max_entries must be integers")
        self._max_age = float(max_age_seconds)
        self._max_uses = max_uses
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._current: dict[str, _CurrentDek] = {}
        self._remembered: OrderedDict[bytes, _RememberedKey] = OrderedDict()

    @property
    def max_uses(self) -> int:
        return self._max_uses

    def _check_uses(self, uses: int) -> None:
        if isinstance(uses, bool) or not isinstance(uses, int) or uses < 0:
            raise CryptoError("uses must be a non-negative integer")
        if uses > self._max_uses:
            # No DEK could ever serve this; the caller must split the batch.
            raise CryptoError("uses exceeds the DEK use limit; split the batch")

    def _is_fresh(self, since: float) -> bool:
        return self._clock() - since < self._max_age

    def take(self, kek_name: str, uses: int) -> DataKey | None:
        """Return the current DEK for `kek_name` and charge `uses` to it, or None if it cannot serve.

        On None the caller generates a new DEK and calls install(); pass the same `uses` to install
        so the new DEK's budget is charged for the batch it is about to encrypt.
        """
        self._check_uses(uses)
        with self._lock:
            current = self._current.get(kek_name)
            if current is None:
                return None
            if not self._is_fresh(current.installed_at):
                del self._current[kek_name]
                return None
            if current.uses_left < uses:
                return None
            current.uses_left -= uses
            return current.dek

    def install(self, kek_name: str, dek: DataKey, *, uses: int = 0) -> None:
        """Make `dek` the current DEK for `kek_name`, already charged with `uses`."""
        if not isinstance(dek, DataKey):
            raise CryptoError("install needs a DataKey")
        self._check_uses(uses)
        with self._lock:
            self._current[kek_name] = _CurrentDek(
                dek=dek, installed_at=self._clock(), uses_left=self._max_uses - uses
            )

    def remember(self, dek_id: bytes, key: bytes) -> None:
        """Keep an unwrapped DEK for decryption, evicting the least recently used beyond max_entries."""
        if not isinstance(dek_id, bytes) or len(dek_id) != DEK_ID_SIZE:
            raise CryptoError(f"dek_id must be {DEK_ID_SIZE} bytes")
        if not isinstance(key, bytes) or len(key) != KEY_SIZE:
            raise CryptoError(f"data key must be {KEY_SIZE} bytes")
        with self._lock:
            self._remembered[dek_id] = _RememberedKey(key=key, remembered_at=self._clock())
            self._remembered.move_to_end(dek_id)
            while len(self._remembered) > self._max_entries:
                self._remembered.popitem(last=False)

    def get(self, dek_id: bytes) -> bytes | None:
        """The remembered key for `dek_id`, or None if unknown or older than max_age."""
        with self._lock:
            entry = self._remembered.get(dek_id)
            if entry is None:
                return None
            if not self._is_fresh(entry.remembered_at):
                del self._remembered[dek_id]
                return None
            self._remembered.move_to_end(dek_id)
            return entry.key

    def clear(self) -> None:
        """Forget every key (after a rotation, or when a worker shuts down)."""
        with self._lock:
            self._current.clear()
            self._remembered.clear()
