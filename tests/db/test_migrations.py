"""Migrations: a file from every earlier revision opens, is backed up, upgraded, and loses nothing.

The pattern for every new migration: the rows below (written as raw SQL, the way the
older program stored them) go into a file built at each earlier revision; opening it must
upgrade it to the program's schema, keep a backup copy with the old rows, and find every
row again. A new table needs rows here, and a new column a value or a default, or the
test says so.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from coordinator.db import migrate
from coordinator.db.engine import APPLICATION_ID, sqlite_engine
from coordinator.db.integrity import sqlite_integrity_problems
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Base
from coordinator.db.text import search_key

SCRIPTS = ScriptDirectory.from_config(migrate.alembic_config())
# Oldest first.
REVISIONS = [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))]
HEAD = SCRIPTS.get_current_head()


def _schema_version(revision: str) -> int:
    script = SCRIPTS.get_revision(revision)
    assert script is not None
    return int(script.module.SCHEMA_VERSION)


def _id() -> str:
    return uuid.uuid4().hex  # how sa.Uuid stores a UUID in SQLite


# Every table with rows as an older program wrote them, parents before children. Text in
# Cyrillic and Turkic letters, so that the search keys computed on upgrade are tested.
# fmt: off
ROWS: dict[str, list[dict[str, Any]]] = {
    "mission": [
        {"id": 1, "uuid": _id(), "name": "OTS EOM", "organisation": "Organization of Turkic States",
         "organisation_short": "OTS", "election": "Local councils", "country": "Kyrgyz Republic",
         "election_date": "2024-11-17", "mission_start": "2024-11-14",
         "mission_end": "2024-11-19", "invited_by": "CEC", "head_of_mission": "Ömer Kocaman",
         "statement_place": "Bishkek", "statement_date": "2024-11-18", "language": "en"},
    ],
    "delegation": [
        {"id": 1, "uuid": _id(), "name": "Azərbaycan Respublikası", "kind": "member_state",
         "country": "Azərbaycan", "notes": ""},
        {"id": 2, "uuid": _id(), "name": "OTS Secretariat", "kind": "secretariat", "country": "",
         "notes": "Istanbul"},
    ],
    "team": [
        {"id": 1, "uuid": _id(), "code": "T01", "interpreter": "Айбек",
         "interpreter_phone": "+996 1", "driver": "Улан", "driver_phone": "+996 2",
         "vehicle": "Toyota", "area": "Бишкек", "notes": ""},
    ],
    "member": [
        {"id": 1, "uuid": _id(), "delegation_id": 1, "full_name": "Aysel Məmmədova",
         "position": "Deputy", "role": "observer", "email": "aysel@example.org",
         "phone": "+994 50", "passport_no": "C123", "accreditation_no": "A-7",
         "accreditation_status": "accredited", "arrival": "2024-11-14",
         "departure": "2024-11-19", "languages": "az; ru", "team_id": 1},
        {"id": 2, "uuid": _id(), "delegation_id": 2, "full_name": "İsmail Yılmaz", "position": "",
         "role": "coordinator", "email": "", "phone": "", "passport_no": "",
         "accreditation_no": "", "accreditation_status": "requested", "arrival": None,
         "departure": None, "languages": "", "team_id": None},
    ],
    "meeting": [
        {"id": 1, "uuid": _id(), "date": "2024-11-16", "start": "10:00", "end": "11:30",
         "location": "ЦИК Бишкек", "kind": "presentation", "summary": "Порог снижен с 7% до 5%"},
    ],
    "interlocutor": [
        {"id": 1, "uuid": _id(), "meeting_id": 1, "position_in_list": 0,
         "name": "Нуржан Шайлдабекова", "position": "Председатель", "institution": "ЦИК"},
    ],
    "key_point": [
        {"id": 1, "uuid": _id(), "meeting_id": 1, "position_in_list": 0,
         "text": "The threshold was reduced from 7% to 5%.", "for_statement": 1},
    ],
    "meeting_participant": [{"meeting_id": 1, "member_id": 1}, {"meeting_id": 1, "member_id": 2}],
    "locality": [
        {"id": 1, "uuid": _id(), "name": "Бишкек", "kind": "city", "district": "Свердловский",
         "region": "Бишкек шаары"},
    ],
    "polling_station": [
        {"id": 1, "uuid": _id(), "code": "0012", "name": "Бишкек школа", "address": "ул. Өмүр 5",
         "locality_id": 1, "registered_voters": 1520, "latitude": 42.87, "longitude": 74.59,
         "accessible": 1},
        {"id": 2, "uuid": _id(), "code": "0013", "name": "", "address": "", "locality_id": 1,
         "registered_voters": None, "latitude": None, "longitude": None, "accessible": None},
    ],
    "visit": [
        {"id": 1, "uuid": _id(), "ref": "V-001", "team_id": 1, "station_id": 1,
         "date": "2024-11-17", "phase": "opening", "planned_arrival": "07:30",
         "planned_departure": "08:30", "actual_arrival": "07:35", "actual_departure": "08:20",
         "status": "done", "voters_voted": 0, "overall": "very_good", "notes": "On time"},
        {"id": 2, "uuid": _id(), "ref": "V-002", "team_id": 1, "station_id": 2,
         "date": "2024-11-17", "phase": "voting", "planned_arrival": None,
         "planned_departure": None, "actual_arrival": None, "actual_departure": None,
         "status": "planned", "voters_voted": None, "overall": None, "notes": ""},
    ],
    "checklist_question": [
        {"id": 1, "uuid": _id(), "code": "O1", "phase": "opening", "position_in_list": 1,
         "text": "Did the station open on time?", "answer_type": "yes_no", "choices": "",
         "negative_answer": "no", "critical_answer": "", "required": 1},
        {"id": 2, "uuid": _id(), "code": "O2", "phase": "opening", "position_in_list": 2,
         "text": "Queue", "answer_type": "choice", "choices": "none;short;long",
         "negative_answer": "long", "critical_answer": ""},
    ],
    "answer": [
        {"id": 1, "uuid": _id(), "visit_id": 1, "question_id": 1, "value": "yes", "comment": ""},
        {"id": 2, "uuid": _id(), "visit_id": 1, "question_id": 2, "value": "short",
         "comment": "~20 people"},
    ],
    "incident": [
        {"id": 1, "uuid": _id(), "visit_id": 1, "time": "08:05", "category": "technology",
         "severity": "minor", "observed": 1, "description": "Biometric reader restarted"},
    ],
    "debrief_note": [
        {"id": 1, "uuid": _id(), "date": "2024-11-17", "team_id": 1, "author": "Aysel Məmmədova",
         "topic": "Opening", "text": "Все прошло спокойно", "for_statement": 1},
        {"id": 2, "uuid": _id(), "date": "2024-11-17", "team_id": None, "author": "",
         "topic": "", "text": "No remarks", "for_statement": 0},
    ],
    "statement_section": [
        {"id": 1, "uuid": _id(), "position_in_list": 1, "title": "Introduction",
         "text": "The Mission visited {stations_visited} polling stations."},
    ],
    "translation": [
        {"id": 1, "uuid": _id(), "language": "ru", "original": "Organization of Turkic States",
         "text": "Организация тюркских государств"},
    ],
}
# fmt: on


def _expected_search_key(table: str, row: dict[str, Any]) -> str | None:
    """The key the services write for `row`, from the columns they search (None: no key)."""
    columns = {
        "delegation": ("name", "country"),
        "member": ("full_name", "position", "email", "phone", "passport_no", "accreditation_no"),
        "locality": ("name", "district", "region"),
        "polling_station": ("code", "name", "address"),
        "debrief_note": ("author", "topic", "text"),
    }
    if table == "meeting":
        people = " ".join(
            f"{i['name']} {i['position']} {i['institution']}"
            for i in ROWS["interlocutor"]
            if i["meeting_id"] == row["id"]
        )
        return search_key(row["location"], row["summary"], people or None)
    if table in columns:
        return search_key(*(row[column] for column in columns[table]))
    return None


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows} - {"alembic_version"}


def fill_with_rows(path: Path) -> None:
    """Write ROWS into the file as its own revision stores them, with raw SQL."""
    with sqlite3.connect(path) as connection:
        tables = _tables(connection)
        assert tables <= set(ROWS), f"add rows for {sorted(tables - set(ROWS))} to ROWS"
        for table, rows in ROWS.items():
            if table not in tables:
                continue  # added by a later revision
            columns = _columns(connection, table)
            for row in rows:
                values = {name: value for name, value in row.items() if name in columns}
                if "search_key" in columns:
                    values["search_key"] = _expected_search_key(table, row)
                names = ", ".join(f'"{name}"' for name in values)
                marks = ", ".join("?" for _ in values)
                connection.execute(
                    f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values())
                )
    connection.close()


def _dump(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as stored."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        dump = {}
        for table in sorted(_tables(connection)):
            rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
            dump[table] = sorted((dict(row) for row in rows), key=repr)
    connection.close()
    return dump


def _schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    connection.close()
    return rows


def _file_version(path: Path) -> tuple[int, int, str]:
    with sqlite3.connect(path) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    connection.close()
    return version, application_id, revision


@pytest.mark.parametrize("revision", REVISIONS)
def test_each_revision_sets_its_schema_version(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "mission.eom"
    migrate.upgrade(path, revision)
    assert _file_version(path) == (_schema_version(revision), APPLICATION_ID, revision)


def test_the_newest_migration_is_the_programs_schema_version() -> None:
    assert REVISIONS[-1] == HEAD
    assert _schema_version(HEAD) == migrate.SCHEMA_VERSION
    # One number per revision, counting up: an older file is always told apart.
    assert [_schema_version(r) for r in REVISIONS] == list(range(1, len(REVISIONS) + 1))


def test_the_schema_from_migrations_is_the_models_schema(tmp_path: Path) -> None:
    path = tmp_path / "mission.eom"
    migrate.upgrade(path)
    engine = sqlite_engine(path)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", REVISIONS[:-1])
def test_an_older_file_is_backed_up_and_upgraded_with_every_row(
    tmp_path: Path, revision: str
) -> None:
    path = tmp_path / "Миссия 2024.eom"
    migrate.upgrade(path, revision)
    fill_with_rows(path)
    old = _dump(path)
    assert all(old[table] for table in old), "every table has rows"
    old_version = _schema_version(revision)

    with open_mission_file(path) as mission_file:
        assert mission_file.upgraded_from == old_version
        backup = mission_file.backup
        assert backup is not None
        # The model reads every row back (types, enums, dates and times as stored).
        with mission_file.session() as session:
            for mapper in Base.registry.mappers:
                model = mapper.class_
                loaded = session.scalars(sa.select(model)).all()
                table = model.__tablename__
                # A table a later revision added starts empty.
                expected = len(ROWS[table]) if table in old else 0
                assert len(loaded) == expected, model

    # Upgraded in place: the current version, every old row with its old values.
    assert _file_version(path) == (migrate.SCHEMA_VERSION, APPLICATION_ID, HEAD)
    new = _dump(path)
    for table, rows in old.items():
        assert [{k: row[k] for k in rows[0]} for row in new[table]] == rows, table
    # Every record starts counting its saves at 1 (all but the links between two records).
    for table, rows in new.items():
        if table != "meeting_participant":
            assert [row["version"] for row in rows] == [1] * len(rows), table
    # Records that are searched have their key, computed from their words.
    for table, rows in ROWS.items():
        for row in rows:
            expected = _expected_search_key(table, row)
            if expected is not None:
                stored = next(r for r in new[table] if r["id"] == row["id"])
                assert stored["search_key"] == expected, (table, row["id"])
    # Questions of a file that could not mark one required are not required.
    if "required" not in old["checklist_question"][0]:
        assert [r["required"] for r in new["checklist_question"]] == [0, 0]
    # The sections a file had are in the mission's language.
    assert [r["language"] for r in new["statement_section"]] == ["en"]
    station = next(r for r in new["polling_station"] if r["code"] == "0012")
    assert "бишкек школа" in station["search_key"]
    assert "өмүр" in station["search_key"]

    # The backup beside it is the file as it was.
    assert backup.parent == path.parent
    assert backup.name.startswith(f"{path.stem}.backup-format{old_version}-")
    assert backup.suffix == ".eom"
    assert _file_version(backup) == (old_version, APPLICATION_ID, revision)
    assert _dump(backup) == old

    # Opening it again finds it current: no second backup.
    with open_mission_file(path) as mission_file:
        assert mission_file.upgraded_from is None
        assert mission_file.backup is None
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, backup.name])


def test_references_already_broken_do_not_stop_an_upgrade(tmp_path: Path) -> None:
    """The upgrade goes on and the check reports them, as for a current file."""
    path = tmp_path / "mission.eom"
    migrate.upgrade(path, REVISIONS[0])
    fill_with_rows(path)
    with sqlite3.connect(path) as connection:  # another program, foreign keys off
        connection.execute(
            "INSERT INTO answer (id, uuid, visit_id, question_id, value, comment) "
            "VALUES (7, ?, 999, 1, 'yes', '')",
            (_id(),),
        )
    connection.close()
    with open_mission_file(path) as mission_file:
        assert mission_file.upgraded_from == _schema_version(REVISIONS[0])
        assert sqlite_integrity_problems(mission_file.engine) == [
            "1 answer record refers to a visit that is not in the file (row 7)."
        ]


def test_a_failed_upgrade_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "mission.eom"
    migrate.upgrade(path, REVISIONS[0])
    fill_with_rows(path)
    # A column someone added by hand makes the upgrade fail after it changed other tables.
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE debrief_note ADD COLUMN search_key TEXT")
    connection.close()
    old, old_schema = _dump(path), _schema(path)
    with pytest.raises(sa.exc.OperationalError, match="duplicate column name: search_key"):
        open_mission_file(path)
    assert _dump(path) == old
    assert _schema(path) == old_schema
    assert _file_version(path)[0] == _schema_version(REVISIONS[0])
    assert not path.with_name(path.name + ".lock").exists()
