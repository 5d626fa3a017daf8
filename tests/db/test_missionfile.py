"""Opening and creating mission files: the wrong files are refused plainly and left untouched."""

from __future__ import annotations

import atexit
import functools
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.db import migrate
from coordinator.db.engine import APPLICATION_ID
from coordinator.db.errors import StorageError
from coordinator.db.migrate import SCHEMA_VERSION
from coordinator.db.missionfile import (
    DamagedFileError,
    MissionFileError,
    NewerVersionError,
    NotAMissionError,
    NotSQLiteError,
    create_mission_file,
    open_mission_file,
)
from coordinator.db.models import Locality, PollingStation
from coordinator.errors import UserError
from coordinator.services.stations import LocalityFields, create_locality

# --- files that are not right, shared with the command line's tests ----------------------


@functools.cache
def _made_with_stations(stations: int) -> Path:
    """A mission file with `stations` stations, made once per run (removed when it ends)."""
    folder = tempfile.mkdtemp(prefix="coordinator-tests-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "stations.eom"
    with (
        create_mission_file(path) as mission_file,
        mission_file.session() as session,
        session.begin(),
    ):
        bishkek = Locality(name="Бишкек")
        session.add_all(
            PollingStation(code=f"{n:04d}", name=f"Школа № {n}", locality=bishkek)
            for n in range(stations)
        )
    return path


def write_mission_with_stations(path: Path, stations: int = 300) -> None:
    """A real mission file with enough stations to fill several pages: a copy of one made
    once per run for each number of stations (creating one runs every migration)."""
    shutil.copyfile(_made_with_stations(stations), path)


def _page_size(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        size = int(connection.execute("PRAGMA page_size").fetchone()[0])
    connection.close()
    return size


def _text_file(path: Path) -> None:
    path.write_text("Delegations\nAzerbaijan; Kazakhstan; Uzbekistan\n", encoding="utf-8")


def _pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 8)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _other_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contact (name TEXT, phone TEXT)")
        connection.execute("INSERT INTO contact VALUES ('Aida', '+996 555 000 111')")
    connection.close()


def _newer_version(path: Path) -> None:
    create_mission_file(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()


def _schema_overwritten(path: Path) -> None:
    write_mission_with_stations(path)
    data = bytearray(path.read_bytes())
    # Everything on the first page after SQLite's 100-byte header: the list of tables.
    data[100 : _page_size(path)] = b"\x5a" * (_page_size(path) - 100)
    path.write_bytes(bytes(data))


def _table_overwritten(path: Path) -> None:
    write_mission_with_stations(path)
    with sqlite3.connect(path) as connection:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'polling_station'"
        ).fetchone()[0]
    connection.close()
    size = _page_size(path)
    with path.open("r+b") as stream:
        stream.seek((root - 1) * size)
        stream.write(b"\xff\x00" * (size // 2))


def _truncated(path: Path) -> None:
    write_mission_with_stations(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _cut_within_header(path: Path) -> None:
    write_mission_with_stations(path, stations=1)
    path.write_bytes(path.read_bytes()[:60])


NOT_SQLITE = (
    "{name} is not a mission file: it is not a database this program writes (perhaps another "
    "kind of document). Choose a .eom file."
)
DAMAGED = (
    "{name} is damaged and cannot be read (database disk image is malformed). Open your most "
    "recent copy or backup of the mission instead."
)

# What each wrong file is, the error it raises, and the message a coordinator reads.
BAD_FILES: dict[str, tuple[Callable[[Path], None], type[MissionFileError], str]] = {
    "a text file": (_text_file, NotSQLiteError, NOT_SQLITE),
    "a PDF": (_pdf, NotSQLiteError, NOT_SQLITE),
    "an empty file": (_empty, NotSQLiteError, "{name} is empty: it is not a mission file."),
    "another program's database": (
        _other_database,
        NotAMissionError,
        "{name} is a SQLite database, but not a mission file: it was written by another "
        "program. Open a .eom file made by Mission Coordinator.",
    ),
    "a newer version's file": (
        _newer_version,
        NewerVersionError,
        f"{{name}} was written by a newer version of Mission Coordinator (file format "
        f"{SCHEMA_VERSION + 1}; this program reads up to {SCHEMA_VERSION}). Update the program "
        "to open it.",
    ),
    "a file whose list of tables is garbage": (_schema_overwritten, DamagedFileError, DAMAGED),
    "a file with a table's page overwritten": (_table_overwritten, DamagedFileError, DAMAGED),
    "a file cut in half": (_truncated, DamagedFileError, DAMAGED),
    "a file cut within its header": (
        _cut_within_header,
        DamagedFileError,
        "{name} is damaged: the file is cut short.",
    ),
}


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in `folder` with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


# --- refusing them ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_wrong_file_is_refused_plainly_and_left_untouched(tmp_path: Path, kind: str) -> None:
    make, error_class, message = BAD_FILES[kind]
    path = tmp_path / "Mission 2024.eom"
    make(path)
    before = folder_state(tmp_path)
    time.sleep(0.01)  # a write would now show in the modification time
    with pytest.raises(error_class) as raised:
        open_mission_file(path)
    assert type(raised.value) is error_class
    assert str(raised.value) == message.format(name=path.name)
    # Nothing written, and nothing left beside it: no lock, no -wal or -shm file.
    assert folder_state(tmp_path) == before


def test_each_kind_of_wrong_file_has_its_own_message(tmp_path: Path) -> None:
    messages = {}
    for number, (make, _error, _message) in enumerate(BAD_FILES.values()):
        path = tmp_path / f"{number}.eom"
        make(path)
        with pytest.raises(MissionFileError) as raised:
            open_mission_file(path)
        messages[type(raised.value)] = messages.get(type(raised.value), set()) | {
            str(raised.value).removeprefix(path.name)
        }
    assert set(messages) == {NotSQLiteError, NotAMissionError, NewerVersionError, DamagedFileError}
    every = [text for texts in messages.values() for text in texts]
    assert len(every) == len(set(every))


def test_a_missing_file_and_a_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(MissionFileError, match=r"missing\.eom does not exist\."):
        open_mission_file(tmp_path / "missing.eom")
    (tmp_path / "folder.eom").mkdir()
    with pytest.raises(MissionFileError, match=r"folder\.eom is a folder, not a mission file\."):
        open_mission_file(tmp_path / "folder.eom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.eom"]


# --- read-only files ---------------------------------------------------------------------------


def test_a_read_only_file_opens_for_reading_and_refuses_writes(mission_path: Path) -> None:
    write_mission_with_stations(mission_path, stations=3)
    mission_path.chmod(0o444)
    before = mission_path.read_bytes(), mission_path.stat().st_mtime_ns
    with open_mission_file(mission_path) as mission_file:
        assert mission_file.read_only
        assert mission_file.lock is None
        assert not mission_path.with_name(mission_path.name + ".lock").exists()
        with mission_file.session() as session:
            count = session.scalar(sa.select(sa.func.count()).select_from(PollingStation))
            assert count == 3
            with pytest.raises(StorageError) as raised:
                create_locality(session, LocalityFields("Кант"))
            assert isinstance(raised.value, UserError)
            assert "read-only" in str(raised.value)
            # The refusal leaves the session usable for reading.
            assert session.scalar(sa.select(sa.func.count()).select_from(Locality)) == 1
    assert (mission_path.read_bytes(), mission_path.stat().st_mtime_ns) == before
    # No journal is left: read-only like the file, it would refuse writes once the
    # file is made writable again.
    assert sorted(p.name for p in mission_path.parent.iterdir()) == ["mission.eom"]


def test_a_read_only_file_that_needs_an_upgrade_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.eom"
    migrate.upgrade(path, "0001")
    path.chmod(0o444)
    before = folder_state(tmp_path)
    with pytest.raises(MissionFileError) as raised:
        open_mission_file(path)
    assert str(raised.value) == (
        "old.eom is from an older version and must be upgraded, but it is read-only. Copy it "
        "to a folder where you can write and open the copy."
    )
    assert folder_state(tmp_path) == before


# --- creating files ------------------------------------------------------------------------------


def test_a_new_file_is_a_current_mission_and_leaves_nothing_beside_it(mission_path: Path) -> None:
    with create_mission_file(mission_path) as mission_file:
        assert not mission_file.read_only
        assert mission_file.upgraded_from is None
        assert mission_file.backup is None
    with sqlite3.connect(mission_path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()
    assert [p.name for p in mission_path.parent.iterdir()] == [mission_path.name]


def test_creating_over_an_existing_file_needs_replace(mission_path: Path) -> None:
    write_mission_with_stations(mission_path, stations=2)
    with pytest.raises(MissionFileError, match="already exists"):
        create_mission_file(mission_path)
    with (
        create_mission_file(mission_path, replace=True) as mission_file,
        mission_file.session() as session,
    ):
        assert session.scalar(sa.select(sa.func.count()).select_from(PollingStation)) == 0


def test_creating_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MissionFileError, match="does not exist"):
        create_mission_file(tmp_path / "nowhere" / "mission.eom")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["Mission #2.eom", "what?.eom", "100% done.eom", "%23.eom", "Миссия Бишкек 2024.eom"]
)
def test_any_file_name_works(tmp_path: Path, name: str) -> None:
    """Characters that mean something in a URL ("#", "?", "%") are part of the name."""
    path = tmp_path / name
    with create_mission_file(path) as mission_file, mission_file.session() as session:
        create_locality(session, LocalityFields("Кант"))
    with open_mission_file(path) as mission_file, mission_file.session() as session:
        assert session.scalars(sa.select(Locality.name)).all() == ["Кант"]
    path.chmod(0o444)
    with open_mission_file(path) as mission_file, mission_file.session() as session:
        assert mission_file.read_only
        assert session.scalars(sa.select(Locality.name)).all() == ["Кант"]
    # No stray file made from a name cut short at the "#" or "?".
    assert {p.name for p in tmp_path.iterdir()} <= {name, f"{name}-wal", f"{name}-shm"}
