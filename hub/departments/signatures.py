"""Authenticating a department's request: Ed25519 signature, fresh timestamp, unused nonce."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Mapping

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from crypto.errors import SignatureError
from crypto.signing import HEADER_DEPARTMENT, verify_request
from hub.core.clock import utcnow
from hub.core.db import transaction
from hub.core.errors import Unauthenticated
from hub.departments.models import Department, RequestNonce


def authenticate_department(
    *,
    engine: Engine,
    method: str,
    path: str,
    body: bytes,
    headers: Mapping[str, str],
    max_skew_seconds: int,
    now: float | None = None,
) -> Department:
    code = headers.get(HEADER_DEPARTMENT, "")
    with Session(engine) as session:
        department = session.get(Department, code) if code else None
    if department is None or not department.active:
        # Same answer as a bad signature: do not tell strangers which departments exist.
        raise Unauthenticated("signature.invalid")
    try:
        signed = verify_request(
            public_key_b64=department.signing_public_key, method=method, path=path, body=body, headers=headers
        )
    except SignatureError:
        raise Unauthenticated("signature.invalid") from None
    now = time.time() if now is None else now
    if abs(now - signed.timestamp) > max_skew_seconds:
        raise Unauthenticated("signature.stale")
    _consume_nonce(engine, department.code, signed.nonce, max_skew_seconds)
    return department


def _consume_nonce(engine: Engine, department: str, nonce: str, max_skew_seconds: int) -> None:
    try:
        with transaction(engine) as session:
            session.add(RequestNonce(department_code=department, nonce=nonce[:64]))
            # Nonces older than the timestamp window can never be replayed (the timestamp check refuses
            # them first), so they may go; sweep now and then rather than on every request.
            if secrets.randbelow(100) == 0:
                cutoff = utcnow() - dt.timedelta(seconds=2 * max_skew_seconds)
                session.execute(delete(RequestNonce).where(RequestNonce.seen_at < cutoff))  # type: ignore[arg-type]
    except IntegrityError:
        raise Unauthenticated("signature.replayed") from None
