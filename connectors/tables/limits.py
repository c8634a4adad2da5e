"""How much of a CSV file or workbook the reader takes before it refuses the file.

Every limit bounds memory or time for any input, however it was crafted; each has its own error code
naming the limit (connectors/messages.py). Callers holding whole files in memory (the hub's upload)
pass tighter limits than the connectors, which stream.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1 << 20
CSV_FIELD_LIMIT = 131_072  # csv.field_size_limit()'s default; changing it would be process-wide


@dataclass(frozen=True)
class TableLimits:
    # Excel's own limits: a sheet has at most 1,048,576 rows and a cell at most 32,767 characters.
    max_rows: int = 1_048_576
    max_columns: int = 512
    max_cell_chars: int = 32_767
    # One row in memory at a time; a CSV row is read no further than this (quoted newlines included).
    max_row_chars: int = 1_048_576
    # A CSV file's size; for a workbook both the file's size and what its parts unpack to.
    max_bytes: int = 256 * MiB

    def __post_init__(self) -> None:
        if min(self.max_rows, self.max_columns, self.max_cell_chars, self.max_row_chars, self.max_bytes) < 1:
            raise ValueError("table limits must be positive")
        if self.max_cell_chars > CSV_FIELD_LIMIT:
            raise ValueError(f"max_cell_chars must stay at or below {CSV_FIELD_LIMIT} (the csv module's field limit)")
        if self.max_bytes >= 1 << 32:
            raise ValueError("max_bytes must stay below 4 GiB")  # shared-string offsets are 32-bit


DEFAULT_LIMITS = TableLimits()
