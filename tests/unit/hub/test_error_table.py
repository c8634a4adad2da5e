"""The one error table: every code the hub raises is in it, with a status, an English and a Chinese
text whose parameters the raisers provide; texts never need a value that could be personal."""

from __future__ import annotations

import ast
import builtins
import string
from pathlib import Path

import pytest

from connectors.messages import TEXTS as CONNECTOR_TEXTS
from crypto.identifiers import MESSAGES_ZH, InvalidIdNumber
from hub.core.error_table import ERRORS
from hub.core.errors import BatchRejected, HubError, RecordError, input_errors
from hub.records.errors import InvalidLookup

HUB = Path(__file__).resolve().parents[3] / "hub"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_every_code_has_a_status_and_both_texts(code: str) -> None:
    text = ERRORS[code]
    assert 400 <= text.status <= 599
    assert text.en.strip() and text.zh.strip()
    if code not in CONNECTOR_TEXTS:  # the connectors' own texts follow their own conventions
        # The Chinese text may use Chinese versions of parameters (`current_zh`), nothing the English lacks.
        assert {name.removesuffix("_zh") for name in _fields(text.zh)} <= {*_fields(text.en), "field"}


def test_codes_raised_below_the_hub_keep_their_own_texts() -> None:
    for code, chinese in MESSAGES_ZH.items():
        assert ERRORS[code].zh == chinese
    for code, text in CONNECTOR_TEXTS.items():
        assert (ERRORS[code].en, ERRORS[code].zh) == (text.en, text.zh)
    refusal = InvalidLookup(InvalidIdNumber("id_number.check_character").code)
    assert str(refusal) == "id_number: check character mismatch"
    assert refusal.message == "证件号码有误：公民身份号码的校验码不正确"
    assert refusal.status_code == 422


def test_an_unknown_code_is_refused_where_it_is_raised() -> None:
    with pytest.raises(ValueError, match="not in the error table"):
        HubError("batch not found")


def _raised_codes() -> list[tuple[str, int, str]]:
    """(file, line, code) of every error the hub's source raises with a literal code."""
    found = []
    for path in HUB.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and not hasattr(builtins, node.func.id)
                and node.func.id.endswith(("Error", "NotFound", "Denied", "Unauthenticated", "Refused", "Input",
                                           "Lookup", "Grant", "Period", "Unavailable", "Violation"))
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((str(path.relative_to(HUB)), node.lineno, node.args[0].value))
    return found


def test_every_code_the_hub_raises_is_in_the_table() -> None:
    raised = _raised_codes()
    assert len(raised) > 100  # the scan sees the raise sites
    assert [r for r in raised if r[2] not in ERRORS] == []


def test_record_errors_carry_code_english_and_chinese() -> None:
    error = RecordError("record.too_long", index=3, field="违法事实", limit=5000)
    assert (error.reason, error.message) == ("longer than 5000 characters", "超过 5000 个字符")
    assert str(error) == "record 3: 违法事实: longer than 5000 characters"
    batch = BatchRejected([error, RecordError("id_number.check_character", index=4, field="证件号码")])
    assert str(batch) == "batch rejected: 2 invalid records" and batch.status_code == 422
    assert batch.errors[1].message == "公民身份号码的校验码不正确"


def test_pydantic_complaints_become_codes_without_the_input() -> None:
    problems = [
        {"type": "string_too_long", "loc": ("body", "party_name"), "ctx": {"max_length": 200}, "input": "李" * 300},
        {"type": "date_from_datetime_parsing", "loc": ("date_from",), "input": "2024-13-40"},
        {"type": "literal_error", "loc": ("record_type",), "input": "x"},
        {"type": "missing", "loc": ("body", "reason")},
        {"type": "int_parsing", "loc": ("offset",), "input": "x"},
    ]
    errors = input_errors(problems)
    assert [e.code for e in errors] == ["form.too_long", "form.date_format", "form.choice", "form.required",
                                        "form.invalid"]
    assert errors[0].message == "当事人名称输入过长（最多 200 个字）。"
    assert errors[1].message == "开始日期格式应为 YYYY-MM-DD。"
    assert all("李" not in e.message and "2024-13-40" not in str(e) for e in errors)
