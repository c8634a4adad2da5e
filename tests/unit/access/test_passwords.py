"""argon2id password hashes (PyNaCl): the stored string carries algorithm and cost."""

from __future__ import annotations

from hub.users import passwords


def test_production_cost_is_argon2id_interactive() -> None:
    hashed = passwords.hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=2,p=1$")
    assert passwords.verify_password(hashed, "correct horse battery staple")
    assert not passwords.verify_password(hashed, "correct horse battery stapl")


def test_two_hashes_of_one_password_differ() -> None:
    assert passwords.hash_password("same password!!") != passwords.hash_password("same password!!")


def test_a_malformed_hash_verifies_nothing() -> None:
    assert not passwords.verify_password("not a hash", "anything")
    assert not passwords.verify_password("", "")
