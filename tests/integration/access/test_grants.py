"""Grant administration: what an admin may grant, and what the department gets from it."""

from __future__ import annotations

import pytest

from hub.core.principals import Role
from hub.core.runtime import Runtime
from tests.hub_fixtures import register

from .conftest import Person, snapshot

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"record_types": ["no_such_type"], "purposes": ["职称评定"]}, "record_types"),
        ({"record_types": ["admin_penalty"], "purposes": ["51200219900307123X"]}, "purposes"),
        ({"record_types": ["admin_penalty"], "purposes": ["职称评定"], "fields": ["纳税信用级别"]}, "fields"),
        (
            {
                "record_types": ["admin_penalty"],
                "purposes": ["职称评定"],
                "valid_from": "2026-02-01",
                "valid_until": "2026-01-01",
            },
            "valid_until",
        ),
    ],
)
def test_invalid_grants_are_refused_without_echo(
    runtime: Runtime, people: dict[Role, Person], body: dict[str, object], field: str
) -> None:
    code = register(runtime).code
    before = snapshot(runtime.engine)
    response = people[Role.ADMIN].client.post(f"/v1/departments/{code}/grants", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(field)
    assert "51200219900307123X" not in response.text
    assert snapshot(runtime.engine) == before


def test_unknown_department_or_grant_is_404(people: dict[Role, Person]) -> None:
    admin = people[Role.ADMIN].client
    assert admin.get("/v1/departments/nope/grants").status_code == 404
    assert admin.post("/v1/grants/999999/revoke").status_code == 404
    assert admin.post("/v1/users/nobody-here/lock").status_code == 404


def test_admin_adds_and_lists_users_without_hashes(people: dict[Role, Person]) -> None:
    admin = people[Role.ADMIN].client
    created = admin.post("/v1/users", json={"username": "zhao.li", "role": "auditor", "password": "a long password 1"})
    assert created.status_code == 201
    assert (
        admin.post(
            "/v1/users", json={"username": "zhao.li", "role": "auditor", "password": "a long password 1"}
        ).status_code
        == 409
    )
    assert (
        admin.post("/v1/users", json={"username": "x", "role": "auditor", "password": "a long password 1"}).status_code
        == 422
    )
    assert (
        admin.post("/v1/users", json={"username": "short.pw", "role": "auditor", "password": "short"}).status_code
        == 422
    )
    assert (
        admin.post(
            "/v1/users", json={"username": "dept.user", "role": "department", "password": "a long password 1"}
        ).status_code
        == 422
    )
    listed = admin.get("/v1/users")
    assert "zhao.li" in listed.text and "argon2" not in listed.text and "password" not in listed.text
