"""Statistics read done visits per phase from one covering index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 14:15:00

`ix_visit_status` gives way to `ix_visit_status_phase` (status, phase, station, overall
assessment): counting observations, stations and assessments per phase on 200,000 visits
no longer reads the visit table itself.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 3


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_index("ix_visit_status")
        batch_op.create_index(
            "ix_visit_status_phase", ["status", "phase", "station_id", "overall"], unique=False
        )
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_index("ix_visit_status_phase")
        batch_op.create_index("ix_visit_status", ["status"], unique=False)
