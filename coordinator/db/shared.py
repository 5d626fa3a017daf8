"""A mission in a PostgreSQL database that several windows and commands use at once.

The same models and migrations serve both homes. What a file keeps in its SQLite header
(the application id and the schema's number, `PRAGMA application_id` and `user_version`)
a database keeps in the one-row table `coordinator_marks`; the migrations' PRAGMA lines
are written to it while they run on PostgreSQL (see `marks_for_pragmas`), so a migration
is written once, for the file, and serves both.

An address is `postgresql://user@host[:port]/database`. The password is never part of
what is shown or remembered: libpq finds it in PGPASSWORD or ~/.pgpass, or the window
asks for it and hands it in.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy import event
from sqlalchemy.engine import Engine

from coordinator.errors import UserError

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
MARKS = "coordinator_marks"
# Every change to a mission's table is announced on this channel when its transaction
# commits; the payload is the table's name and the writer's application_name.
CHANNEL = "coordinator_changes"
# Held by whoever migrates or publishes into a database (pg_advisory_xact_lock's key).
MIGRATION_LOCK = 0x4D436F31
# Held by an import for its whole transaction: a second importer waits for it.
IMPORT_LOCK = 0x4D436F32
IMPORT_WAIT = "2min"
_PRAGMA = re.compile(r"\s*PRAGMA\s+(application_id|user_version)\s*=\s*(\d+)\s*;?\s*", re.I)
_COLUMN = {"application_id": "application_id", "user_version": "schema_version"}


class SharedMissionError(UserError):
    """A shared mission that cannot be reached or opened, with why in plain words."""


class PasswordNeededError(SharedMissionError):
    """The server asks for a password that neither PGPASSWORD nor ~/.pgpass gives."""


def is_address(location: object) -> bool:
    """Whether `location` (a command's argument, a recent entry) is a PostgreSQL address."""
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def parse_address(address: str, password: str | None = None) -> sa.URL:
    """The SQLAlchemy URL of `address`, for psycopg 3; a clear message if it is malformed."""
    try:
        url = sa.make_url(address)
    except sqlalchemy.exc.ArgumentError:
        url = None
    if url is None or not url.database or not url.host or url.get_backend_name() != "postgresql":
        raise SharedMissionError(
            f"'{address}' is not the address of a shared mission. Write it as "
            "postgresql://user@host[:port]/database."
        )
    url = url.set(drivername="postgresql+psycopg")
    return url.set(password=password) if password is not None else url


def display_address(url: sa.URL) -> str:
    """The address as a user reads and the program remembers it: never its password."""
    bare = sa.URL.create(
        "postgresql", username=url.username, host=url.host, port=url.port, database=url.database
    )
    return bare.render_as_string(hide_password=True)


def shared_engine(
    url: sa.URL, *, read_only: bool = False, writer: str = "Mission Coordinator"
) -> Engine:
    """An engine on the database at `url`; a dropped connection is found before use.

    `writer` names this program's connections to the others (it comes back with each
    change announced, so a window can tell its own changes from others').
    """
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=3,
        connect_args={"connect_timeout": 5, "application_name": writer},
    )
    if read_only:
        engine = engine.execution_options(postgresql_readonly=True)
    return engine


def connection_error(url: sa.URL, error: sqlalchemy.exc.DBAPIError) -> SharedMissionError:
    """Why the server could not be reached or refused us, in the user's words."""
    where = display_address(url)
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    lowered = reason.lower()
    if "no password supplied" in lowered or "password authentication failed" in lowered:
        wrong = "password authentication failed" in lowered
        return PasswordNeededError(
            f"{where}: the server {'refused the password' if wrong else 'asks for a password'}. "
            "Give it in PGPASSWORD or ~/.pgpass (the window asks for it)."
        )
    if "does not exist" in lowered and "database" in lowered:
        return SharedMissionError(
            f"{where}: there is no database {url.database} on that server. Ask the server's "
            "administrator to create it (see docs/shared-mission.md)."
        )
    return SharedMissionError(f"Could not reach the shared mission {where}: {reason}.")


def user_tables(connection: sa.Connection) -> list[str]:
    """The tables in the database's own schemas (not PostgreSQL's catalogues)."""
    return list(
        connection.exec_driver_sql(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
            "ORDER BY 1"
        ).scalars()
    )


