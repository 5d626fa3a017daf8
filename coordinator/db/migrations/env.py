"""Alembic's environment: runs migrations on the connection handed in by `migrate`."""

from alembic import context

from coordinator.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
context.run_migrations()
