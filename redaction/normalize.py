"""Length-preserving normalisation of text from forms and scans.

Full-width digits, letters and the few symbols that occur inside numbers (＋－＠．) become their
ASCII forms, and the ideographic space becomes a space, one character for one character, so every
offset found in the normalised text is an offset into the original text too. NFKC is not used
because it can change the length (e.g. ligatures, circled numbers).
"""

_FULL_WIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Full-width brackets and punctuation carry meaning in Chinese text (（）、，。：); only the
# characters that appear inside identifiers are folded.
_KEEP_FULL_WIDTH = {ord(c) for c in "（）［］｛｝，。：；！？、"}
_TABLE = {k: v for k, v in _FULL_WIDTH_ASCII.items() if k not in _KEEP_FULL_WIDTH}
_TABLE[0x3000] = 0x20  # ideographic space


def fold_width(text: str) -> str:
    """Return ``text`` with full-width ASCII folded to half-width; same length, same offsets."""
    return text.translate(_TABLE)
