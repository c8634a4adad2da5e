"""Where each finding sits in a redacted draft, so the review page can highlight it.

Findings carry offsets into the ORIGINAL text, which reviewers never see. The draft is the original
with each masked span replaced (policy §4: ［电话］-style labels, 李某 for persons), so the text between
two findings is unchanged and its length is known from the offsets; each replacement is then read off
the draft. When the draft does not have that shape (an operator changed, a span overlaps), the labels
are still highlighted, just without a link to their finding.

Last guard: a 公民身份号码 still in a draft (the check missed it) is masked on the page and flagged,
found by the same finder and the same rule as the publication guard, which would refuse it anyway.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crypto.identifiers import find_id_numbers

ID_NUMBER_MASK = "［疑似身份证号，已隐去］"
_LABEL = re.compile(r"［[^］\n]{1,12}］")


@dataclass(frozen=True)
class Placed:
    """A finding as far as placing it matters."""

    id: int
    start: int
    end: int
    entity_type: str


@dataclass(frozen=True)
class Segment:
    text: str
    finding_id: int | None = None
    entity_type: str | None = None
    replaced: bool = False  # a replacement (label, 李某) rather than the draft's own text
    id_number: bool = False  # masked here because it still held an identity number


def segments(draft: str, findings: Sequence[Placed]) -> list[Segment]:
    """The draft cut into plain text and highlighted replacements (masked findings of one field)."""
    placed = _place(draft, sorted(findings, key=lambda f: f.start))
    parts = placed if placed is not None else _labels_only(draft)
    return [piece for part in parts for piece in _mask_id_numbers(part)]


def _place(draft: str, findings: Sequence[Placed]) -> list[Segment] | None:
    parts: list[Segment] = []
    at_draft = at_original = 0
    for finding in findings:
        gap = finding.start - at_original
        if gap < 0 or finding.end <= finding.start:
            return None
        if at_draft + gap > len(draft):
            return None
        if gap:
            parts.append(Segment(draft[at_draft : at_draft + gap]))
        at_draft += gap
        end = _replacement_end(draft, at_draft)
        if end is None:
            return None
        parts.append(Segment(draft[at_draft:end], finding.id, finding.entity_type, replaced=True))
        at_draft, at_original = end, finding.end
    if at_draft < len(draft):
        parts.append(Segment(draft[at_draft:]))
    return parts


def _replacement_end(draft: str, start: int) -> int | None:
    label = _LABEL.match(draft, start)
    if label is not None:
        return label.end()
    # 李某, 欧阳某, 阿某: one or two surname characters, then 某.
    for width in (2, 3):
        if draft[start + width - 1 : start + width] == "某":
            return start + width
    return None


def _labels_only(draft: str) -> list[Segment]:
    parts: list[Segment] = []
    at = 0
    for label in _LABEL.finditer(draft):
        if label.start() > at:
            parts.append(Segment(draft[at : label.start()]))
        parts.append(Segment(label.group(), replaced=True))
        at = label.end()
    if at < len(draft):
        parts.append(Segment(draft[at:]))
    return parts


def _mask_id_numbers(part: Segment) -> list[Segment]:
    if part.replaced:
        return [part]
    text = part.text
    pieces: list[Segment] = []
    at = 0
    for match in find_id_numbers(text):
        if not match.accepted:
            continue
        if match.start > at:
            pieces.append(Segment(text[at : match.start]))
        pieces.append(Segment(ID_NUMBER_MASK, replaced=True, id_number=True))
        at = match.end
    if not pieces:
        return [part]
    if at < len(text):
        pieces.append(Segment(text[at:]))
    return pieces


def mask_id_numbers(text: str) -> tuple[str, bool]:
    """The text with any valid identity number masked, and whether one was."""
    pieces = _mask_id_numbers(Segment(text))
    return "".join(p.text for p in pieces), any(p.id_number for p in pieces)
