"""The record table. Clear columns hold only what an index needs; personal data lives in
`Record.sealed_fields`, each field an AES-256-GCM ciphertext bound to its record, field and department."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, Session, SQLModel

from hub.core.clock import utcnow
from hub.core.models import new_id


class Record(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("department_code", "source_record_id", name="uq_record_source"),
        Index("ix_record_type_date", "record_type", "event_date"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    department_code: str = Field(foreign_key="department.code", max_length=32)
    record_type: str = Field(max_length=32)
    source_record_id: str = Field(max_length=128)
    subject_token: str = Field(index=True, max_length=128)
    schema_version: int
    event_date: dt.date
    status: str = Field(default="active", max_length=16)
    sealed_fields: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


def insert_records(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk-insert record rows in the session's transaction: COPY on PostgreSQL, executemany elsewhere."""
    table = Record.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    columns = [column.name for column in table.columns]
    # COPY is several times faster than executemany for a 1,000-row batch, and still transactional.
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{table.name}" ({", ".join(columns)}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])
