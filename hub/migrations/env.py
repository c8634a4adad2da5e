"""Alembic environment: the hub passes its own connection in `config.attributes["connection"]`."""

from alembic import context
from sqlmodel import SQLModel

# Each domain's tables, registered on SQLModel.metadata by importing its models.
import hub.audit.models
import hub.core.models
import hub.departments.models
import hub.disclosure.models
import hub.records.models
import hub.users.models  # noqa: F401

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
