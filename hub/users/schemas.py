"""Request and response bodies of the login and user routes. Every string has a maximum length."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from hub.core.principals import Role


class LoginIn(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class MeOut(BaseModel):
    username: str
    role: Role


class UserIn(BaseModel):
    username: str = Field(max_length=64)
    role: Role
    password: str = Field(max_length=256)


class UserOut(BaseModel):
    username: str
    role: Role
    locked: bool
    failed_logins: int
    created_at: dt.datetime
    last_login_at: dt.datetime | None
