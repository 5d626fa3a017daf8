"""Opening and creating shared missions (PostgreSQL) as `MissionFile`s, checked as files are.

Opening checks, in order and without changing anything: that the server answers, that the
database holds a mission (its marks carry our application id), and that this program is
not older than its schema. Then an older schema is upgraded (in one transaction, under an
advisory lock), and a role that may not write gets a read-only mission.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.exc

from coordinator.db.engine import APPLICATION_ID
from coordinator.db.migrate import SCHEMA_VERSION, upgrade_shared
from coordinator.db.missionfile import (
    MissionFile,
    NewerVersionError,
    NotAMissionError,
    newer_version_message,
    not_a_mission_message,
)
from coordinator.db.shared import (
    ChangeListener,
    SharedMissionError,
    connection_error,
    display_address,
    may_write,
    parse_address,
    read_marks,
    shared_engine,
    user_tables,
)


def _suggested_path(url: sa.URL) -> Path:
    # Files about a shared mission (a PDF, an export) are suggested in the user's home.
    return Path.home() / str(url.database)


def _inspect(engine: sa.Engine, url: sa.URL) -> tuple[int, bool]:
    """The database's schema version and whether we may write; raises if it is no mission."""
    name = display_address(url)
    try:
        with engine.connect() as connection:
            marks = read_marks(connection)
            if marks is None:
                if user_tables(connection):
                    raise NotAMissionError(not_a_mission_message(name, "a database"))
                raise SharedMissionError(
                    f"{name} holds no mission yet: it is empty. Put one in with "
                    f"`coordinator publish FILE.eom {name}`."
                )
            application_id, version = marks
            if application_id != APPLICATION_ID:
                raise NotAMissionError(not_a_mission_message(name, "a database"))
            if version > SCHEMA_VERSION:
                raise NewerVersionError(newer_version_message(name, version))
            writable = version > 0 and may_write(connection)
    except sqlalchemy.exc.DBAPIError as error:
        raise connection_error(url, error) from None
    return version, writable


def open_shared_mission(
    address: str, *, password: str | None = None, to_read: bool = False
) -> MissionFile:
    """Open the shared mission at `address` (a role that may only read opens it read-only)."""
    url = parse_address(address, password)
    # Names this window's connections, so that it hears others' changes and not its own.
    writer = f"Mission Coordinator {secrets.token_hex(4)}"
    engine = shared_engine(url, writer=writer)
    try:
        version, writable = _inspect(engine, url)
        upgraded_from = None
        if version < SCHEMA_VERSION:
            if not writable:
                raise SharedMissionError(
                    f"{display_address(url)} is from an older version and must be upgraded, "
                    "but you may only read it. Ask someone who may edit it to open it first."
                )
            upgrade_shared(engine)
            upgraded_from = version
        read_only = to_read or not writable
        if read_only:
            engine.dispose()
            engine = shared_engine(url, read_only=True, writer=writer)
    except BaseException:
        engine.dispose()
        raise
    return MissionFile(
        _suggested_path(url),
        engine,
        read_only=read_only,
        upgraded_from=upgraded_from,
        address=display_address(url),
        changes=ChangeListener(url, writer),
    )


def create_shared_mission(
    address: str,
    *,
    password: str | None = None,
    fill: Callable[[sa.Connection], object] | None = None,
) -> MissionFile:
    """Make the empty database at `address` a mission at the current schema, and open it.

    A database that holds anything is refused: a mission is published into its own.
    `fill` writes the mission's rows in the same transaction as the tables are made, so
    a publish that fails or is killed leaves the database empty, as it was.
    """
    url = parse_address(address, password)
    name = display_address(url)
    engine = shared_engine(url)
    try:
        try:
            with engine.connect() as connection:
                tables = user_tables(connection)
        except sqlalchemy.exc.DBAPIError as error:
            raise connection_error(url, error) from None
        if tables:
            shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
            raise SharedMissionError(
                f"{name} is not empty (it holds {len(tables)} tables: {shown}). A mission "
                "is published into an empty database of its own; nothing was changed."
            )
        try:
            upgrade_shared(engine, then=fill)
        except sqlalchemy.exc.DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0]
            raise SharedMissionError(
                f"Could not make {name} a mission ({reason}); nothing was changed. A role "
                "that publishes needs the right to create tables (see docs/shared-mission.md)."
            ) from None
    finally:
        engine.dispose()
    return open_shared_mission(address, password=password)
