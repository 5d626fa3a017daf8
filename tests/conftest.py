"""Fixtures shared by every layer's tests: a fresh mission file per test."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from coordinator.db.missionfile import MissionFile, create_mission_file, open_mission_file
from coordinator.services.demo import write_demo_file
from tests.postgres_server import PostgresServer, running_server


@pytest.fixture
def mission_path(tmp_path: Path) -> Path:
    return tmp_path / "mission.eom"


@pytest.fixture(scope="session")
def empty_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, empty mission file, made once per test run by `create_mission_file`.

    Creating one runs every migration (half a second of processor time); a copy of it is
    the same file, byte for byte, in a few milliseconds. Tests of creation itself call
    `create_mission_file`.
    """
    path = tmp_path_factory.mktemp("empty") / "empty.eom"
    create_mission_file(path).close()
    return path


def new_empty_mission(empty_original: Path, path: Path) -> MissionFile:
    """A new, empty mission at `path`, opened: a copy of the run's `empty_original`."""
    shutil.copy(empty_original, path)
    return open_mission_file(path)


@pytest.fixture
def mission_file(mission_path: Path, empty_original: Path) -> Iterator[MissionFile]:
    """A new, empty mission file on disk, closed (and unlocked) after the test."""
    opened = new_empty_mission(empty_original, mission_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def session(mission_file: MissionFile) -> Iterator[Session]:
    with mission_file.session() as opened:
        yield opened


ELECTION_DAY = dt.date(2024, 11, 17)


@pytest.fixture(scope="session")
def demo_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo mission, written once per test run; tests that change it use `demo_path`."""
    path = tmp_path_factory.mktemp("demo") / "demo.eom"
    write_demo_file(path)
    return path


@pytest.fixture
def demo_path(demo_original: Path, tmp_path: Path) -> Path:
    """A copy of the demo mission of the test's own."""
    path = tmp_path / "demo.eom"
    shutil.copy(demo_original, path)
    return path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Session]:
    """A session on the test's own copy of the demo mission."""
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        yield session


# The service, exchange and report tests run on both homes of a mission: a file and a
# database on a PostgreSQL server the suite starts itself (tests/postgres_server.py).
HOMES = ("file", pytest.param("postgresql", marks=pytest.mark.postgresql))
# A test of what only a file has (SQLite's own SQL, a reference broken by another program).
FILE_ONLY = pytest.mark.parametrize("mission_file", ["file"], indirect=True)


class SharedDatabases:
    """Databases on the test server: each test gets a fresh copy of a template database.

    CREATE DATABASE … TEMPLATE copies the files of a mission made once, far faster than
    running the migrations (or publishing the demo) for every test.
    """

    def __init__(self, server: PostgresServer) -> None:
        self.server = server
        self._templates: set[str] = set()
        self._made = itertools.count(1)

    def template(self, name: str, make: Callable[[str], object]) -> str:
        if name not in self._templates:
            self.server.execute(f"CREATE DATABASE {name}")
            make(self.server.url(name))
            self._templates.add(name)
        return name

    def empty(self) -> str:
        """The address of a new database that holds nothing (a server's fresh database)."""
        name = f"empty_{next(self._made)}"
        self.server.execute(f"CREATE DATABASE {name}")
        return self.server.url(name)

    def fresh(self, template: str) -> str:
        """The address of a new database copied from `template`."""
        name = f"mission_{next(self._made)}"
        self.server.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.server.url(name)

    def drop(self, address: str) -> None:
        """Drop a test's database when it is done: hundreds of them kept to the end made the
        server's folder gigabytes, slow to remove on a busy machine."""
        name = address.rsplit("/", 1)[1]
        self.server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with running_server() as server:
        yield server


@pytest.fixture(scope="session")
def shared_databases(postgres: PostgresServer) -> SharedDatabases:
    return SharedDatabases(postgres)


@pytest.fixture
def shared_address(shared_databases: SharedDatabases) -> Iterator[str]:
    """A new, empty shared mission (as `mission_file` is a new, empty file)."""
    from coordinator.db.sharedmission import create_shared_mission

    empty = shared_databases.template(
        "empty_mission", lambda url: create_shared_mission(url).close()
    )
    address = shared_databases.fresh(empty)
    yield address
    shared_databases.drop(address)


@pytest.fixture
def shared_demo_address(shared_databases: SharedDatabases, demo_original: Path) -> Iterator[str]:
    """A shared mission holding the demo mission, of the test's own."""
    from coordinator.services.sharing import publish

    demo = shared_databases.template("demo_mission", lambda url: publish(demo_original, url))
    address = shared_databases.fresh(demo)
    yield address
    shared_databases.drop(address)


def mission_in(request: pytest.FixtureRequest, mission_path: Path) -> Iterator[MissionFile]:
    """A new, empty mission in the home the test is parametrized with."""
    if request.param == "file":
        opened = new_empty_mission(request.getfixturevalue("empty_original"), mission_path)
    else:
        opened = open_mission_file(request.getfixturevalue("shared_address"))
    try:
        yield opened
    finally:
        opened.close()


def demo_in(request: pytest.FixtureRequest) -> Iterator[Session]:
    """A session on the test's own demo mission, in the home the test is parametrized with."""
    if request.param == "file":
        location: Path | str = request.getfixturevalue("demo_path")
    else:
        location = request.getfixturevalue("shared_demo_address")
    with open_mission_file(location) as mission_file, mission_file.session() as session:
        yield session
