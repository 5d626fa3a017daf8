"""Statements in several languages: each section has a language, the mission its
statement languages, and a name as typed a translation per language.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 18:10:00

A file's existing sections are in the mission's language (English when it has none).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 5


def upgrade() -> None:
    with op.batch_alter_table("mission") as batch_op:
        batch_op.add_column(
            sa.Column("statement_languages", sa.String(100), nullable=False, server_default="")
        )
    with op.batch_alter_table("statement_section") as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(16), nullable=False, server_default="en")
        )
        batch_op.create_index("ix_statement_section_language", ["language"], unique=False)
    op.execute(
        "UPDATE statement_section SET language = "
        "COALESCE((SELECT language FROM mission ORDER BY id LIMIT 1), 'en')"
    )
    op.create_table(
        "translation",
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation")),
        sa.UniqueConstraint("language", "original", name=op.f("uq_translation_language_original")),
        sa.UniqueConstraint("uuid", name=op.f("uq_translation_uuid")),
    )
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    op.drop_table("translation")
    with op.batch_alter_table("statement_section") as batch_op:
        batch_op.drop_index("ix_statement_section_language")
        batch_op.drop_column("language")
    with op.batch_alter_table("mission") as batch_op:
        batch_op.drop_column("statement_languages")
