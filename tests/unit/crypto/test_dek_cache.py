"""DekCache limits: age, uses and size, with a fake clock."""

import math
import threading

import pytest

from crypto import CryptoError, DataKey, DekCache


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_dek(n: int) -> DataKey:
    return DataKey(dek_id=n.to_bytes(16, "big"), key=bytes([n % 256]) * 32)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_age_seconds": 0},
        {"max_age_seconds": -1},
        {"max_age_seconds": math.nan},
        {"max_age_seconds": math.inf},
        {"max_uses": 0},
        {"max_uses": -5},
        {"max_uses": 1.5},
        {"max_entries": 0},
        {"max_entries": -1},
        {"max_entries": True},
    ],
)
def test_constructor_rejects_bad_limits(kwargs: dict[str, float]) -> None:
    with pytest.raises(CryptoError):
        DekCache(**kwargs)  # type: ignore[arg-type]


def test_take_without_a_current_dek_returns_none(clock: FakeClock) -> None:
    cache = DekCache(clock=clock)
    assert cache.take("dept-a", 1) is None


def test_take_counts_uses_until_the_budget_is_spent(clock: FakeClock) -> None:
    cache = DekCache(max_uses=10, clock=clock)
    dek = make_dek(1)
    cache.install("dept-a", dek)
    assert cache.take("dept-a", 4) is dek
    assert cache.take("dept-a", 6) is dek
    assert cache.take("dept-a", 1) is None


def test_take_refuses_a_batch_larger_than_what_is_left_but_serves_a_smaller_one(clock: FakeClock) -> None:
    cache = DekCache(max_uses=10, clock=clock)
    dek = make_dek(1)
    cache.install("dept-a", dek)
    assert cache.take("dept-a", 7) is dek
    assert cache.take("dept-a", 4) is None
    assert cache.take("dept-a", 3) is dek
    assert cache.take("dept-a", 1) is None


def test_take_of_zero_uses_serves_a_live_dek_without_charging(clock: FakeClock) -> None:
    cache = DekCache(max_uses=2, max_age_seconds=10, clock=clock)
    dek = make_dek(1)
    cache.install("dept-a", dek, uses=2)
    assert cache.take("dept-a", 0) is dek
    assert cache.take("dept-a", 1) is None
    clock.advance(10)
    assert cache.take("dept-a", 0) is None


def test_install_can_charge_the_batch_it_was_made_for(clock: FakeClock) -> None:
    cache = DekCache(max_uses=10, clock=clock)
    dek = make_dek(1)
    cache.install("dept-a", dek, uses=8)
    assert cache.take("dept-a", 3) is None
    assert cache.take("dept-a", 2) is dek


def test_take_expires_at_max_age(clock: FakeClock) -> None:
    cache = DekCache(max_age_seconds=300, clock=clock)
    dek = make_dek(1)
    cache.install("dept-a", dek)
    clock.advance(299.9)
    assert cache.take("dept-a", 1) is dek
    clock.advance(0.1)
    assert cache.take("dept-a", 1) is None


def test_new_install_replaces_the_current_dek(clock: FakeClock) -> None:
    cache = DekCache(max_uses=2, clock=clock)
    first, second = make_dek(1), make_dek(2)
    cache.install("dept-a", first)
    assert cache.take("dept-a", 2) is first
    assert cache.take("dept-a", 1) is None
    cache.install("dept-a", second)
    assert cache.take("dept-a", 2) is second


def test_kek_names_are_independent(clock: FakeClock) -> None:
    cache = DekCache(max_uses=3, clock=clock)
    a, b = make_dek(1), make_dek(2)
    cache.install("dept-a", a)
    cache.install("dept-b", b)
    assert cache.take("dept-a", 3) is a
    assert cache.take("dept-a", 1) is None
    assert cache.take("dept-b", 3) is b


