"""Engines and sessions over a mission file, with the settings every connection needs.

SQLite connections get foreign keys on, a WAL journal (checked, not assumed), a busy
timeout and synchronous=NORMAL. The driver's own transaction handling is switched off
so that SQLAlchemy's `session.begin()` really begins one transaction per user action.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from coordinator.errors import UserError

# "MCo1" in the SQLite header marks a file as a mission file (PRAGMA application_id).
APPLICATION_ID = 0x4D436F31
BUSY_TIMEOUT_MS = 5000
# SQLite's page cache, in KiB (negative in the pragma). The 2 MB default makes a big
# import or a statistics run on 2 million answers wait on the disk; 64 MB halves that.
CACHE_KIB = 65536


class JournalModeError(UserError):
    """The file's folder does not let SQLite keep its write-ahead log."""


def sqlite_uri(path: Path, **options: str) -> str:
    """`path` as a SQLite URI with `options`; "#", "?" and "%" in a file name are escaped."""
    query = "&".join(f"{name}={value}" for name, value in options.items())
    return path.absolute().as_uri() + (f"?{query}" if query else "")


def _sqlite_url(path: Path, *, read_only: bool, immutable: bool = False) -> sa.URL:
    # URL.create keeps the file name as it is: "mission?.eom" or "100%.eom" is not parsed.
    if immutable:
        # Media where not even SQLite's shared-memory file can be made (a CD, a locked
        # stick): nobody can write the file there, so nothing can change under us.
        query = {"mode": "ro", "immutable": "1", "uri": "true"}
        return sa.URL.create("sqlite", database=sqlite_uri(path), query=query)
    if read_only:
        # immutable=1 would hide writes by other copies; mode=ro only refuses our own.
        return sa.URL.create(
            "sqlite", database=sqlite_uri(path), query={"mode": "ro", "uri": "true"}
        )
    return sa.URL.create("sqlite", database=str(path))


def sqlite_engine(
    path: Path,
    *,
    read_only: bool = False,
    foreign_keys: bool = True,
    wal: bool = True,
    immutable: bool = False,
) -> Engine:
    """An engine on the SQLite file at `path` with the mission file's connection settings.

    `immutable`: read-only media, where SQLite may not even make its -shm file.
    `wal=False` keeps the file's own journal mode (an import that may fail leaves a file
    in rollback-journal mode byte for byte as it was). `foreign_keys=False` is for
    migrations only: Alembic's batch mode recreates tables, and
    with foreign keys on, dropping the old copy would cascade deletes into child tables.
    """
    engine = sa.create_engine(
        _sqlite_url(path, read_only=read_only or immutable, immutable=immutable),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if not (read_only or immutable) and wal:
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.close()
                raise JournalModeError(
                    f"{path.name}: SQLite could not keep a write-ahead log in {path.parent} "
                    f"(journal mode stayed '{mode}'). Copy the file to a folder on this "
                    "computer's own disk and open the copy."
                )
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (a form keeps showing them)."""
    return sessionmaker(engine, expire_on_commit=False)
