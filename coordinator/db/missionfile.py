"""Opening and creating mission files (`.eom`), and refusing the ones that are not right.

A mission file is a SQLite database marked with our application id. Opening one checks,
in order and without changing anything: that it exists and is a SQLite file, that it is
a mission, that SQLite can read it, that this program is not older than the file, and
whether we may write it. Then it takes the lock, and an older file is backed up next to
itself and upgraded before use.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from coordinator.atomic import disk_is_full, replacing, sweep_partials
from coordinator.db.engine import APPLICATION_ID, session_factory, sqlite_engine, sqlite_uri
from coordinator.db.lock import MissionLock
from coordinator.db.migrate import SCHEMA_VERSION
from coordinator.errors import UserError

if TYPE_CHECKING:
    from coordinator.db.shared import ChangeListener

log = logging.getLogger(__name__)

SUFFIX = ".eom"
SQLITE_MAGIC = b"SQLite format 3\x00"


def is_database(path: Path) -> bool:
    """Whether the file at `path` is an SQLite database (a mission file, say)."""
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


class MissionFileError(UserError):
    """A file that cannot be opened as a mission, with why in plain words."""


class NotSQLiteError(MissionFileError):
    pass


class NotAMissionError(MissionFileError):
    pass


class DamagedFileError(MissionFileError):
    pass


class NewerVersionError(MissionFileError):
    pass


@dataclass
class MissionFile:
    """An open mission file: its engine, how to get sessions, and how it was opened."""

    path: Path
    engine: Engine
    read_only: bool = False
    lock: MissionLock | None = None
    upgraded_from: int | None = None
    backup: Path | None = None
    # Journal files SQLite made beside a read-only file while reading it (see close).
    made_journal: tuple[Path, ...] = ()
    # A shared mission's address without its password (coordinator.db.shared); then
    # `path` is only where files about the mission are suggested (its name: the database's).
    address: str | None = None
    # What others change in a shared mission, heard by the window (None for a file).
    changes: ChangeListener | None = None
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = session_factory(self.engine)

    @property
    def name(self) -> str:
        """What the mission is called in messages: the file's name or the database's address."""
        return self.address if self.address is not None else self.path.name

    @property
    def location(self) -> str:
        """What opens this mission again: the file's full path or the database's address."""
        return self.address if self.address is not None else str(self.path)

    def session(self) -> Session:
        """A new session; services begin and commit their own transaction on it."""
        return self._sessions()

    def close(self) -> None:
        if self.changes is not None:
            self.changes.close()
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
        # A read-only file leaves no empty journal behind: it would keep the file's
        # read-only permissions and refuse every write once the file is writable again.
        wal = _journal(self.path)[0]
        if self.made_journal and (not wal.exists() or wal.stat().st_size == 0):
            for made in self.made_journal:
                with contextlib.suppress(OSError):
                    made.unlink(missing_ok=True)

    def __enter__(self) -> MissionFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def not_a_mission_message(name: str, kind: str) -> str:
    """Why a database of another program is refused: one wording for a file and a server."""
    return (
        f"{name} is {kind}, but not a mission file: it was written by another program. "
        "Open a .eom file made by Mission Coordinator."
    )


def newer_version_message(name: str, version: int) -> str:
    return (
        f"{name} was written by a newer version of Mission Coordinator (file format "
        f"{version}; this program reads up to {SCHEMA_VERSION}). Update the program to open it."
    )


def _is_read_only(path: Path) -> bool:
    """True when we should not write: no permission, or the user took the write bits away.

    Root may write anything, so the file's own mode is asked too: a file made read-only
    on purpose stays unchanged whoever opens it.
    """
    mode = path.stat().st_mode
    no_write_bits = not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    folder = path.parent
    return no_write_bits or not os.access(path, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK)


def _check_header(path: Path) -> None:
    if not path.exists():
        raise MissionFileError(f"{path} does not exist. Check the name and folder.")
    if path.is_dir():
        raise MissionFileError(f"{path} is a folder, not a mission file.")
    try:
        with path.open("rb") as stream:
            header = stream.read(100)
    except PermissionError:
        raise MissionFileError(
            f"{path.name} cannot be read: you do not have permission to open it."
        ) from None
    if not header:
        raise NotSQLiteError(f"{path.name} is empty: it is not a mission file.")
    if not header.startswith(SQLITE_MAGIC):
        raise NotSQLiteError(
            f"{path.name} is not a mission file: it is not a database this program writes "
            "(perhaps another kind of document). Choose a .eom file."
        )
    if len(header) < 100:
        raise DamagedFileError(f"{path.name} is damaged: the file is cut short.")


def _inspect(path: Path) -> int:
    """The schema version of a mission file; raises if it is not a readable mission."""
    # Without a write-ahead log beside it the file alone holds everything, so it is read as
    # immutable: then SQLite leaves no -wal/-shm files next to a file it may refuse.
    wal = path.with_name(path.name + "-wal")
    # An empty one holds nothing either (a full disk's failed opening may leave one).
    pending = wal.exists() and wal.stat().st_size > 0
    uri = sqlite_uri(path, mode="ro") if pending else sqlite_uri(path, mode="ro", immutable="1")
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error as error:
        raise DamagedFileError(f"{path.name} could not be opened: {error}.") from None
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise NotAMissionError(not_a_mission_message(path.name, "a SQLite database"))
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        # Reading the schema and a page of every table finds most damage without the cost
        # of a full integrity check (that is `coordinator check`).
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            connection.execute(f'SELECT * FROM "{table}" LIMIT 1').fetchall()
    except sqlite3.DatabaseError as error:
        if "disk is full" in str(error) or "disk i/o error" in str(error).lower():
            if disk_is_full(path):
                raise MissionFileError(
                    f"{path.name} could not be opened: the disk is full, and SQLite needs a "
                    "few bytes beside the file to read it. The file is as it was; free some "
                    "space and open it again."
                ) from None
            raise MissionFileError(
                f"{path.name} could not be opened: the disk refused to write the few bytes "
                "SQLite needs beside it (is it full, or was it removed?). The file is as it "
                "was; free some space, or reconnect the disk, and open it again."
            ) from None
        raise DamagedFileError(
            f"{path.name} is damaged and cannot be read ({error}). Open your most recent "
            "copy or backup of the mission instead."
        ) from None
    finally:
        connection.close()
    if version > SCHEMA_VERSION:
        raise NewerVersionError(newer_version_message(path.name, version))
    return version


def backup_copy(source: Path, destination: Path) -> None:
    """A consistent copy of a SQLite file through SQLite's backup API, also while open.

    Written beside `destination` and renamed over it; the copy is no more readable by
    others than its source (a private 0600 mission makes a 0600 copy).
    """
    with replacing(destination) as partial:
        with (
            contextlib.closing(sqlite3.connect(sqlite_uri(source, mode="ro"), uri=True)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        _remove_journal(partial)
        with contextlib.suppress(OSError):
            partial.chmod(
                stat.S_IMODE(partial.stat().st_mode) & stat.S_IMODE(source.stat().st_mode)
            )


def _backup_before_upgrade(path: Path, version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    destination = path.with_name(f"{path.stem}.backup-format{version}-{stamp}{path.suffix}")
    backup_copy(path, destination)
    return destination


def open_mission_file(
    path: Path | str,
    *,
    lock: MissionLock | None = None,
    to_read: bool = False,
    keep_journal: bool = False,
    password: str | None = None,
) -> MissionFile:
    """Open an existing mission file, upgrading it (after a backup copy) if it is older.

    `lock`: the file's lock, already held (a file just created under it). `to_read`: for
    a command that only reads (check, statement, export): a current file opens read-only
    without its lock, so it also opens while the window has the mission open.
    `keep_journal`: the file keeps its journal mode (an import that may fail and must
    leave the file as it was, byte for byte, does not switch it to a write-ahead log).
    A `postgresql://` address opens a shared mission instead (`password` when asked for).
    """
    from coordinator.db.shared import is_address

    if is_address(path):
        from coordinator.db.sharedmission import open_shared_mission

        return open_shared_mission(str(path), password=password, to_read=to_read)
    path = Path(path).expanduser().absolute()
    _check_header(path)
    version = _inspect(path)
    if to_read and version == SCHEMA_VERSION and disk_is_full(path):
        # Not even SQLite's few bytes beside the file can be written: read it as it is.
        return _open_immutable(path)
    if to_read and version == SCHEMA_VERSION and not _is_read_only(path):
        # An ordinary connection that only reads: SQLite keeps it consistent with the
        # window's, and the last connection to close removes the journal as usual (a
        # read-only one would leave it behind, owned by whoever ran the command).
        # wal=False: reading switches no journal mode (a rollback-journal file stays one).
        return MissionFile(path, sqlite_engine(path, wal=False), read_only=True)
    read_only = _is_read_only(path)
    if read_only:
        if version < SCHEMA_VERSION:
            raise MissionFileError(
                f"{path.name} is from an older version and must be upgraded, but it is "
                "read-only. Copy it to a folder where you can write and open the copy."
            )
        if lock is not None:
            lock.release()
        if not _journal_can_be_made(path):
            return _open_immutable(path)
        made = tuple(p for p in _journal(path) if not p.exists())
        engine = sqlite_engine(path, read_only=True)
        return MissionFile(path, engine, read_only=True, made_journal=made)

    if lock is None:
        lock = MissionLock(path)
        lock.acquire()
    try:
        sweep_partials(path)  # under the lock, a partial of this file is a killed build's
        upgraded_from = backup = None
        if version < SCHEMA_VERSION and not _stamped_current(path):
            from coordinator.db import migrate

            backup = _backup_before_upgrade(path, version)
            log.info("upgrading %s from format %d, backup at %s", path, version, backup)
            migrate.upgrade(path)
            upgraded_from = version
        engine = sqlite_engine(path, wal=not keep_journal)
        with engine.connect():
            pass  # connecting applies the journal settings now, not at the first edit
    except BaseException:
        lock.release()
        raise
    return MissionFile(path, engine, lock=lock, upgraded_from=upgraded_from, backup=backup)


def _journal_can_be_made(path: Path) -> bool:
    """Whether SQLite can keep its shared-memory file beside `path` (not on a CD, say)."""
    shm = _journal(path)[1]
    if shm.exists():
        return shm.is_file() and os.access(shm, os.R_OK | os.W_OK)
    return os.access(path.parent, os.W_OK | os.X_OK)


def _open_immutable(path: Path) -> MissionFile:
    """A mission on media that cannot be written at all, opened to read as it is."""
    wal = _journal(path)[0]
    if wal.exists() and wal.stat().st_size > 0:
        raise MissionFileError(
            f"{path.name} is on a disk or in a folder that cannot be written, and its last "
            f"changes are still in {wal.name}, which cannot be read there. Copy both files "
            "to a folder where you can write and open the copy."
        )
    log.info("%s: read-only media, opened immutable", path)
    return MissionFile(path, sqlite_engine(path, immutable=True), read_only=True)


def _stamped_current(path: Path) -> bool:
    """Whether Alembic's stamp says the schema is current although user_version is older.

    Then no migration would run: the number is put right without a backup copy (one
    was made on every open before).
    """
    from coordinator.db import migrate

    with contextlib.closing(sqlite3.connect(path)) as connection:
        try:
            stamp = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            return False
        if stamp is not None and not migrate.is_known_revision(stamp[0]):
            # Marked by a program this one does not know (a newer one, or a build of
            # its own): migrating would fail half-way, so nothing is touched.
            raise NewerVersionError(
                f"{path.name} was last changed by a version of Mission Coordinator that this "
                f"one does not know (its schema is marked “{stamp[0]}”). The file was not "
                "changed; open it with the program that wrote it, or update this one."
            )
        if stamp is None or stamp[0] != migrate.head_revision():
            return False
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    log.info("%s: schema current by its stamp; user_version set to %d", path, SCHEMA_VERSION)
    return True


def create_mission_file(
    path: Path | str,
    *,
    replace: bool = False,
    fill: Callable[[MissionFile], None] | None = None,
) -> MissionFile:
    """Create a mission file at the current schema, filled by `fill`, and open it.

    `fill` writes the new mission's content (the standard checklist, the demo, an
    import) while it is still beside `path`: the file appears, or replaces an old one,
    only once it is whole. An error in `fill` leaves `path` as it was.
    """
    path = Path(path).expanduser().absolute()
    if path.is_symlink():
        path = path.resolve()  # the file it names is replaced, under that file's lock
    if path.is_dir():
        raise MissionFileError(f"{path} is a folder: give a file name for the mission.")
    if path.exists() and not replace:
        raise MissionFileError(f"{path} already exists. Choose another name, or open it instead.")
    if not path.parent.is_dir():
        raise MissionFileError(f"The folder {path.parent} does not exist.")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise MissionFileError(f"Could not write {path}: the folder cannot be written to.")
    # Held from before a file it replaces is touched: a copy that has it open refuses.
    lock = MissionLock(path)
    lock.acquire()
    try:
        _build_beside(path, fill)
    except BaseException as error:
        lock.release()
        if not isinstance(error, OSError | sqlite3.Error | SQLAlchemyError):
            raise
        raise MissionFileError(
            f"Could not write {path}: {_write_failure(error)}. Nothing was changed."
        ) from None
    try:
        return open_mission_file(path, lock=lock)
    except BaseException:
        lock.release()
        raise


def _write_failure(error: BaseException) -> str:
    """Why writing a file failed, in plain words (a full disk above all)."""
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return "the disk is full"
        return error.strerror or str(error)
    if "disk is full" in str(error) or "SQLITE_FULL" in str(error):
        return "the disk is full"
    return "the folder cannot be written to"


def _build_beside(path: Path, fill: Callable[[MissionFile], None] | None) -> None:
    """The whole new mission written beside `path`, flushed, then renamed over it.

    Until the rename, `path` is the old mission untouched: a kill at any moment leaves the
    old mission or the whole new one. What a killed build left beside it (a partial and
    its journal) is removed by the next build, under the file's lock.
    """
    from coordinator.db import migrate

    _remove_journal(path.with_name(path.name + ".new"))  # left by older versions
    path.with_name(path.name + ".new").unlink(missing_ok=True)
    with replacing(path) as partial:
        migrate.upgrade(partial)
        if fill is not None:
            with MissionFile(partial, sqlite_engine(partial)) as building:
                fill(building)
        _fold_journal(partial)
        # The replaced file's journal (left by a copy that was killed) belongs to it:
        # SQLite would play it into the new file.
        _remove_journal(path)


def _fold_journal(path: Path) -> None:
    """Write what the write-ahead log of `path` holds into the file itself, and remove it.

    The last connection to close does this already; a log that is still there (a
    connection kept by the garbage collector) is checkpointed here, so the file renamed
    into place is whole on its own.
    """
    wal, shm = _journal(path)
    if wal.exists():
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for part in (wal, shm):
        part.unlink(missing_ok=True)


def _journal(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and shared-memory files SQLite keeps beside `path`."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _remove_journal(path: Path) -> None:
    for part in _journal(path):
        part.unlink(missing_ok=True)