@pytest.mark.parametrize("uses", [-1, True, 1.0, 11])
def test_take_rejects_bad_use_counts(clock: FakeClock, uses: int) -> None:
    cache = DekCache(max_uses=10, clock=clock)
    cache.install("dept-a", make_dek(1))
    with pytest.raises(CryptoError):
        cache.take("dept-a", uses)


@pytest.mark.parametrize("uses", [-1, 11])
def test_install_rejects_bad_use_counts(clock: FakeClock, uses: int) -> None:
    cache = DekCache(max_uses=10, clock=clock)
    with pytest.raises(CryptoError):
        cache.install("dept-a", make_dek(1), uses=uses)


def test_install_rejects_a_raw_key(clock: FakeClock) -> None:
    cache = DekCache(clock=clock)
    with pytest.raises(CryptoError):
        cache.install("dept-a", b"\x00" * 32)  # type: ignore[arg-type]


def test_remember_and_get(clock: FakeClock) -> None:
    cache = DekCache(clock=clock)
    dek = make_dek(7)
    assert cache.get(dek.dek_id) is None
    cache.remember(dek.dek_id, dek.key)
    assert cache.get(dek.dek_id) == dek.key


def test_remembered_keys_expire(clock: FakeClock) -> None:
    cache = DekCache(max_age_seconds=60, clock=clock)
    dek = make_dek(7)
    cache.remember(dek.dek_id, dek.key)
    clock.advance(59)
    assert cache.get(dek.dek_id) == dek.key
    clock.advance(1)
    assert cache.get(dek.dek_id) is None


def test_remember_again_refreshes_the_age(clock: FakeClock) -> None:
    cache = DekCache(max_age_seconds=60, clock=clock)
    dek = make_dek(7)
    cache.remember(dek.dek_id, dek.key)
    clock.advance(50)
    cache.remember(dek.dek_id, dek.key)
    clock.advance(50)
    assert cache.get(dek.dek_id) == dek.key


def test_lru_evicts_the_least_recently_used(clock: FakeClock) -> None:
    cache = DekCache(max_entries=3, clock=clock)
    deks = [make_dek(n) for n in range(4)]
    for dek in deks[:3]:
        cache.remember(dek.dek_id, dek.key)
    assert cache.get(deks[0].dek_id) == deks[0].key  # now most recently used
    cache.remember(deks[3].dek_id, deks[3].key)
    assert cache.get(deks[1].dek_id) is None
    assert cache.get(deks[0].dek_id) == deks[0].key
    assert cache.get(deks[2].dek_id) == deks[2].key
    assert cache.get(deks[3].dek_id) == deks[3].key


def test_size_never_exceeds_max_entries(clock: FakeClock) -> None:
    cache = DekCache(max_entries=5, clock=clock)
    deks = [make_dek(n) for n in range(50)]
    for dek in deks:
        cache.remember(dek.dek_id, dek.key)
    assert [dek for dek in deks if cache.get(dek.dek_id) is not None] == deks[-5:]


@pytest.mark.parametrize(("dek_id", "key"), [(b"\x00" * 15, b"\x00" * 32), (b"\x00" * 16, b"\x00" * 31)])
def test_remember_rejects_bad_sizes(clock: FakeClock, dek_id: bytes, key: bytes) -> None:
    cache = DekCache(clock=clock)
    with pytest.raises(CryptoError):
        cache.remember(dek_id, key)


def test_clear_forgets_both_sides(clock: FakeClock) -> None:
    cache = DekCache(clock=clock)
    dek = make_dek(1)
    cache.install("dept-a", dek)
    cache.remember(dek.dek_id, dek.key)
    cache.clear()
    assert cache.take("dept-a", 1) is None
    assert cache.get(dek.dek_id) is None


def test_concurrent_takes_never_overspend_the_budget() -> None:
    cache = DekCache(max_uses=1000)
    cache.install("dept-a", make_dek(1))
    granted: list[int] = []
    granted_lock = threading.Lock()

    def worker() -> None:
        for _ in range(200):
            if cache.take("dept-a", 3) is not None:
                with granted_lock:
                    granted.append(3)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(granted) == 999
