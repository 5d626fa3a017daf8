"""The settings every connection to a mission file has, read back from SQLite itself."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy.orm import Session

from coordinator.db.engine import APPLICATION_ID, BUSY_TIMEOUT_MS, sqlite_engine
from coordinator.db.enums import AnswerType, IncidentCategory, Phase
from coordinator.db.migrate import SCHEMA_VERSION
from coordinator.db.missionfile import MissionFile, open_mission_file
from coordinator.db.models import (
    Answer,
    ChecklistQuestion,
    DebriefNote,
    Delegation,
    Incident,
    Interlocutor,
    KeyPoint,
    Locality,
    Meeting,
    Member,
    PollingStation,
    Team,
    Visit,
    meeting_participant,
)


def _pragma(connection: sa.Connection, name: str) -> object:
    return connection.exec_driver_sql(f"PRAGMA {name}").scalar_one()


def test_every_connection_has_the_mission_file_settings(mission_file: MissionFile) -> None:
    with mission_file.engine.connect() as connection:
        assert _pragma(connection, "foreign_keys") == 1
        assert _pragma(connection, "journal_mode") == "wal"
        assert _pragma(connection, "busy_timeout") == BUSY_TIMEOUT_MS
        assert _pragma(connection, "synchronous") == 1  # NORMAL
        assert _pragma(connection, "application_id") == APPLICATION_ID
        assert _pragma(connection, "user_version") == SCHEMA_VERSION


def test_the_write_ahead_log_is_recorded_in_the_file(mission_file: MissionFile) -> None:
    # Bytes 18 and 19 of the header are 2 in a WAL database: a new connection (any program)
    # finds the file in WAL mode without being told.
    header = mission_file.path.read_bytes()[:100]
    assert header[18:20] == b"\x02\x02"
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID


def test_a_read_only_engine_checks_references_and_writes_nothing(mission_file: MissionFile) -> None:
    engine = sqlite_engine(mission_file.path, read_only=True)
    try:
        with engine.connect() as connection:
            assert _pragma(connection, "foreign_keys") == 1
            assert _pragma(connection, "busy_timeout") == BUSY_TIMEOUT_MS
            with pytest.raises(sqlalchemy.exc.OperationalError, match="readonly"):
                connection.execute(sa.insert(Locality).values(name="Кант", uuid=uuid.uuid4()))
    finally:
        engine.dispose()


@pytest.fixture
def records(session: Session) -> dict[str, int]:
    """One record of every kind, linked to each other, and their ids."""
    with session.begin():
        delegation = Delegation(name="Kazakhstan")
        team = Team(code="T1")
        member = Member(full_name="Aigerim Nurlanova", delegation=delegation, team=team)
        locality = Locality(name="Кант")
        station = PollingStation(code="5101", locality=locality)
        visit = Visit(
            ref="V-1", team=team, station=station, date=dt.date(2024, 11, 17), phase=Phase.VOTING
        )
        question = ChecklistQuestion(
            code="V1", phase=Phase.VOTING, text="Secrecy?", answer_type=AnswerType.YES_NO
        )
        meeting = Meeting(date=dt.date(2024, 11, 15), participants=[member])
        meeting.interlocutors.append(Interlocutor(name="N. Shaildabekova"))
        meeting.key_points.append(KeyPoint(text="Threshold reduced from 7% to 5%"))
        note = DebriefNote(date=dt.date(2024, 11, 17), team=team, text="Calm")
        session.add_all([visit, question, meeting, note])
        session.flush()
        session.add(Answer(visit_id=visit.id, question_id=question.id, value="yes"))
        session.add(
            Incident(visit_id=visit.id, category=IncidentCategory.PUBLIC_ORDER, description="x")
        )
    return {
        "delegation": delegation.id,
        "team": team.id,
        "member": member.id,
        "locality": locality.id,
        "station": station.id,
        "visit": visit.id,
        "question": question.id,
        "meeting": meeting.id,
        "note": note.id,
    }


def _count(connection: sa.Connection, table: sa.FromClause) -> int:
    return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_reference_to_a_missing_record_is_refused(
    mission_file: MissionFile, records: dict[str, int]
) -> None:
    with (
        pytest.raises(sqlalchemy.exc.IntegrityError, match="FOREIGN KEY"),
        mission_file.engine.begin() as connection,
    ):
        connection.execute(sa.update(Member).values(delegation_id=999))


@pytest.mark.parametrize(
    ("table", "key"),
    [(Delegation.__table__, "delegation"), (Locality.__table__, "locality")],
)
def test_deleting_a_record_still_in_use_is_refused(
    mission_file: MissionFile, records: dict[str, int], table: sa.Table, key: str
) -> None:
    with (
        pytest.raises(sqlalchemy.exc.IntegrityError, match="FOREIGN KEY"),
        mission_file.engine.begin() as connection,
    ):
        connection.execute(sa.delete(table).where(table.c.id == records[key]))
    with mission_file.engine.connect() as connection:
        assert _count(connection, table) == 1


def test_deleting_a_team_takes_its_visits_and_frees_its_people(
    mission_file: MissionFile, records: dict[str, int]
) -> None:
    with mission_file.engine.begin() as connection:
        connection.execute(sa.delete(Team).where(Team.id == records["team"]))
    with mission_file.engine.connect() as connection:
        # Visits go, and with them their answers and incidents.
        for model in (Visit, Answer, Incident):
            assert _count(connection, model.__table__) == 0, model
        assert connection.execute(sa.select(Member.team_id)).scalar_one() is None
        assert connection.execute(sa.select(DebriefNote.team_id)).scalar_one() is None
        assert _count(connection, ChecklistQuestion.__table__) == 1


def test_deleting_a_meeting_takes_what_belongs_to_it(
    mission_file: MissionFile, records: dict[str, int]
) -> None:
    with mission_file.engine.begin() as connection:
        connection.execute(sa.delete(Meeting).where(Meeting.id == records["meeting"]))
    with mission_file.engine.connect() as connection:
        for table in (Interlocutor.__table__, KeyPoint.__table__, meeting_participant):
            assert _count(connection, table) == 0, table
        assert _count(connection, Member.__table__) == 1


def test_deleting_a_question_takes_its_answers_only(
    mission_file: MissionFile, records: dict[str, int]
) -> None:
    with mission_file.engine.begin() as connection:
        connection.execute(sa.delete(ChecklistQuestion))
    with mission_file.engine.connect() as connection:
        assert _count(connection, Answer.__table__) == 0
        assert _count(connection, Visit.__table__) == 1


def test_a_failed_unit_of_work_leaves_nothing(mission_file: MissionFile) -> None:
    """The driver's own transactions are off, so `begin()` really spans both inserts."""
    with (
        pytest.raises(sqlalchemy.exc.IntegrityError),
        mission_file.session() as session,
        session.begin(),
    ):
        session.add(Locality(name="Кант"))
        session.flush()
        driver_connection = session.connection().connection.dbapi_connection
        assert isinstance(driver_connection, sqlite3.Connection)
        assert driver_connection.in_transaction
        session.add(Locality(name="Кант"))  # the same name, district and region
    with mission_file.engine.connect() as connection:
        assert _count(connection, Locality.__table__) == 0


def test_a_writer_waits_for_another_instead_of_failing(mission_file: MissionFile) -> None:
    other = sqlite3.connect(mission_file.path, check_same_thread=False, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock, as a long save would
    releaser = threading.Timer(0.5, other.execute, ("COMMIT",))
    releaser.start()
    try:
        started = time.monotonic()
        with mission_file.session() as session, session.begin():
            session.add(Locality(name="Кант"))
        waited = time.monotonic() - started
    finally:
        releaser.join()
        other.close()
    assert 0.4 <= waited < BUSY_TIMEOUT_MS / 1000
    with mission_file.engine.connect() as connection:
        assert _count(connection, Locality.__table__) == 1


def test_connections_are_set_up_again_after_reopening(mission_path: Path) -> None:
    from coordinator.db.missionfile import create_mission_file

    create_mission_file(mission_path).close()
    with open_mission_file(mission_path) as mission_file, mission_file.engine.connect() as c:
        assert _pragma(c, "foreign_keys") == 1
        assert _pragma(c, "journal_mode") == "wal"
