"""The version of a record that is published: the check's redacted record, changed by officers' decisions.

A field nobody changed keeps the redaction engine's own output. A field with a rejected finding
(a false positive) or a manual span is rendered again from the original text with the masks that
stand, through the engine's operators, so it reads the same way (李某, ［电话］ …).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from redaction.operators import apply_operators
from redaction.standard import NEVER_PUBLISHED

__all__ = ["NEVER_PUBLISHED", "Mark", "published_fields"]


@dataclass(frozen=True)
class Mark:
    """A finding as far as rendering cares."""

    field: str
    start: int
    end: int
    entity_type: str
    score: float
    action: str  # masked | dropped_field | needs_officer_decision
    origin: str  # check | manual
    status: str  # accepted | rejected


def published_fields(
    *, original: Mapping[str, str], redacted: Mapping[str, str], marks: Iterable[Mark]
) -> dict[str, str]:
    all_marks = list(marks)
    changed = {m.field for m in all_marks if m.origin == "manual" or m.status == "rejected"}
    dropped = {m.field for m in all_marks if m.action == "dropped_field" and m.status == "accepted"}
    result = {name: value for name, value in redacted.items() if name not in dropped}
    for name in sorted(changed):
        text = original.get(name)
        if text is None or name in dropped:
            continue
        standing = [
            m for m in all_marks
            if m.field == name and m.status == "accepted" and m.action == "masked" and 0 <= m.start < m.end <= len(text)
        ]
        result[name] = apply_operators(text, _without_overlaps(standing))
    # Policy §1: never published, whoever the party is. Dropped here too, whatever the check returned.
    for name in NEVER_PUBLISHED:
        result.pop(name, None)
    return result


def _without_overlaps(marks: list[Mark]) -> list[tuple[int, int, str, float]]:
    """Longest span first wins where spans overlap (a manual span over part of a found one)."""
    chosen: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mark.end <= c.start or c.end <= mark.start for c in chosen):
            chosen.append(mark)
    return [(m.start, m.end, m.entity_type, m.score) for m in sorted(chosen, key=lambda m: m.start)]
