"""The container of a record's sealed fields."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.core.protection import SealedDataError, pack_fields, unpack_fields


@given(st.lists(st.tuples(st.text(max_size=30), st.binary(max_size=300)), max_size=20))
def test_pack_and_unpack_round_trip(fields: list[tuple[str, bytes]]) -> None:
    assert list(unpack_fields(pack_fields(fields))) == fields


@pytest.mark.parametrize("cut", [1, 3, 10])
def test_a_truncated_container_is_an_error(cut: int) -> None:
    packed = pack_fields([("证件号码", b"x" * 40), ("违法事实", b"y" * 40)])
    with pytest.raises(SealedDataError):
        list(unpack_fields(packed[:-cut]))
