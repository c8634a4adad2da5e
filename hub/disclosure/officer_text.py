"""Reasons and grounds that officers type: stored in clear, so private data in them is masked first.

An officer explaining a decision may quote what they saw ("消费者电话13812345678不应公示"). Those columns are
not encrypted, so the text goes through the redaction engine and is kept only in its masked form.
"""

from __future__ import annotations

from hub.core.error_table import FIELD_NAMES_ZH
from hub.disclosure.errors import InvalidDisclosureInput
from redaction import scan_text


def officer_text(value: str | None, *, name: str, required: bool, limit: int = 500) -> str | None:
    """The officer's text, trimmed, length-checked and with private data masked (None when empty)."""
    text = (value or "").strip()
    if not text:
        if required:
            raise InvalidDisclosureInput("form.required", field=name, field_zh=FIELD_NAMES_ZH.get(name, name))
        return None
    if len(text) > limit:
        raise InvalidDisclosureInput(
            "form.too_long", field=name, field_zh=FIELD_NAMES_ZH.get(name, name), limit=limit
        )
    masked = scan_text(text).redacted
    # A mask can be longer than what it replaces (a two-character name → 王某 is not; 13 digits → ［电话］ is).
    return masked[:limit]