def read_marks(connection: sa.Connection) -> tuple[int, int] | None:
    """(application id, schema version) of the database; None when it has no marks."""
    present = connection.exec_driver_sql(f"SELECT to_regclass('{MARKS}') IS NOT NULL").scalar()
    if not present:
        return None
    row = connection.exec_driver_sql(
        f"SELECT application_id, schema_version FROM {MARKS} LIMIT 1"
    ).first()
    return None if row is None else (int(row[0]), int(row[1]))


def may_write(connection: sa.Connection) -> bool:
    """Whether the connected role may change the mission (insert into its tables)."""
    return bool(
        connection.exec_driver_sql(
            "SELECT has_table_privilege(current_user, 'mission', 'INSERT')"
        ).scalar()
    )


@contextlib.contextmanager
def marks_for_pragmas(connection: sa.Connection) -> Iterator[None]:
    """While migrations run on `connection`, their PRAGMA marks go to `coordinator_marks`."""
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    connection.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {MARKS} "
        "(application_id bigint NOT NULL, schema_version integer NOT NULL)"
    )
    connection.exec_driver_sql(
        f"INSERT INTO {MARKS} SELECT 0, 0 WHERE NOT EXISTS (SELECT 1 FROM {MARKS})"
    )

    def rewrite(
        _conn: sa.Connection,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> tuple[str, Any]:
        match = _PRAGMA.fullmatch(statement)
        if match is not None:
            column = _COLUMN[match.group(1).lower()]
            statement = f"UPDATE {MARKS} SET {column} = {int(match.group(2))}"
        return statement, parameters

    event.listen(connection, "before_cursor_execute", rewrite, retval=True)
    try:
        yield
    finally:
        event.remove(connection, "before_cursor_execute", rewrite)


class ImportBusyError(SharedMissionError):
    """Another import into the shared mission ran longer than we waited for it."""


def hold_import_lock(connection: sa.Connection) -> None:
    """Wait for another import into a shared mission to end, then import alone.

    A file has its own lock (one window at a time); on a server two imports could
    otherwise interleave their checks of what is already there.
    """
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{IMPORT_WAIT}'")
    try:
        # A timeout aborts the caller's transaction: nothing of the import is written.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK})")
    except sqlalchemy.exc.OperationalError as error:
        if "lock timeout" not in str(error.orig).lower():
            raise
        raise ImportBusyError(
            f"Someone else has been importing into this shared mission for {IMPORT_WAIT}; "
            "nothing was imported. Try again when their import has ended."
        ) from None
    connection.exec_driver_sql("SET LOCAL lock_timeout = 0")


def install_change_notices(connection: sa.Connection) -> None:
    """Triggers announcing each committed change to a mission's table on CHANNEL."""
    from coordinator.db.models import Base

    connection.exec_driver_sql(
        "CREATE OR REPLACE FUNCTION coordinator_notify() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ' ' || "
        "current_setting('application_name')); RETURN NULL; END $$"
    )
    existing = set(sa.inspect(connection).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in existing:
            continue  # a database upgraded only part way has not got it yet
        connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS {CHANNEL} ON "{table.name}"')
        connection.exec_driver_sql(
            f"CREATE TRIGGER {CHANNEL} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f'ON "{table.name}" FOR EACH STATEMENT EXECUTE FUNCTION coordinator_notify()'
        )


class ChangeListener:
    """Hears which tables other programs changed in a shared mission (LISTEN/NOTIFY).

    `poll()` never waits: the window calls it from a timer. A dropped connection is
    opened again at the next poll, so notices resume when the server is back.
    """

    def __init__(self, url: sa.URL, writer: str) -> None:
        self.url = url
        self.writer = writer
        self._connection: Any = None

    def _connect(self) -> Any:
        import psycopg

        connection = psycopg.connect(
            host=self.url.host,
            port=self.url.port or 5432,
            user=self.url.username,
            password=self.url.password,
            dbname=self.url.database,
            autocommit=True,
            connect_timeout=2,
            application_name=f"{self.writer} (listening)",
        )
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def poll(self) -> set[str] | None:
        """The tables others changed since the last poll; None while the server is away."""
        import psycopg

        try:
            if self._connection is None or self._connection.closed:
                self._connection = self._connect()
                # Whatever happened while we were not listening is unknown: all of it.
                return {"*"}
            tables = set()
            for notice in self._connection.notifies(timeout=0):
                table, _, writer = notice.payload.partition(" ")
                if writer != self.writer:
                    tables.add(table)
            return tables
        except psycopg.Error:
            self.close()
            return None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
