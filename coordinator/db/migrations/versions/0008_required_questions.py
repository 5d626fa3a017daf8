"""A checklist question may be required: the observer's form does not go without its answer.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 21:00:00

Questions a file already has are not required (the default), as they were before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 8


def upgrade() -> None:
    with op.batch_alter_table("checklist_question") as batch_op:
        batch_op.add_column(
            sa.Column("required", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    with op.batch_alter_table("checklist_question") as batch_op:
        batch_op.drop_column("required")
