"""The consistency check on real mission files: a clean mission, then each way it can go wrong."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, MemberRole, Phase, VisitStatus
from coordinator.db.missionfile import MissionFile, open_mission_file
from coordinator.db.models import (
    Answer,
    ChecklistQuestion,
    Delegation,
    Locality,
    Member,
    Mission,
    PollingStation,
    Team,
    Visit,
)
from coordinator.services.check import LISTED, CheckProblem, CheckReport, ProblemKind, check_mission
from tests.conftest import ELECTION_DAY, FILE_ONLY, new_empty_mission

DAY_BEFORE = ELECTION_DAY - dt.timedelta(days=1)


def _at(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def write_clean_mission(session: Session) -> None:
    """A small mission in which everything adds up: one team, two stations, three visits."""
    with session.begin():
        session.add(
            Mission(
                name="OTS EOM Kyrgyzstan 2024",
                organisation="Organization of Turkic States",
                election="Elections of Deputies of Local Councils",
                country="Kyrgyz Republic",
                election_date=ELECTION_DAY,
                mission_start=dt.date(2024, 11, 14),
                mission_end=dt.date(2024, 11, 19),
                statement_date=dt.date(2024, 11, 18),
            )
        )
        secretariat = Delegation(name="OTS Secretariat")
        team = Team(code="T1", interpreter="Bakyt Asanov", driver="Ulan")
        session.add_all(
            [
                Member(full_name="Aysel Məmmədova", delegation=secretariat, team=team),
                Member(
                    full_name="Bakyt Asanov",
                    delegation=secretariat,
                    team=team,
                    role=MemberRole.INTERPRETER,
                    arrival=dt.date(2024, 11, 14),
                    departure=dt.date(2024, 11, 19),
                ),
            ]
        )
        bishkek = Locality(name="Бишкек")
        station_1, station_2 = (
            PollingStation(code="1001", name="Школа № 5", locality=bishkek),
            PollingStation(code="1002", locality=bishkek),
        )
        questions = {
            code: ChecklistQuestion(
                code=code, phase=phase, text=f"Question {code}", answer_type=kind, choices=choices
            )
            for code, phase, kind, choices in (
                ("O1", Phase.OPENING, AnswerType.YES_NO, ""),
                ("V1", Phase.VOTING, AnswerType.NUMBER, ""),
                ("V2", Phase.VOTING, AnswerType.SCALE, ""),
                ("V3", Phase.VOTING, AnswerType.CHOICE, "none; short ;long"),
                ("V4", Phase.VOTING, AnswerType.TEXT, ""),
            )
        }
        on_election_day = {"team": team, "date": ELECTION_DAY}
        opening = Visit(
            ref="V-001",
            station=station_1,
            phase=Phase.OPENING,
            planned_arrival=_at("07:30"),
            planned_departure=_at("08:30"),
            status=VisitStatus.DONE,
            **on_election_day,
        )
        voting = Visit(
            ref="V-002",
            station=station_2,
            phase=Phase.VOTING,
            # Arriving just as the last visit ends is not being in two places.
            planned_arrival=_at("08:30"),
            planned_departure=_at("09:30"),
            actual_arrival=_at("08:40"),
            actual_departure=_at("09:20"),
            status=VisitStatus.DONE,
            **on_election_day,
        )
        later = Visit(
            ref="V-003",
            station=station_1,
            phase=Phase.VOTING,
            planned_arrival=_at("11:00"),
            **on_election_day,
        )
        session.add_all([opening, voting, later, *questions.values()])
        session.flush()
        for visit, code, value in (
            (opening, "O1", "yes"),
            (voting, "V1", "120"),
            (voting, "V2", "4"),
            (voting, "V3", "short"),
            (voting, "V4", "=1+1; nothing to add"),
        ):
            session.add(Answer(visit_id=visit.id, question_id=questions[code].id, value=value))


@pytest.fixture
def clean(session: Session) -> Session:
    write_clean_mission(session)
    return session


def _visit(session: Session, ref: str) -> Visit:
    return session.scalars(sa.select(Visit).where(Visit.ref == ref)).one()


def _question(session: Session, code: str) -> ChecklistQuestion:
    return session.scalars(sa.select(ChecklistQuestion).where(ChecklistQuestion.code == code)).one()


def _answer(session: Session, ref: str, code: str, value: str) -> None:
    visit_id, question_id = _visit(session, ref).id, _question(session, code).id
    existing = session.scalars(
        sa.select(Answer).where(Answer.visit_id == visit_id, Answer.question_id == question_id)
    ).one_or_none()
    if existing is None:
        session.add(Answer(visit_id=visit_id, question_id=question_id, value=value))
    else:
        existing.value = value


def _found(report: CheckReport) -> list[tuple[str, str, str]]:
    return [(p.kind, p.record, p.message) for p in report.problems]


def test_a_clean_mission_has_no_problems(mission_file: MissionFile, clean: Session) -> None:
    report = check_mission(mission_file)
    assert report.ok
    assert report.problems == []
    assert report.lines() == [f"Check of {mission_file.name}", "No problems found."]


def test_an_empty_file_lacks_its_mission(mission_file: MissionFile) -> None:
    report = check_mission(mission_file)
    assert _found(report) == [
        (
            ProblemKind.MISSION,
            "Mission",
            "the file has no mission details. Fill in the mission (name, election, dates).",
        )
    ]
    assert not report.ok


Breakage = Callable[[Session], None]


def _second_mission(session: Session) -> None:
    mission = session.scalars(sa.select(Mission)).one()
    session.add(
        Mission(
            name="Copy",
            organisation=mission.organisation,
            election=mission.election,
            country=mission.country,
            election_date=ELECTION_DAY,
        )
    )


def _mission_dates(**dates: dt.date) -> Breakage:
    def change(session: Session) -> None:
        mission = session.scalars(sa.select(Mission)).one()
        for name, value in dates.items():
            setattr(mission, name, value)

    return change


def _visit_change(ref: str, **values: object) -> Breakage:
    def change(session: Session) -> None:
        visit = _visit(session, ref)
        for name, value in values.items():
            setattr(visit, name, value)

    return change


def _team_of_interpreter_and_driver(session: Session) -> None:
    team = Team(code="T2")
    secretariat = session.scalars(sa.select(Delegation)).one()
    session.add_all(
        [
            team,
            Member(
                full_name="Ulan Driver", delegation=secretariat, team=team, role=MemberRole.DRIVER
            ),
            Member(
                full_name="Nurlan Interpreter",
                delegation=secretariat,
                team=team,
                role=MemberRole.INTERPRETER,
            ),
        ]
    )


def _member_dates(session: Session) -> None:
    member = session.scalars(sa.select(Member).where(Member.full_name == "Bakyt Asanov")).one()
    member.departure = dt.date(2024, 11, 13)


M = "Mission OTS EOM Kyrgyzstan 2024"
V1 = "Visit V-001 (team T1, station 1001)"
V2 = "Visit V-002 (team T1, station 1002)"
V3 = "Visit V-003 (team T1, station 1001)"


# What is changed in the clean mission, and the one problem the check then reports.
# fmt: off
def _another_team_at_the_same_time(session: Session) -> None:
    secretariat = session.scalars(sa.select(Delegation)).one()
    team = Team(code="T3")
    session.add(Member(full_name="Kairat Observer", delegation=secretariat, team=team))
    session.add(
        Visit(
            ref="V-004",
            team=team,
            station=_visit(session, "V-002").station,
            date=ELECTION_DAY,
            phase=Phase.VOTING,
            planned_arrival=_at("08:30"),
        )
    )


PROBLEMS: dict[str, tuple[Breakage, ProblemKind, str, str]] = {
    "two missions": (
        _second_mission, ProblemKind.MISSION, M,
        "the file holds 2 missions, but a mission file holds one."),
    "statement before election day": (
        _mission_dates(statement_date=DAY_BEFORE), ProblemKind.MISSION, M,
        "the statement is dated 16 November 2024, before election day (17 November 2024)."),
    "visit after the mission": (
        _visit_change("V-003", date=dt.date(2024, 11, 20)), ProblemKind.VISIT_DATE, V3,
        "on 20 November 2024, outside the mission's dates (14 November 2024 – 19 November 2024)."),
    "visit before the mission": (
        _visit_change("V-003", date=dt.date(2024, 11, 1)), ProblemKind.VISIT_DATE, V3,
        "on 1 November 2024, outside the mission's dates (14 November 2024 – 19 November 2024)."),
    "visit leaving before arriving": (
        _visit_change("V-002", actual_departure=_at("08:00")), ProblemKind.VISIT_TIMES, V2,
        "actual departure 08:00 is before arrival 08:40."),
    "done visit without answers": (
        _visit_change("V-003", status=VisitStatus.DONE), ProblemKind.VISIT_WITHOUT_ANSWERS, V3,
        "marked done on 17 November 2024 but has no checklist answers."),
    "team without observers": (
        _team_of_interpreter_and_driver, ProblemKind.TEAM_WITHOUT_OBSERVERS, "Team T2",
        "has no observers: add members to the team."),
    # Overlaps are judged by the schedule service (coordinator.services.schedule).
    "overlapping visits": (
        _visit_change("V-003", planned_arrival=_at("09:00"), planned_departure=_at("10:00")),
        ProblemKind.TEAM_IN_TWO_PLACES, "",
        "Team T1 is at 1002 (08:30–09:30) and 1001 (09:00–10:00) at once on 17 November 2024."),
    "a visit inside another": (
        _visit_change("V-003", planned_arrival=_at("07:45")),
        ProblemKind.TEAM_IN_TWO_PLACES, "",
        "Team T1 is at 1001 (07:30–08:30) and 1001 (07:45, no planned departure) at once on "
        "17 November 2024."),
    "the same arrival time without departures": (
        _visit_change("V-003", planned_arrival=_at("08:30"), planned_departure=None),
        ProblemKind.TEAM_IN_TWO_PLACES, "",
        "Team T1 is at 1002 (08:30–09:30) and 1001 (08:30, no planned departure) at once on "
        "17 November 2024."),
    "another team at the station at the same time": (
        _another_team_at_the_same_time,
        ProblemKind.TEAMS_AT_ONE_STATION, "",
        "Teams T1 and T3 are both at 1002 on 17 November 2024: T1 08:30–09:30, "
        "T3 08:30, no planned departure."),
    "yes/no answered Yes": (
        lambda s: _answer(s, "V-001", "O1", "Yes"), ProblemKind.ANSWER_VALUE, "Question O1",
        "the answer 'Yes' at visit V-001 is not yes or no."),
    "number with a fraction": (
        lambda s: _answer(s, "V-002", "V1", "12.5"), ProblemKind.ANSWER_VALUE, "Question V1",
        "the answer '12.5' at visit V-002 is not a whole number."),
    "number with leading zeros": (
        lambda s: _answer(s, "V-002", "V1", "007"), ProblemKind.ANSWER_VALUE, "Question V1",
        "the answer '007' at visit V-002 is not a whole number."),
    "number with a plus sign": (
        lambda s: _answer(s, "V-002", "V1", "+7"), ProblemKind.ANSWER_VALUE, "Question V1",
        "the answer '+7' at visit V-002 is not a whole number."),
    "scale beyond 4": (
        lambda s: _answer(s, "V-002", "V2", "5"), ProblemKind.ANSWER_VALUE, "Question V2",
        "the answer '5' at visit V-002 is not a score from 1 to 4."),
    "choice not offered": (
        lambda s: _answer(s, "V-002", "V3", "Short"), ProblemKind.ANSWER_VALUE, "Question V3",
        "the answer 'Short' at visit V-002 is not one of its choices (none; short; long)."),
    "opening question at a voting visit": (
        lambda s: _answer(s, "V-002", "O1", "no"), ProblemKind.ANSWER_PHASE, "Question O1",
        "is a question for opening but is answered at 1 voting visit (V-002)."),
    "member leaving before arriving": (
        _member_dates, ProblemKind.MEMBER_DATES, "Member Bakyt Asanov",
        "departs on 13 November 2024, before arriving on 14 November 2024."),
}
# fmt: on


@pytest.mark.parametrize("case", list(PROBLEMS))
def test_each_problem_is_found_and_named(
    mission_file: MissionFile, clean: Session, case: str
) -> None:
    breakage, kind, record, message = PROBLEMS[case]
    with clean.begin():
        breakage(clean)
    report = check_mission(mission_file)
    assert _found(report) == [(kind, record, message)]
    line = f"  {record}: {message}" if record else f"  {message}"
    assert report.lines() == [f"Check of {mission_file.name}", line, "1 problem found."]


def test_mission_ending_before_it_starts_puts_election_day_and_visits_outside(
    mission_file: MissionFile, clean: Session
) -> None:
    with clean.begin():
        _mission_dates(mission_end=dt.date(2024, 11, 13))(clean)
    report = check_mission(mission_file)
    outside = (
        "on 17 November 2024, outside the mission's dates (14 November 2024 – 13 November 2024)."
    )
    assert _found(report) == [
        (ProblemKind.MISSION, M, "it ends (13 November 2024) before it starts (14 November 2024)."),
        (ProblemKind.MISSION, M, "election day (17 November 2024) is outside the mission's dates."),
        (ProblemKind.VISIT_DATE, V1, outside),
        (ProblemKind.VISIT_DATE, V2, outside),
        (ProblemKind.VISIT_DATE, V3, outside),
    ]
    assert report.lines()[-1] == "5 problems found."


NOT_PROBLEMS: dict[str, Breakage] = {
    "a cancelled visit leaves the team free": _visit_change(
        "V-003", planned_arrival=_at("09:00"), status=VisitStatus.CANCELLED
    ),
    "the same times on another day": _visit_change(
        "V-003", planned_arrival=_at("08:30"), date=DAY_BEFORE
    ),
    "free text takes anything, even nothing": lambda s: _answer(s, "V-002", "V4", ""),
    "zero is a whole number": lambda s: _answer(s, "V-002", "V1", "0"),
    "negative whole numbers are whole numbers": lambda s: _answer(s, "V-002", "V1", "-3"),
    "mission dates left empty": _mission_dates(),
    "a member without dates": lambda s: s.execute(sa.update(Member).values(arrival=None)),
}


@pytest.mark.parametrize("case", list(NOT_PROBLEMS))
def test_what_is_not_a_problem(mission_file: MissionFile, clean: Session, case: str) -> None:
    with clean.begin():
        NOT_PROBLEMS[case](clean)
    if case == "mission dates left empty":
        with clean.begin():
            mission = clean.scalars(sa.select(Mission)).one()
            mission.mission_start = mission.mission_end = mission.statement_date = None
    assert check_mission(mission_file).problems == []


def test_many_records_are_listed_up_to_a_limit_and_the_rest_counted(
    mission_file: MissionFile, clean: Session
) -> None:
    with clean.begin():
        secretariat = clean.scalars(sa.select(Delegation)).one()
        for number in range(LISTED + 10):
            clean.add(
                Member(
                    full_name=f"Observer {number:03d}",
                    delegation=secretariat,
                    arrival=ELECTION_DAY,
                    departure=DAY_BEFORE,
                )
            )
    report = check_mission(mission_file)
    assert [p.record for p in report.problems[:2]] == ["Member Observer 000", "Member Observer 001"]
    assert len(report.problems) == LISTED + 1
    assert report.problems[-1] == CheckProblem(
        ProblemKind.MEMBER_DATES, "… and 10 more like these.", "", 10
    )
    assert report.problem_count == LISTED + 10
    lines = report.lines()
    assert lines[-2:] == ["  … and 10 more like these.", f"{LISTED + 10} problems found."]


def test_one_wrong_answer_given_at_many_visits_is_one_line_counting_them(
    mission_file: MissionFile, clean: Session
) -> None:
    with clean.begin():
        team = clean.scalars(sa.select(Team)).one()
        station = _visit(clean, "V-001").station
        question_id = _question(clean, "O1").id
        for number in range(4, 7):
            visit = Visit(
                ref=f"V-00{number}",
                team=team,
                station=station,
                date=ELECTION_DAY,
                phase=Phase.OPENING,
                status=VisitStatus.DONE,
            )
            clean.add(visit)
            clean.flush()
            clean.add(Answer(visit_id=visit.id, question_id=question_id, value="Да"))
    report = check_mission(mission_file)
    assert report.problems == [
        CheckProblem(
            ProblemKind.ANSWER_VALUE,
            "the answer 'Да' at visit V-004 is not yes or no. The same answer is given at 2 "
            "other visits.",
            "Question O1",
            3,
        )
    ]
    assert report.lines()[-1] == "3 problems found."


def test_a_choice_question_without_choices_takes_no_answer(
    mission_file: MissionFile, clean: Session
) -> None:
    with clean.begin():
        _question(clean, "V3").choices = " ; "
    report = check_mission(mission_file)
    assert [p.message for p in report.problems] == [
        "the answer 'short' at visit V-002 is not one of its choices, but the question has none."
    ]


# A database server checks every reference itself: only a file can hold a broken one.
@FILE_ONLY
def test_references_to_missing_records_are_reported(
    mission_file: MissionFile, clean: Session
) -> None:
    # Another program wrote to the file with foreign keys off (sqlite3's default).
    question_id = _question(clean, "V1").id
    with sqlite3.connect(mission_file.path) as other:
        other.execute(
            "INSERT INTO answer (visit_id, question_id, value, comment, uuid) "
            "VALUES (999, ?, '3', '', ?)",
            (question_id, uuid.uuid4().hex),
        )
        rowid = other.execute("SELECT max(id) FROM answer").fetchone()[0]
    other.close()
    report = check_mission(mission_file)
    assert _found(report) == [
        (
            ProblemKind.INTEGRITY,
            "",
            f"1 answer record refers to a visit that is not in the file (row {rowid}).",
        )
    ]
    assert (
        report.lines()[1]
        == f"  1 answer record refers to a visit that is not in the file (row {rowid})."
    )


def overwrite_page(path: Path, page: int, data: bytes) -> None:
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as stream:
        stream.seek((page - 1) * page_size)
        stream.write((data * page_size)[:page_size])


def root_page(path: Path, name: str) -> int:
    with sqlite3.connect(path) as connection:
        page = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()[0]
    connection.close()
    return int(page)


def test_damage_opening_does_not_see_is_reported_not_raised(
    empty_original: Path, mission_path: Path
) -> None:
    with (
        new_empty_mission(empty_original, mission_path) as mission_file,
        mission_file.session() as session,
    ):
        write_clean_mission(session)
    # Opening reads the first page of every table; a damaged index shows only in the check.
    overwrite_page(mission_path, root_page(mission_path, "ix_answer_question_value"), b"\xa5")
    with open_mission_file(mission_path) as mission_file:
        report = check_mission(mission_file)
    kinds = {p.kind for p in report.problems}
    assert ProblemKind.INTEGRITY in kinds
    assert all(
        p.message.startswith("The file is damaged")
        for p in report.problems
        if p.kind == ProblemKind.INTEGRITY
    )
    # The rule whose query uses the damaged index says so instead of stopping the check.
    assert (ProblemKind.UNREADABLE, "Answers") in {(p.kind, p.record) for p in report.problems}
    assert not report.ok


def _file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_the_check_changes_nothing_in_the_file(empty_original: Path, mission_path: Path) -> None:
    with (
        new_empty_mission(empty_original, mission_path) as mission_file,
        mission_file.session() as session,
    ):
        write_clean_mission(session)
        with session.begin():
            _visit_change("V-003", status=VisitStatus.DONE)(session)
    before = _file_state(mission_path)
    time.sleep(0.01)
    with open_mission_file(mission_path) as mission_file:
        assert not check_mission(mission_file).ok
    assert _file_state(mission_path) == before


def test_a_read_only_file_is_checked(empty_original: Path, mission_path: Path) -> None:
    with (
        new_empty_mission(empty_original, mission_path) as mission_file,
        mission_file.session() as session,
    ):
        write_clean_mission(session)
    mission_path.chmod(0o444)
    before = _file_state(mission_path)
    with open_mission_file(mission_path) as mission_file:
        assert mission_file.read_only
        report = check_mission(mission_file)
    assert report.ok, report.lines()
    assert _file_state(mission_path) == before
