"""Where a team starts its day: its base's name, latitude and longitude.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 7


def upgrade() -> None:
    with op.batch_alter_table("team") as batch_op:
        batch_op.add_column(sa.Column("base", sa.String(300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("base_latitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("base_longitude", sa.Double(), nullable=True))
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    with op.batch_alter_table("team") as batch_op:
        batch_op.drop_column("base_longitude")
        batch_op.drop_column("base_latitude")
        batch_op.drop_column("base")
