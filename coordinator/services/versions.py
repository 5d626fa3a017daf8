"""Refusing to save over someone else's change: every record counts its saves (`version`).

A form reads a record (its `*Fields`, with the version it was read at); when it saves,
the service compares that version with the one stored now. If they differ, someone else
(another window, a command, an import) saved the record meanwhile, and the save is
refused with a StaleRecordError naming what changed, so the user can reload and decide.
SQLAlchemy's `version_id_col` (see `Record`) backs this up inside the transaction: an
UPDATE or DELETE that finds the version moved writes nothing.

`VersionLog` keeps, for a window, the versions its own saves left on each record, so
that taking an edit back (undo, redo) can be refused the same way when someone else
changed the record after it (`write_expecting`).

The window knows no database classes (one door to the data): it names records by their
kind, the table's name ("team", "visit"), and hands its `Store` to the functions here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Concatenate, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from coordinator.db.models import Base, Record
from coordinator.services.errors import StaleRecordError
from coordinator.services.store import Store
from coordinator.services.undo import RecordKind
from coordinator.services.unit import unit_of_work

P = ParamSpec("P")
T = TypeVar("T")

# A record as the log knows it: its kind (its table's name) and id.
Key = tuple[str, int]
# Set in a session's `info` while an edit is taken back or done again (see `VersionLog`).
REPLAYING = "coordinator.versions.replaying"

# Attributes that name a record to a person, in the order tried.
_NAMES = ("code", "ref", "full_name", "name", "title", "topic", "original", "text")


def record_label(record: Record) -> str:
    """ "Team T3", "Member Aysel Məmmədova", "Visit V-001": the record as a person calls it."""
    kind = type(record).__name__
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in kind).strip().capitalize()
    for name in _NAMES:
        value = getattr(record, name, None)
        if isinstance(value, str) and value.strip():
            shown = value.strip()
            return f"{words} {shown if len(shown) <= 40 else shown[:39] + '…'}"
    return f"{words} #{record.id}"


def _shown(value: object) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, enum.Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()[:16]
    text = str(value).strip().replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def changed_fields(read: object, now: object) -> list[tuple[str, str | None]]:
    """The fields of two `*Fields` records that differ, in form order: (label, value now),
    or (label, None) for a list or a reference, whose value says nothing shown plainly."""
    if not (dataclasses.is_dataclass(read) and dataclasses.is_dataclass(now)):
        return []
    changes: list[tuple[str, str | None]] = []
    for field in dataclasses.fields(read):
        if field.name == "version":
            continue
        old, new = getattr(read, field.name), getattr(now, field.name, None)
        if old == new:
            continue
        name = field.name.removesuffix("_ids").removesuffix("_id").replace("_", " ")
        if field.name.endswith("_ids"):
            name += "s"
        plain = not (isinstance(new, tuple | list) or field.name.endswith(("_id", "_ids")))
        changes.append((name.capitalize(), _shown(new) if plain else None))
    return changes


def refuse_if_changed(
    record: Record,
    expected_version: int | None,
    *,
    read: object = None,
    now: Callable[[], object] | None = None,
    since: str = "you opened it",
) -> None:
    """Raise StaleRecordError unless `record` is still at `expected_version` (None: no check).

    `read` (the record's `*Fields` as the form read it) and `now` (a function giving them
    as stored now) let the message say what changed.
    """
    if expected_version is None:
        return
    session = Session.object_session(record)
    if read is not None and session is not None and session.info.get(REPLAYING):
        # Undo or redo of an edit: what the form read is long past; the versions this
        # window's own saves left were checked instead (`refuse_if_moved`).
        return
    if session is not None:
        # Sessions keep what they read across transactions (expire_on_commit=False): read
        # the record as stored now, and on a server hold it until this transaction ends.
        session.refresh(record, with_for_update=True)
    if record.version == expected_version:
        return
    raise StaleRecordError(
        record_label(record), changed_fields(read, now() if callable(now) else now), since=since
    )


def version_of(read: object) -> int | None:
    """The version a `*Fields` record was read at (None: made in a form, not read)."""
    version = getattr(read, "version", None)
    return version if isinstance(version, int) and version > 0 else None


def _model(kind: str) -> type[Record]:
    """The class of the records of `kind` (a table's name)."""
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if issubclass(model, Record) and model.__tablename__ == kind:
            return model
    raise ValueError(f"Not a kind of record that counts its saves: {kind!r}")


def stored_versions(session: Session, keys: Iterable[Key]) -> dict[Key, int | None]:
    """The version stored now of each record (None: no longer in the mission)."""
    found: dict[Key, int | None] = {}
    for kind, record_id in keys:
        model = _model(kind)
        # FOR UPDATE on a server: nobody saves the record between this look and the write.
        found[(kind, record_id)] = session.scalar(
            sa.select(model.version).where(model.id == record_id).with_for_update()
        )
    return found


def refuse_if_moved(session: Session, expected: Mapping[Key, int | None]) -> None:
    """Raise StaleRecordError if a record in `expected` is no longer at that version.

    For undo and redo: `expected` holds the versions this window's own saves left.
    """
    stored = stored_versions(session, [key for key, version in expected.items() if version])
    for key, version in stored.items():
        if version == expected[key]:
            continue
        kind, record_id = key
        record = session.get(_model(kind), record_id)
        if record is None:
            raise StaleRecordError(
                f"{_model(kind).__name__} #{record_id}", [], since="this window saved it"
            )
        raise StaleRecordError(record_label(record), [], since="this window saved it")


def check_unchanged(store: Store, expected: Mapping[Key, int | None]) -> None:
    """`refuse_if_moved` on its own, before an undo or redo of several writes begins."""
    with unit_of_work(store):
        refuse_if_moved(store, expected)


def write_expecting(
    store: Store,
    expected: Mapping[Key, int | None],
    service: Callable[Concatenate[Store, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Run a writing `service` in one transaction with a check that the records in
    `expected` are still at those versions (`refuse_if_moved`): StaleRecordError if not,
    and nothing written. For the window's undo and redo."""
    with unit_of_work(store):
        refuse_if_moved(store, expected)
        # What a form read before the edit is long past: its services check the versions
        # just checked here instead (see `refuse_if_changed`).
        store.info[REPLAYING] = True
        try:
            return service(store, *args, **kwargs)
        finally:
            store.info.pop(REPLAYING, None)


class VersionLog:
    """The versions one session's own saves left on the records they touched.

    `start()` before a write, `finish()` after it committed (returns the records it
    touched), `discard()` when it failed: a write rolled back leaves nothing behind.
    """

    def __init__(self, session: Session) -> None:
        self.known: dict[Key, int | None] = {}
        self._pending: dict[Key, int | None] = {}
        self._flushing: list[tuple[Record, bool]] = []
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_flush_postexec", self._after_flush)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        # New records have no id yet: they are named after the flush.
        self._flushing = [
            (record, False)
            for record in (*session.new, *session.dirty)
            if isinstance(record, Record)
        ] + [(record, True) for record in session.deleted if isinstance(record, Record)]

    def _after_flush(self, _session: Session, _context: Any) -> None:
        for record, deleted in self._flushing:
            key = (record.__tablename__, record.id)
            self._pending[key] = None if deleted else record.version
        self._flushing = []

    def start(self) -> None:
        self._pending = {}

    def finish(self) -> frozenset[Key]:
        """Keep what the write just committed left; the records it touched."""
        self.known.update(self._pending)
        touched = frozenset(self._pending)
        self._pending = {}
        return touched

    def discard(self) -> None:
        self._pending = {}

    def keep(self, keys: Iterable[Key]) -> None:
        """Forget every record but `keys` (what the undo history may still check)."""
        wanted = set(keys)
        self.known = {key: version for key, version in self.known.items() if key in wanted}

    def expected(self, keys: Iterable[Key]) -> dict[Key, int | None]:
        """The versions this session's saves left on `keys` (None: deleted or never saved)."""
        return {key: self.known.get(key) for key in keys}


def record_version(session: Session, kind: RecordKind, record_id: int) -> int | None:
    """The version stored now of the `kind` record #record_id (None: not in the mission).

    Read in a transaction of its own and without a lock: the window asks this before it
    asks the user, who may take their time while others keep saving (on a server a lock
    held meanwhile would stop their saves until the question is answered).
    """
    model = _model(kind)
    with unit_of_work(session):
        return session.scalar(sa.select(model.version).where(model.id == record_id))


def delete_if_unchanged(
    store: Store,
    kind: RecordKind,
    record_id: int,
    expected_version: int,
    delete: Callable[[Store, int], object],
) -> object:
    """Run `delete` (an entity's own delete service) unless someone else saved the `kind`
    record #record_id since it was at `expected_version` (when the user was asked): then
    StaleRecordError."""
    with unit_of_work(store):
        record = store.get(_model(kind), record_id)
        if record is not None:
            refuse_if_changed(record, expected_version, since="you chose to delete it")
        return delete(store, record_id)
