"""Turning the database's failures into the user's problems, in plain words.

Two kinds of database error exist for a coordinator: the ones they can act on (the disk
is full, the file is read-only or on a removed drive, another program holds it) and
bugs. The first kind becomes a `StorageError` with what to do; the rest pass through
untouched so they are logged as bugs.
"""

from __future__ import annotations

import sqlalchemy.exc

from coordinator.errors import UserError


class StorageError(UserError):
    """The file could not be written or read for a reason outside the program."""


_KNOWN = (
    ("disk is full", "The disk is full, so nothing was saved. Free some space and try again."),
    (
        "database or disk is full",
        "The disk is full, so nothing was saved. Free some space and try again.",
    ),
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


def storage_error(error: sqlalchemy.exc.DBAPIError) -> StorageError | None:
    """The user's problem behind a database error, or None if it is a bug."""
    text = str(error.orig).lower()
    for needle, message in _KNOWN:
        if needle in text:
            return StorageError(message)
    return None
