"""Identity facts, in one place: 公民身份号码, 统一社会信用代码, passports and 通行证, and "today" in China.

crypto, redaction, the hub and the connectors all import these rules from here; none keeps its own copy.
This package imports nothing of hub, redaction, connectors or keys.

- ``find_id_numbers(text)`` finds every resident ID number in a text, however it is written;
  ``normalize_id_number`` / ``is_valid_id_number`` / ``read_id_number`` / ``birth_date`` /
  ``upgrade_15_to_18`` judge one number (policy §5: format, birth date and check character; never a
  region table).
- ``normalize_uscc`` / ``is_valid_uscc`` / ``is_unambiguous_uscc`` / ``find_usccs``: 统一社会信用代码
  (GB 32100).
- ``find_travel_documents`` / ``normalize_document_number``: passports, 通行证 and other 证件;
  ``subject_key_of``: ``<证件类型>:<number>``, what one person's subject token is computed from.
- ``today()``: the current date in China.
- Errors carry a stable ``code``; ``MESSAGES_ZH`` holds the Chinese text of each code.
"""

from crypto.identifiers._text import SEPARATORS, compact
from crypto.identifiers.clock import CHINA_TIME_ZONE, today
from crypto.identifiers.documents import (
    CONTEXT_WORDS,
    DOCUMENT_TYPES,
    RESIDENT_ID_DOCUMENT,
    DocumentKind,
    DocumentMatch,
    find_travel_documents,
    normalize_document_number,
    subject_key_of,
)
from crypto.identifiers.errors import (
    MESSAGES_ZH,
    REASONS,
    IdentifierError,
    InvalidDocumentNumber,
    InvalidIdNumber,
    InvalidUscc,
)
from crypto.identifiers.resident_id import (
    IdNumberMatch,
    IdNumberReading,
    IdNumberStatus,
    birth_date,
    check_character,
    find_id_numbers,
    is_valid_id_number,
    normalize_id_number,
    read_id_number,
    upgrade_15_to_18,
)
from crypto.identifiers.uscc import (
    UsccMatch,
    find_usccs,
    is_unambiguous_uscc,
    is_valid_uscc,
    normalize_uscc,
    uscc_check_character,
)

__all__ = [
    "CHINA_TIME_ZONE",
    "CONTEXT_WORDS",
    "DOCUMENT_TYPES",
    "MESSAGES_ZH",
    "REASONS",
    "RESIDENT_ID_DOCUMENT",
    "SEPARATORS",
    "DocumentKind",
    "DocumentMatch",
    "IdNumberMatch",
    "IdNumberReading",
    "IdNumberStatus",
    "IdentifierError",
    "InvalidDocumentNumber",
    "InvalidIdNumber",
    "InvalidUscc",
    "UsccMatch",
    "birth_date",
    "check_character",
    "compact",
    "find_id_numbers",
    "find_travel_documents",
    "find_usccs",
    "is_unambiguous_uscc",
    "is_valid_id_number",
    "is_valid_uscc",
    "normalize_document_number",
    "normalize_id_number",
    "normalize_uscc",
    "read_id_number",
    "subject_key_of",
    "today",
    "upgrade_15_to_18",
    "uscc_check_character",
]
