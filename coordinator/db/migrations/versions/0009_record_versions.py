"""Every record counts its saves, so a save over someone else's change can be refused.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 21:00:00

Records already in the mission start at version 1, as new ones do.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 9

# Every table of records (all but meeting_participant, which only links two).
TABLES = (
    "mission",
    "translation",
    "delegation",
    "team",
    "member",
    "meeting",
    "interlocutor",
    "key_point",
    "locality",
    "polling_station",
    "visit",
    "checklist_question",
    "answer",
    "incident",
    "debrief_note",
    "statement_section",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
            )
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
