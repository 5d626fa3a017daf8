"""Visits from the field: where the team stood and which submission the visit came from.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 18:00:00

A visit made from an observer's phone keeps its submission's instance id, the id of the
submission's first version (an edit on the platform keeps it: ODK's KEY, Kobo's
rootUuid), when and by whom it was sent, the device and the form's version, so that an
export imported twice changes nothing and an edited submission updates its visit.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 6

_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("latitude", sa.Double()),
    ("longitude", sa.Double()),
    ("submission_id", sa.String(100)),
    ("submission_root", sa.String(100)),
    ("submitted_at", sa.String(40)),
    ("submitted_by", sa.String(200)),
    ("submission_device", sa.String(200)),
    ("form_version", sa.String(60)),
)


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch_op:
        for name, type_ in _COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.create_index("ix_visit_submission_root", ["submission_root"])
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_index("ix_visit_submission_root")
        for name, _type in reversed(_COLUMNS):
            batch_op.drop_column(name)
