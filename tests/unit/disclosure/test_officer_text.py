"""Officers' reasons are stored in clear: private data in them is masked before storing."""

from __future__ import annotations

import pytest

from hub.disclosure.errors import InvalidDisclosureInput
from hub.disclosure.officer_text import officer_text


def test_private_data_in_a_reason_is_masked() -> None:
    text = officer_text("消费者电话13812345678，身份证号510107198502174411，不应公示", name="reason", required=True)
    assert text is not None
    assert "13812345678" not in text and "510107198502174411" not in text
    assert "［电话］" in text and "［身份证号］" in text


def test_a_plain_reason_is_kept_as_typed() -> None:
    assert officer_text("  误报：系公司名称  ", name="reason", required=True) == "误报：系公司名称"


def test_empty_and_too_long() -> None:
    assert officer_text("   ", name="reason", required=False) is None
    with pytest.raises(InvalidDisclosureInput, match="reason: required"):
        officer_text("", name="reason", required=True)
    with pytest.raises(InvalidDisclosureInput, match="longer than 500"):
        officer_text("长" * 501, name="reason", required=True)
