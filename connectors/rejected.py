"""The errors file a department's staff open in Excel: row, record id, field, code and the reason in
Chinese and English — never the value."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from connectors.atomic import write_text_atomically
from connectors.records import Rejection

HEADER = ("行号", "记录编号", "字段", "错误代码", "原因", "reason (English)")


def write_errors_csv(path: Path, rejections: Iterable[Rejection]) -> int:
    """Write (replace) the errors file, returning its row count.

    UTF-8 with BOM: Excel then shows the Chinese field names.
    """
    lines: list[tuple[str, ...]] = [HEADER]
    for rejection in sorted(rejections, key=lambda item: item.row):
        for problem in rejection.problems:
            lines.append(
                (
                    str(rejection.row),
                    rejection.source_record_id or "",
                    problem.field,
                    problem.code,
                    problem.chinese,
                    problem.reason,
                )
            )
    write_text_atomically(path, _to_csv(lines), encoding="utf-8-sig")
    return len(lines) - 1


def _to_csv(lines: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    return buffer.getvalue()
