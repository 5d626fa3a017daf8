"""Bringing a mission file's schema up to this program's version with Alembic.

The schema's number is kept in SQLite's `PRAGMA user_version` (each migration sets its
own), so opening a current file never imports Alembic: only an older file pays for it.
Migrations run with foreign keys off (batch mode recreates tables) and the foreign keys
are checked before the upgrade commits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from coordinator.db.engine import sqlite_engine

if TYPE_CHECKING:
    from alembic.config import Config

# The schema this program writes: the SCHEMA_VERSION of the newest migration.
SCHEMA_VERSION = 9
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic Config for the migrations in the package (optionally bound to a connection)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration's revision (imports Alembic: for older files only)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("the package holds no migrations")
    return head


def is_known_revision(revision: str) -> bool:
    """Whether `revision` is one of this program's migrations (a newer program's is not)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(path: Path, revision: str = "head") -> None:
    """Apply the migrations up to `revision` to the SQLite file at `path` in one transaction."""
    from alembic import command

    engine = sqlite_engine(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            # References the file already had broken are for `coordinator check` to report;
            # only the ones a migration breaks stop the upgrade.
            check = "PRAGMA foreign_key_check"
            broken_before = len(connection.exec_driver_sql(check).fetchall())
            command.upgrade(alembic_config(connection), revision)
            problems = connection.exec_driver_sql(check).fetchall()
            if len(problems) > broken_before:
                raise RuntimeError(f"migration left broken references: {problems[:5]}")
    finally:
        engine.dispose()


def upgrade_shared(
    engine: Engine,
    revision: str = "head",
    then: Callable[[sa.Connection], object] | None = None,
) -> None:
    """Apply the migrations up to `revision` to a shared mission's database, in one transaction.

    PostgreSQL changes tables in a transaction: a failed upgrade leaves the database as it
    was. An advisory lock makes a second window opening meanwhile wait, then find it done.
    `then` runs in the same transaction (publishing fills the new tables: all or nothing).
    """
    from alembic import command

    from coordinator.db.shared import install_change_notices, marks_for_pragmas

    with engine.begin() as connection, marks_for_pragmas(connection):
        command.upgrade(alembic_config(connection), revision)
        install_change_notices(connection)
        if then is not None:
            then(connection)


def schema_version(connection: sa.Connection) -> int:
    if connection.dialect.name != "sqlite":
        from coordinator.db.shared import read_marks

        marks = read_marks(connection)
        return 0 if marks is None else marks[1]
    return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
