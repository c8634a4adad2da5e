"""The privacy check of 双公示 records: presidio-analyzer with Chinese recognizers on LAC.

Independent of the hub: never imports ``hub``, ``keys`` or ``connectors``, and of ``crypto`` only the
identity facts' home, ``crypto.identifiers`` (resident IDs, credit codes, passports, "today").
"""

from redaction.analyzer import build_analyzer, scan_text, scan_texts
from redaction.errors import InvalidRecordError, RedactionError
from redaction.models import Finding, RecordCheck, Span, TextScan
from redaction.records import check_record, check_records

__all__ = [
    "Finding",
    "InvalidRecordError",
    "RecordCheck",
    "RedactionError",
    "Span",
    "TextScan",
    "build_analyzer",
    "check_record",
    "check_records",
    "scan_text",
    "scan_texts",
]
