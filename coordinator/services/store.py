"""The open mission as the window holds it: a handle it can only hand back to services.

The window never talks to the database itself. It holds one `Store` for the open mission
and passes it, as the first argument, to the service it wants run (through
`MissionContext.query`/`write`); the services do the reading and writing, and give back
plain records. `Store` is a distinct type over SQLAlchemy's Session so every service,
which takes a Session, accepts it unchanged; the window cannot make one except with
`open_store`, and may do nothing with it but pass it back (a test checks the window never
reads an attribute of it). The few things the window's context must do with its handle
between two services (forget what was read, drop a failed unit of work, close) are here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NewType

from sqlalchemy.orm import Session

from coordinator.db.missionfile import MissionFile

Store = NewType("Store", Session)


def open_store(mission_file: MissionFile) -> Store:
    """A handle on `mission_file` for the window to pass to services until it closes it."""
    return Store(mission_file.session())


@contextmanager
def background_store(mission_file: MissionFile) -> Iterator[Store]:
    """A handle of its own for one slow read in a worker thread, closed afterwards."""
    with mission_file.session() as session:
        yield Store(session)


def forget(store: Store) -> None:
    """Read everything again next time: someone (this window or another) changed it."""
    store.expire_all()


def discard(store: Store) -> None:
    """Drop whatever a failed unit of work left open, so the next one starts clean."""
    store.rollback()


def close_store(store: Store) -> None:
    store.close()
