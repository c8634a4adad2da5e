"""Cells of the CSV files the hub writes for people to open in Excel or WPS.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by spreadsheets as a
formula (`=HYPERLINK(…)` sends the sheet's data away when clicked); a leading apostrophe makes it text
and is not shown. Every CSV meant for a spreadsheet passes its cells through `spreadsheet_cell`.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
