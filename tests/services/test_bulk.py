"""The bulk write path on a real mission file: what it writes, and what it refuses whole."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Assessment, LocalityKind, Phase, VisitStatus
from coordinator.db.models import Answer, Base, Locality, Member, PollingStation, Team, Visit
from coordinator.db.text import search_key
from coordinator.services import bulk
from coordinator.services.bulk import (
    AnswerRecord,
    LocalityRecord,
    RowProblem,
    StationRecord,
    TeamRecord,
    VisitRecord,
    add_answers,
    add_localities,
    add_stations,
    add_teams,
    add_visits,
    batch,
)
from coordinator.services.checklist import QuestionFields, create_question
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.errors import StaleRecordError, ValidationError
from coordinator.services.members import read_member, update_member
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.paging import PageRequest
from coordinator.services.stations import list_stations
from tests.conftest import ELECTION_DAY


@dataclass(frozen=True)
class Mission:
    """A locality, a station, a team, a done voting visit and a question of each type."""

    locality: int
    station: int
    team: int
    visit: int
    questions: dict[str, int]


def count(session: Session, model: type[Base]) -> int:
    with session.begin():
        return int(session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def problems_of(raised: pytest.ExceptionInfo[ValidationError]) -> list[tuple[int, str]]:
    """(row, field) of each problem, checking each names its row in words too."""
    found = []
    for problem in raised.value.problems:
        assert isinstance(problem, RowProblem)
        assert problem.message.startswith(f"Row {problem.row}: ")
        found.append((problem.row, problem.field))
    return found


@pytest.fixture
def mission(session: Session) -> Mission:
    questions = {}
    for code, phase, kind, choices in (
        ("V1", Phase.VOTING, AnswerType.YES_NO, ""),
        ("V2", Phase.VOTING, AnswerType.NUMBER, ""),
        ("V3", Phase.VOTING, AnswerType.SCALE, ""),
        ("V4", Phase.VOTING, AnswerType.CHOICE, "none; one party;several parties"),
        ("V5", Phase.VOTING, AnswerType.TEXT, ""),
        ("O1", Phase.OPENING, AnswerType.YES_NO, ""),
    ):
        fields = QuestionFields(code, phase, f"Question {code}?", kind, choices)
        questions[code] = create_question(session, fields).id
    locality = add_localities(session, [LocalityRecord("Бишкек", region="Bishkek city")])
    locality_id = locality["Бишкек", "", "Bishkek city"]
    station = add_stations(session, [StationRecord("0001", locality_id)])["0001"]
    team = add_teams(session, [TeamRecord("T1")])["T1"]
    visit = add_visits(
        session, [VisitRecord("V0001", team, station, ELECTION_DAY, Phase.VOTING, VisitStatus.DONE)]
    )["V0001"]
    return Mission(locality_id, station, team, visit, questions)


def test_rows_written_are_the_rows_read_back(session: Session, mission: Mission) -> None:
    localities = add_localities(
        session, [LocalityRecord(" Kant ", "Ысык-Ата", "Чүй", LocalityKind.TOWN)]
    )
    kant = localities["Kant", "Ысык-Ата", "Чүй"]
    stations = add_stations(
        session,
        [
            StationRecord(" 0012\u00a0", kant, "Школа № 5", " Үмөт 3 ", 1500, 42.87, 74.59, True),
            StationRecord("0013", mission.locality),
        ],
    )
    teams = add_teams(session, [TeamRecord("T2", interpreter=" Aida ", vehicle="Toyota")])
    visit = VisitRecord(
        "V0002",
        teams["T2"],
        stations["0012"],
        ELECTION_DAY,
        Phase.VOTING,
        VisitStatus.DONE,
        planned_arrival=dt.time(8, 0),
        planned_departure=dt.time(8, 45),
        actual_arrival=dt.time(8, 5, 30),
        actual_departure=dt.time(8, 50),
        voters_voted=120,
        overall=Assessment.GOOD,
        notes=" calm ",
    )
    visits = add_visits(session, [visit])
    written = add_answers(
        session,
        [
            AnswerRecord(visits["V0002"], mission.questions["V1"], "no", " late opening "),
            AnswerRecord(visits["V0002"], mission.questions["V2"], "12"),
            (visits["V0002"], mission.questions["V4"], "one party", ""),
        ],
    )

    assert written == 3
    with session.begin():
        station = session.get_one(PollingStation, stations["0012"])
        assert (station.code, station.name, station.address, station.locality_id) == (
            "0012",
            "Школа № 5",
            "Үмөт 3",
            kant,
        )
        assert (station.registered_voters, station.latitude, station.longitude) == (
            1500,
            42.87,
            74.59,
        )
        assert station.accessible is True
        assert station.search_key == search_key("0012", "Школа № 5", "Үмөт 3")
        locality = session.get_one(Locality, kant)
        assert (locality.name, locality.kind) == ("Kant", LocalityKind.TOWN)
        assert locality.search_key == search_key("Kant", "Ысык-Ата", "Чүй")
        team = session.get_one(Team, teams["T2"])
        assert (team.code, team.interpreter, team.vehicle) == ("T2", "Aida", "Toyota")
        stored = session.get_one(Visit, visits["V0002"])
        assert (stored.ref, stored.team_id, stored.station_id, stored.date) == (
            "V0002",
            teams["T2"],
            stations["0012"],
            ELECTION_DAY,
        )
        assert (stored.phase, stored.status, stored.overall, stored.notes) == (
            Phase.VOTING,
            VisitStatus.DONE,
            Assessment.GOOD,
            "calm",
        )
        assert stored.voters_voted == 120
        times = session.execute(
            sa.text(
                "SELECT planned_arrival, planned_departure, actual_arrival, actual_departure"
                " FROM visit WHERE id = :id"
            ),
            {"id": stored.id},
        ).one()
        # As each database stores a time of day: "HH:MM" text in a file, `time` on a server.
        written = ("08:00", "08:45", "08:05", "08:50")
        if session.get_bind().dialect.name == "sqlite":
            assert tuple(times) == written
        else:
            assert tuple(times) == tuple(dt.time.fromisoformat(t) for t in written)
        answers = session.execute(
            sa.select(Answer.visit_id, Answer.question_id, Answer.value, Answer.comment).order_by(
                Answer.id
            )
        ).all()
        assert [tuple(a) for a in answers] == [
            (stored.id, mission.questions["V1"], "no", "late opening"),
            (stored.id, mission.questions["V2"], "12", ""),
            (stored.id, mission.questions["V4"], "one party", ""),
        ]
        uuids = [
            *session.scalars(sa.select(PollingStation.uuid)),
            *session.scalars(sa.select(Team.uuid).where(Team.id == teams["T2"])),
            *session.scalars(sa.select(Visit.uuid)),
            *session.scalars(sa.select(Answer.uuid)),
        ]
        # Every station, the team, every visit and answer: each its own version 4 uuid.
        assert len(uuids) >= 8 and len(set(uuids)) == len(uuids)
        assert all(isinstance(u, uuid.UUID) and u.version == 4 for u in uuids)
    # The normal services find what the bulk path wrote, by its folded words.
    found = list_stations(session, PageRequest(search="школа")).rows
    assert [row.code for row in found] == ["0012"]


def test_records_written_in_bulk_count_their_saves_from_one(
    session: Session, mission: Mission
) -> None:
    """Rows the bulk path writes are at version 1, as a form's new records are; moving
    members between teams is a save of each one moved, which a form holding one sees."""
    delegation = create_delegation(session, DelegationFields("ODIHR")).id
    members = bulk.add_members(
        session,
        [
            bulk.MemberRecord("Aida Bekova", delegation, team_id=mission.team),
            bulk.MemberRecord("Bolot Asanov", delegation),
        ],
    )
    add_answers(session, [AnswerRecord(mission.visit, mission.questions["V1"], "yes")])
    with session.begin():
        for model in (Locality, PollingStation, Team, Visit, Answer, Member):
            assert set(session.scalars(sa.select(model.version))) == {1}, model.__name__

    read = read_member(session, members["Bolot Asanov"])
    assert read.version == 1
    bulk.move_members(session, {members["Bolot Asanov"]: mission.team})
    with session.begin():
        rows = session.execute(sa.select(Member.full_name, Member.version))
        moved = {row.full_name: row.version for row in rows}
    assert moved == {"Aida Bekova": 1, "Bolot Asanov": 2}
    # A form opened before the move is refused, saying the team changed; nothing written.
    with pytest.raises(StaleRecordError, match="Team changed"):
        update_member(session, members["Bolot Asanov"], read, read=read)
    assert read_member(session, members["Bolot Asanov"]).team_id == mission.team


def test_a_bad_row_in_a_later_chunk_leaves_nothing_written(
    session: Session, mission: Mission, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of 2 rows: the first two chunks are inserted before row 5 is checked.
    monkeypatch.setattr(batch, "CHUNK_ROWS", 2)
    rows = [StationRecord(f"1{n:03d}", mission.locality, latitude=42.0) for n in range(4)]
    rows.append(StationRecord("2000", mission.locality, latitude=142.0))
    with pytest.raises(ValidationError) as raised:
        add_stations(session, rows)
    assert problems_of(raised) == [(5, "latitude")]
    assert "latitude must be between -90 and 90" in str(raised.value)
    assert count(session, PollingStation) == 1


def test_duplicate_codes_in_the_batch_and_in_the_mission(
    session: Session, mission: Mission
) -> None:
    rows = [
        StationRecord("0002", mission.locality),
        StationRecord(" 0001 ", mission.locality),
        StationRecord("0002", mission.locality),
        StationRecord("", mission.locality),
        StationRecord("0003", 999, registered_voters=-5),
    ]
    with pytest.raises(ValidationError) as raised:
        add_stations(session, rows)
    assert problems_of(raised) == [
        (2, "code"),
        (3, "code"),
        (4, "code"),
        (5, "locality_id"),
        (5, "registered_voters"),
    ]
    messages = [p.message for p in raised.value.problems]
    assert messages[:3] == [
        "Row 2: Polling station 0001 is already in the mission.",
        "Row 3: code 0002 is also on row 1.",
        "Row 4: the code is required.",
    ]
    assert count(session, PollingStation) == 1

    with pytest.raises(ValidationError) as raised:
        add_teams(session, [TeamRecord("T2"), TeamRecord("T1"), TeamRecord("T2")])
    assert problems_of(raised) == [(2, "code"), (3, "code")]
    assert count(session, Team) == 1


def test_duplicate_localities_are_refused(session: Session, mission: Mission) -> None:
    rows = [
        LocalityRecord("Kant", region="Чүй"),
        LocalityRecord("Бишкек", region="Bishkek city"),
        LocalityRecord(" Kant", region="Чүй "),
        LocalityRecord(""),
    ]
    with pytest.raises(ValidationError) as raised:
        add_localities(session, rows)
    assert problems_of(raised) == [(2, "name"), (3, "name"), (4, "name")]
    assert count(session, Locality) == 1


def test_visits_are_checked_as_the_visits_service_checks_them(
    session: Session, mission: Mission
) -> None:
    save_mission(
        session,
        MissionFields(
            "EOM",
            "OTS",
            "Local councils",
            "Kyrgyzstan",
            ELECTION_DAY,
            mission_start=ELECTION_DAY - dt.timedelta(days=5),
            mission_end=ELECTION_DAY + dt.timedelta(days=2),
        ),
    )
    day, team, station = ELECTION_DAY, mission.team, mission.station
    small = add_stations(session, [StationRecord("0002", mission.locality, registered_voters=900)])
    rows = [
        # A count that runs past midnight is fine.
        VisitRecord(
            "V2",
            team,
            station,
            day,
            Phase.COUNTING,
            planned_arrival=dt.time(23, 0),
            planned_departure=dt.time(0, 30),
        ),
        VisitRecord(
            "V3",
            team,
            station,
            day,
            Phase.VOTING,
            planned_arrival=dt.time(9, 0),
            planned_departure=dt.time(8, 0),
        ),
        VisitRecord(
            "V4", team, station, day, Phase.VOTING, VisitStatus.CANCELLED, actual_arrival=dt.time(9)
        ),
        VisitRecord("V5", team, station, day, Phase.VOTING, overall=Assessment.BAD),
        VisitRecord("V6", team, station, day + dt.timedelta(days=30), Phase.VOTING),
        VisitRecord("V0001", 999, 998, day, Phase.VOTING, voters_voted=-1),
        VisitRecord("V8", team, station, day, "evening"),  # type: ignore[arg-type]
        VisitRecord(
            "V9", team, small["0002"], day, Phase.VOTING, VisitStatus.DONE, voters_voted=900
        ),
        VisitRecord(
            "V10", team, small["0002"], day, Phase.VOTING, VisitStatus.DONE, voters_voted=901
        ),
    ]
    with pytest.raises(ValidationError) as raised:
        add_visits(session, rows)
    assert problems_of(raised) == [
        (2, "planned_departure"),
        (3, "status"),
        (4, "overall"),
        (5, "date"),
        (6, "ref"),
        (6, "team_id"),
        (6, "station_id"),
        (6, "voters_voted"),
        (7, "phase"),
        (9, "voters_voted"),
    ]
    assert "'evening' is not one of: opening, voting, counting, tabulation." in str(raised.value)
    assert "901 voters cannot have voted: the station has 900 registered." in str(raised.value)
    assert count(session, Visit) == 1


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("V1", "Yes"),
        ("V1", "y"),
        ("V2", "03"),
        ("V2", "-1"),
        ("V2", "1.5"),
        ("V2", "١٢"),
        ("V2", "10000000000"),
        ("V3", "5"),
        ("V3", "very good"),
        ("V4", "One party"),
        ("V4", "none; one party"),
        ("V5", ""),
        ("V5", " padded "),
    ],
)
def test_answers_must_be_stored_values_of_their_question(
    session: Session, mission: Mission, code: str, value: str
) -> None:
    fine = ("V3", "2") if code != "V3" else ("V1", "yes")
    rows = [
        (mission.visit, mission.questions[fine[0]], fine[1], ""),
        (mission.visit, mission.questions[code], value, ""),
    ]
    with pytest.raises(ValidationError) as raised:
        add_answers(session, rows)
    assert problems_of(raised) == [(2, "value")]
    assert count(session, Answer) == 0


def test_canonical_answers_of_every_type_are_accepted(session: Session, mission: Mission) -> None:
    q = mission.questions
    rows = [
        (mission.visit, q["V1"], "yes", ""),
        (mission.visit, q["V2"], "0", ""),
        (mission.visit, q["V3"], "4", ""),
        (mission.visit, q["V4"], "several parties", ""),
        (mission.visit, q["V5"], "Очередь у входа", "Наблюдатели"),
    ]
    assert add_answers(session, rows) == 5
    assert add_answers(session, []) == 0
    assert count(session, Answer) == 5


def test_answers_belong_to_done_visits_of_their_phase(session: Session, mission: Mission) -> None:
    planned = add_visits(
        session, [VisitRecord("V0002", mission.team, mission.station, ELECTION_DAY, Phase.VOTING)]
    )["V0002"]
    rows = [
        (mission.visit, mission.questions["V1"], "yes", ""),
        (planned, mission.questions["V1"], "yes", ""),
        (mission.visit, mission.questions["O1"], "yes", ""),
        (999, mission.questions["V2"], "3", ""),
        (mission.visit, 999, "yes", ""),
    ]
    with pytest.raises(ValidationError) as raised:
        add_answers(session, rows)
    assert problems_of(raised) == [
        (2, "status"),
        (3, "question_id"),
        (4, "visit_id"),
        (5, "question_id"),
    ]
    assert [p.message for p in raised.value.problems[:2]] == [
        "Row 2: The visit is planned: only a visit that was done has checklist answers. "
        "Set its status to done first.",
        "Row 3: This is an opening question; the visit observed voting.",
    ]
    assert count(session, Answer) == 0


@pytest.mark.parametrize("chunk_rows", [1, 20_000])
def test_an_answer_given_twice_is_refused(
    session: Session, mission: Mission, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    monkeypatch.setattr(batch, "CHUNK_ROWS", chunk_rows)
    add_answers(session, [(mission.visit, mission.questions["V2"], "7", "")])
    rows = [
        (mission.visit, mission.questions["V1"], "yes", ""),
        (mission.visit, mission.questions["V1"], "no", ""),
        (mission.visit, mission.questions["V2"], "8", ""),
    ]
    with pytest.raises(ValidationError) as raised:
        add_answers(session, rows)
    assert problems_of(raised) == [(2, "question_id"), (3, "question_id")]
    assert raised.value.problems[1].message == (
        "Row 3: this answer is already in the mission or on an earlier row."
    )
    # With one row per chunk, row 1 was inserted before row 2 was checked: rolled back.
    assert count(session, Answer) == 1


def test_problems_are_capped_and_say_so(session: Session, mission: Mission) -> None:
    rows = [(mission.visit, mission.questions["V2"], f"{n}.5", "") for n in range(80)]
    with pytest.raises(ValidationError) as raised:
        add_answers(session, rows)
    assert len(raised.value.problems) == bulk.MAX_PROBLEMS
    assert f"the first {bulk.MAX_PROBLEMS} problems" in str(raised.value)
    assert count(session, Answer) == 0
