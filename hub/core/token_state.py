"""Which subject-token key version(s) are in force.

Normally one: the pinned version. While a re-tokenise job runs there are two: new records are
tokenised under the target version and lookups compute both tokens, so every record is found whether
the job has reached it yet or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from hub.core.models import TokenKeyState


@dataclass(frozen=True)
class TokenVersions:
    pinned: int
    target: int | None = None

    @property
    def write(self) -> int:
        """The version new tokens are computed under."""
        return self.target if self.target is not None else self.pinned

    @property
    def lookup(self) -> tuple[int, ...]:
        """Versions a lookup must try, the pinned one first."""
        return (self.pinned,) if self.target is None else (self.pinned, self.target)


def token_versions(session: Session, *, default: int) -> TokenVersions:
    """`default` (Settings.token_key_version) applies until a re-tokenise job first writes the state row."""
    state = session.get(TokenKeyState, 1)
    if state is None:
        return TokenVersions(pinned=default)
    return TokenVersions(pinned=state.pinned_version, target=state.target_version)


def read_token_versions(engine: Engine, *, default: int) -> TokenVersions:
    with Session(engine) as session:
        return token_versions(session, default=default)
