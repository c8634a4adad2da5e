"""Placing findings (offsets into the original) in the redacted draft the reviewer sees."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hub.web.highlight import ID_NUMBER_MASK, Placed, mask_id_numbers, segments
from redaction.operators import apply_operators
from tests.factories import id_number

ORIGINAL = "当事人张三在雁江区和平路12号销售过期食品，证人欧阳娜娜，联系电话13812345678，邮箱zs@163.com。"


def _span(text: str, part: str, entity: str, finding_id: int) -> Placed:
    start = text.index(part)
    return Placed(finding_id, start, start + len(part), entity)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([("和平路12号", "ADDRESS"), ("欧阳娜娜", "PERSON"), ("13812345678", "PHONE_NUMBER"),
          ("zs@163.com", "EMAIL_ADDRESS")], ["［住址］", "欧阳某", "［电话］", "［邮箱］"]),
        ([("张三", "PERSON")], ["张某"]),
        ([("13812345678", "PHONE_NUMBER")], ["［电话］"]),
        ([], []),
    ],
)
def test_each_finding_is_found_where_the_draft_replaced_it(parts: list[tuple[str, str]], expected: list[str]) -> None:
    placed = [_span(ORIGINAL, part, entity, i) for i, (part, entity) in enumerate(parts, start=1)]
    draft = apply_operators(ORIGINAL, [(p.start, p.end, p.entity_type, 0.9) for p in placed])
    cut = segments(draft, placed)
    assert "".join(s.text for s in cut) == draft  # nothing lost, nothing added
    assert [s.text for s in cut if s.replaced] == expected
    assert [s.finding_id for s in cut if s.replaced] == [p.id for p in placed]
    assert all(s.finding_id is None for s in cut if not s.replaced)


def test_a_draft_of_another_shape_still_highlights_its_labels() -> None:
    draft = "联系电话［电话］，住址［住址］。"
    # Offsets that do not fit this draft (e.g. the operator changed): labels only, no finding links.
    cut = segments(draft, [Placed(1, 40, 45, "PHONE_NUMBER")])
    assert [s.text for s in cut if s.replaced] == ["［电话］", "［住址］"]
    assert all(s.finding_id is None for s in cut)
    assert "".join(s.text for s in cut) == draft


@pytest.mark.parametrize(
    "shown",
    [
        lambda n: n,
        lambda n: f"{n[:6]} {n[6:14]} {n[14:]}",
        lambda n: n.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),  # full-width digits
    ],
)
def test_an_identity_number_left_in_a_draft_is_masked_on_the_page(shown: Callable[[str], str]) -> None:
    number = shown(id_number())
    text, found = mask_id_numbers(f"证人身份证{number}，罚款5000元。")
    assert found and number not in text
    assert text == f"证人身份证{ID_NUMBER_MASK}，罚款5000元。"
    cut = segments(f"联系电话［电话］，身份证{number}", [])
    assert number not in "".join(s.text for s in cut) and any(s.id_number for s in cut)


@pytest.mark.parametrize(
    "text",
    ["罚款5000元", "统一社会信用代码91512002MA6XXXXX1", "银行卡6222021234567890123", "编号123456789012345678"],
)
def test_other_numbers_stay(text: str) -> None:
    assert mask_id_numbers(text) == (text, False)
