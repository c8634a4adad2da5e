""" "Who looked at this person's records, when, and why": the audit entries naming one subject.

Tokens are computed under every version of the token key, because entries keep the token they were
written with (see hub.keyjobs.retokenise). Asking is itself an audit entry.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, select

from crypto.identifiers import RESIDENT_ID_DOCUMENT, IdentifierError, subject_key_of
from hub.audit import trail
from hub.audit.models import AuditEntry
from hub.audit.services import READERS
from hub.audit.trail import AuditEvent
from hub.core.db import transaction
from hub.core.keyservice import key_service
from hub.core.principals import Principal, require_role
from hub.records.errors import InvalidLookup
from keys.names import SUBJECT_TOKEN_KEY
from keys.transit import Transit


def subject_history(
    *, engine: Engine, transit: Transit, actor: Principal, id_number: str, document_type: str = RESIDENT_ID_DOCUMENT
) -> list[AuditEntry]:
    require_role(actor, *READERS)
    try:
        # The same key as when the record was stored, or the token would differ.
        key = subject_key_of(id_number, document_type=document_type)
    except IdentifierError as exc:
        raise InvalidLookup(exc.code) from None
    with key_service():
        info = transit.key_info(SUBJECT_TOKEN_KEY)
        tokens = [
            transit.hmac(SUBJECT_TOKEN_KEY, [key.encode()], key_version=version)[0]
            for version in range(max(1, info.min_decryption_version), info.latest_version + 1)
        ]
    with transaction(engine) as session:
        entries = list(
            session.exec(
                select(AuditEntry).where(col(AuditEntry.subject_token).in_(tokens)).order_by(col(AuditEntry.seq))
            ).all()
        )
        trail.append(
            session,
            AuditEvent(
                actor=actor.name,
                role=actor.role.value,
                action="audit.subject_history",
                subject_token=tokens[0],
                object=f"entries:{len(entries)}",
            ),
        )
    return entries
