"""Turning the database's failures into the user's problems, in plain words.

Two kinds of database error exist for a coordinator: the ones they can act on (the disk
is full, the file is read-only or on a removed drive, another program holds it) and
bugs. The first kind becomes a `StorageError` with what to do; the rest pass through
untouched so they are logged as bugs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy.exc

from coordinator.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path


class StorageError(UserError):
    """The file could not be written or read for a reason outside the program."""


DISK_FULL = "The disk is full, so nothing was saved. Free some space and try again."
_KNOWN = (
    ("disk is full", DISK_FULL),
    (
        "readonly database",
        "The mission file is read-only, so nothing was saved. Open a copy "
        "in a folder where you can write.",
    ),
    (
        "database is locked",
        "Another program is writing to the mission file, so nothing was "
        "saved. Wait a moment and try again.",
    ),
    (
        "disk i/o error",
        "The mission file could not be reached (was its drive removed?), so "
        "nothing was saved. Reconnect the drive and try again.",
    ),
    (
        "unable to open database",
        "The mission file could not be reached (was it moved or its "
        "drive removed?). Open it again from where it is now.",
    ),
    ("malformed", "The mission file is damaged. Open your most recent copy or backup."),
    # A shared mission (PostgreSQL): a role that may only read, a server out of reach.
    (
        "read-only transaction",
        "You may only read this shared mission, so nothing was saved.",
    ),
    (
        "permission denied",
        "You may only read this shared mission, so nothing was saved.",
    ),
    *(
        (
            needle,
            "The shared mission's server could not be reached, so nothing was saved. Check "
            "the network; the window works again when the server answers.",
        )
        for needle in (
            "server closed the connection",
            "connection refused",
            "terminating connection",
            "connection is closed",
            "consuming input failed",
            "connection timeout",
            "connection failed",
        )
    ),
)


def storage_error(
    error: sqlalchemy.exc.DBAPIError, database: str | None = None
) -> StorageError | None:
    """The user's problem behind a database error, or None if it is a bug.

    `database`: the mission file's path. SQLite says "disk I/O error" when it cannot
    grow the files beside the mission (-wal, -shm) on a full disk; with the path, the
    room left on the disk tells that apart from a removed drive.
    """
    from coordinator.atomic import disk_is_full

    text = str(error.orig).lower()
    if (
        database
        and ("disk i/o error" in text or "unable to open" in text)
        and disk_is_full(database)
    ):
        return StorageError(DISK_FULL)
    for needle, message in _KNOWN:
        if needle in text:
            return StorageError(message)
    return None


# What SQLAlchemy says when a stored value is not one its column type can read back.
_DAMAGE_SIGNS = (
    ("no such table", "a table is missing"),
    ("no such column", "a column is missing"),
    ("is not among the defined enum values", "a value is not one the program knows"),
    ("couldn't parse", "a date or time cannot be read"),
    ("out of range", "a date or time does not exist"),
    ("invalid isoformat", "a date or time cannot be read"),
)


def damage_error(error: BaseException, path: Path | None = None) -> str | None:
    """What is damaged in a mission file changed outside the program, if `error` says so.

    None for anything else (a bug). Only errors raised while SQLAlchemy read the file
    count: a ValueError of the program's own is a bug, not damage. `path`, when known, is
    named in the command that lists the damage, so it can be copied as it stands.
    """
    text = str(error).lower()
    from_database = isinstance(error, sqlalchemy.exc.OperationalError) or _raised_reading(error)
    if not from_database:
        return None
    for needle, what in _DAMAGE_SIGNS:
        if needle in text:
            return (
                f"The mission file is damaged: {what} ({str(error).splitlines()[0][:200]}). "
                "It was changed outside Mission Coordinator. "
                f"`coordinator check {path or 'FILE'}` names each damaged table, row and "
                "field; open your most recent copy or backup."
            )
    return None


def _raised_reading(error: BaseException) -> bool:
    if not isinstance(error, ValueError | LookupError | TypeError):
        return False
    trace = error.__traceback__
    while trace is not None:
        if "sqlalchemy" in trace.tb_frame.f_code.co_filename:
            return True
        trace = trace.tb_next
    return False
