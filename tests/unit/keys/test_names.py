from __future__ import annotations

import pytest

from keys.errors import InvalidRequest
from keys.names import HUB_SIGNING_KEY, SUBJECT_TOKEN_KEY, department_kek, validate_key_name


@pytest.mark.parametrize("name", ["subject-token", "hub-signing", "dept-gaj", "a", "0", "a" * 63, "x-1-y"])
def test_valid_key_names(name: str) -> None:
    assert validate_key_name(name) == name


@pytest.mark.parametrize(
    "name",
    ["", "-dept", "Dept", "dept_gaj", "dept/gaj", "../keys", "a" * 64, "dept gaj", "部门", "dept-gaj\n",
     7, None],
)
def test_invalid_key_names_are_refused_without_echo(name: object) -> None:
    with pytest.raises(InvalidRequest) as caught:
        validate_key_name(name)  # type: ignore[arg-type]
    if isinstance(name, str) and name:
        assert name not in str(caught.value)


def test_department_kek_naming() -> None:
    assert department_kek("gaj") == "dept-gaj"
    assert department_kek("sc-zy-01") == "dept-sc-zy-01"


@pytest.mark.parametrize("code", ["", "GAJ", "g/a", "g_a", "公安", "x" * 60])
def test_department_kek_refuses_bad_codes(code: str) -> None:
    with pytest.raises(InvalidRequest):
        department_kek(code)


def test_well_known_names() -> None:
    assert SUBJECT_TOKEN_KEY == "subject-token"
    assert HUB_SIGNING_KEY == "hub-signing"
