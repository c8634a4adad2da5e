"""EMAIL_ADDRESS, with a pattern that works beside Han characters and an offline domain check.

presidio's ``EmailRecognizer`` pattern is bounded by ``\\b``, which never matches between a Han
character and a letter (邮箱abc@163.com), and its validation calls ``tldextract.extract``, whose
default extractor downloads the public-suffix list. Here the pattern has explicit look-arounds and
the domain is checked with an extractor that only reads the snapshot bundled with tldextract.
"""

from functools import lru_cache

import tldextract
from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from redaction.recognizers._base import LANGUAGE

_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+\-]*[A-Za-z0-9_])?"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"


@lru_cache(maxsize=1)
def offline_domain_extractor() -> tldextract.TLDExtract:
    """A tldextract extractor that never touches the network or a cache directory."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


_EMAIL_PATTERNS = [
    Pattern("email_zh", r"(?<![A-Za-z0-9._%+\-])" + _LOCAL + r"@" + _LABEL + r"(?:\." + _LABEL + r")+", 0.5),
]
_EMAIL_CONTEXT = ["邮箱", "邮件", "电子邮件", "email", "e-mail", "mail"]


class ZhEmailRecognizer(EmailRecognizer):
    """Recognizes e-mail addresses in Chinese text, validating the domain offline."""

    def __init__(self) -> None:
        super().__init__(
            patterns=_EMAIL_PATTERNS,
            context=_EMAIL_CONTEXT,
            supported_language=LANGUAGE,
            name="ZhEmailRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool:
        domain = pattern_text.rsplit("@", 1)[-1]
        return offline_domain_extractor()(domain).suffix != ""
