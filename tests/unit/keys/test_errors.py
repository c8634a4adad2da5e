from __future__ import annotations

import pytest

from keys.errors import (
    Forbidden,
    InvalidRequest,
    KeyNotFound,
    KeyServiceError,
    ManagedOpenBaoError,
    RateLimited,
    VaultUnavailable,
    scrub,
)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, InvalidRequest),
        (403, Forbidden),
        (404, KeyNotFound),
        (429, RateLimited),
        (501, VaultUnavailable),
        (503, VaultUnavailable),
        (500, KeyServiceError),
        (502, KeyServiceError),
        (418, KeyServiceError),
    ],
)
def test_from_status_maps_status_to_class(status: int, expected: type[KeyServiceError]) -> None:
    error = KeyServiceError.from_status(status, "something")
    assert type(error) is expected
    assert error.status == status
    assert isinstance(error, KeyServiceError)


def test_every_error_shares_the_base() -> None:
    for error_class in (InvalidRequest, Forbidden, RateLimited, VaultUnavailable, KeyNotFound,
                        ManagedOpenBaoError):
        assert issubclass(error_class, KeyServiceError)


@pytest.mark.parametrize(
    "secret",
    [
        "vault:v3:kP9sX2mBv7yQ1aZ0cD4eF6gH8iJ==",
        "hvs.CAESIJk3b2xZ9lYq0m4T7vW1xYz",
        "s.AbCdEfGhIjKlMnOp",
        "NTEyMDAyMTk5MDAzMDcxMjM0",  # base64 of an ID number
    ],
)
def test_messages_are_scrubbed_of_secret_looking_values(secret: str) -> None:
    error = KeyServiceError.from_status(400, f"invalid ciphertext {secret} given")
    assert secret not in str(error)
    assert "[redacted]" in str(error)
    assert "invalid ciphertext" in str(error)


def test_scrub_bounds_message_length_and_keeps_ordinary_words() -> None:
    assert scrub("permission denied") == "permission denied"
    assert len(scrub("word " * 500)) <= 301
