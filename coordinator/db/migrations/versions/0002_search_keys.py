"""Search that ignores case and accents: a folded `search_key` on searchable records.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:10:00

Existing rows get their key computed from their words, so a file written before this
revision finds "Бишкек" by "бишкек" as soon as it is opened.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coordinator.db.text import search_key

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 2

# Each searchable table and the columns whose words go into its key, as the services
# write them (coordinator.services.search keeps the same lists).
SEARCHED = {
    "delegation": ("name", "country"),
    "member": ("full_name", "position", "email", "phone", "passport_no", "accreditation_no"),
    "meeting": (
        "location",
        "summary",
        "(SELECT group_concat(name || ' ' || position || ' ' || institution, ' ')"
        " FROM interlocutor WHERE interlocutor.meeting_id = meeting.id)",
    ),
    "locality": ("name", "district", "region"),
    "polling_station": ("code", "name", "address"),
    "debrief_note": ("author", "topic", "text"),
}


def upgrade() -> None:
    connection = op.get_bind()
    for table, columns in SEARCHED.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("search_key", sa.Text(), nullable=False, server_default="")
            )
        if connection.dialect.name != "sqlite":
            # A shared database begins empty at the first revision (group_concat is SQLite's).
            continue
        rows = connection.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}"))
        keys = [{"id": row[0], "key": search_key(*row[1:])} for row in rows]
        if keys:
            connection.execute(
                sa.text(f"UPDATE {table} SET search_key = :key WHERE id = :id"), keys
            )
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    for table in SEARCHED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("search_key")
