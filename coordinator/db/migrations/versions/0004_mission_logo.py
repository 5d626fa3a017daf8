"""The mission's logo, printed above the statement's title.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 15:12:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 4


def upgrade() -> None:
    with op.batch_alter_table("mission") as batch_op:
        batch_op.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    with op.batch_alter_table("mission") as batch_op:
        batch_op.drop_column("logo")
