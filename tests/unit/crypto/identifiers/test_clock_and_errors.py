"""China's date, the error codes with their Chinese texts, and what the package may import."""

import datetime

import pytest

import crypto.identifiers
from crypto.identifiers import (
    CHINA_TIME_ZONE,
    MESSAGES_ZH,
    REASONS,
    IdentifierError,
    InvalidDocumentNumber,
    InvalidIdNumber,
    InvalidUscc,
    today,
)
from tests.imports import absolute_imports


def test_today_is_the_date_in_china() -> None:
    before = datetime.datetime.now(datetime.UTC)
    day = today()
    after = datetime.datetime.now(datetime.UTC)
    china = datetime.timezone(datetime.timedelta(hours=8))
    assert day in {before.astimezone(china).date(), after.astimezone(china).date()}
    assert datetime.datetime(2024, 1, 1, 16, 30, tzinfo=datetime.UTC).astimezone(CHINA_TIME_ZONE).date() == (
        datetime.date(2024, 1, 2)
    )


def test_every_code_has_a_chinese_text_and_a_reason() -> None:
    assert set(MESSAGES_ZH) == set(REASONS)
    for code, text in MESSAGES_ZH.items():
        assert code == code.lower() and code.count(".") == 1 and " " not in code
        assert text and all(not ("a" <= c <= "z") for c in text)  # Chinese, no English words


@pytest.mark.parametrize(
    ("error", "prefix"),
    [(InvalidIdNumber, "id_number."), (InvalidUscc, "uscc."), (InvalidDocumentNumber, "document_number.")],
)
def test_each_error_family_takes_only_its_codes(error: type[IdentifierError], prefix: str) -> None:
    for code in MESSAGES_ZH:
        if code.startswith(prefix):
            raised = error(code)
            assert (raised.code, raised.message_zh) == (code, MESSAGES_ZH[code])
        else:
            with pytest.raises(ValueError):
                error(code)


FORBIDDEN = {"hub", "redaction", "connectors", "keys"}


def test_the_home_imports_nothing_of_its_users() -> None:
    imported = absolute_imports(crypto.identifiers)
    offending = [(source, name) for source, name in imported if name.split(".")[0] in FORBIDDEN]
    assert offending == []
