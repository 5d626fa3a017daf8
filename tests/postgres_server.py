"""A real PostgreSQL server for the tests, started in a temporary folder and stopped after.

It listens on 127.0.0.1 on a port free at start and on a unix socket in its folder, with
fsync off (the tests need no durability across a power cut). PostgreSQL refuses to run
as root, so under root (CI) the server runs as the unprivileged `postgres` user (made by
Debian's package) or `nobody`, owning its folder. A machine without the server fails
here, loudly: `make test` installs Debian's `postgresql` package when `pg_ctl` is missing.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

SUPERUSER = "coordinator_tests"
# The role that must give its password (every other one is trusted).
PASSWORD_ROLE = "guarded"


def server_binaries() -> Path:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl)."""
    found = shutil.which("pg_ctl")
    if found is not None:
        return Path(found).resolve().parent
    # Debian keeps each major version apart and puts none of them on PATH: take the newest.
    candidates = Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")
    newest = max(
        candidates, key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0, default=None
    )
    if newest is not None:
        return newest.parent
    raise RuntimeError(
        "PostgreSQL's server (pg_ctl, initdb) is not installed, and the tests of shared "
        "missions need it: `apt-get install postgresql` (`make test` does this on Debian)."
    )


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: None for the current user, unless that is root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError("Running as root, and no 'postgres' or 'nobody' user to run the server.")


class PostgresServer:
    """One server in its own folder; `url(database)` addresses a database on it."""

    def __init__(self) -> None:
        self.binaries = server_binaries()
        self.user = _server_user()
        # Not under pytest's tmp folder: that is private to root, the server's user must own it.
        self.root = Path(tempfile.mkdtemp(prefix="coordinator-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.sockets.mkdir()
        self.port = _free_port()
        if self.user is not None:
            for path in (self.root, self.sockets):
                os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *command: str) -> None:
        environment = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        completed = subprocess.run(
            [str(self.binaries / command[0]), *command[1:]],
            user=self.user.pw_uid if self.user else None,
            group=self.user.pw_gid if self.user else None,
            env=environment,
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"{command[0]} failed ({completed.returncode}): {completed.stderr.strip()}\n"
                f"{completed.stdout.strip()}"
            )

    def start(self) -> None:
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-sync",
        )
        # One role must give a password (the window's prompt is tested with it); the
        # first matching line of pg_hba.conf decides. The file keeps its owner.
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        self.resume()

    def resume(self) -> None:
        """Start the server (again, after `pause`) on the same port and folder."""
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.sockets} -F "
            "-c max_connections=60 -c shared_buffers=32MB -c full_page_writes=off "
            "-c synchronous_commit=off"
        )
        log = self.root / "server.log"
        self._run(
            "pg_ctl", "start", "--pgdata", str(self.data), "-w", "-l", str(log), "-o", options
        )

    def pause(self) -> None:
        """Stop the server as a lost network would: every connection drops."""
        self._run("pg_ctl", "stop", "--pgdata", str(self.data), "-m", "immediate", "-w")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "stop", "--pgdata", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Run statements outside a transaction (CREATE DATABASE cannot run inside one)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        ) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()
