"""The consistency check behind `coordinator check`: what in a mission file does not add up.

First SQLite's own checks (damage, references to missing records), then the mission's
rules a database cannot enforce: one mission with dates in order, visits inside them,
teams with observers and never in two places at once, answers that fit their question.
Every rule is one aggregating query, so a file with millions of answers is checked
without loading its rows; each kind of problem lists its first records and counts the rest.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, MemberRole, Phase, VisitStatus
from coordinator.db.integrity import sqlite_integrity_problems
from coordinator.db.missionfile import MissionFile
from coordinator.db.models import (
    Answer,
    ChecklistQuestion,
    Member,
    Mission,
    PollingStation,
    Team,
    Visit,
)
from coordinator.services.paging import AnySelect
from coordinator.services.schedule import ConflictKind, schedule_conflicts
from coordinator.services.unit import format_date

AnyRow = sa.Row[*tuple[Any, ...]]

# Records listed per kind of problem; the rest are counted in one line.
LISTED = 50
WHOLE_NUMBER = re.compile(r"0|-?[1-9][0-9]*")


class ProblemKind(enum.StrEnum):
    INTEGRITY = "integrity"
    UNREADABLE = "unreadable"
    MISSION = "mission"
    VISIT_DATE = "visit date"
    VISIT_TIMES = "visit times"
    VISIT_WITHOUT_ANSWERS = "visit without answers"
    TEAM_WITHOUT_OBSERVERS = "team without observers"
    TEAM_IN_TWO_PLACES = "team in two places"
    TEAMS_AT_ONE_STATION = "teams at one station"
    ANSWER_VALUE = "answer value"
    ANSWER_PHASE = "answer phase"
    MEMBER_DATES = "member dates"


@dataclass(frozen=True)
class CheckProblem:
    """One thing that is wrong; `count` > 1 when the line stands for several records."""

    kind: str
    message: str
    record: str
    count: int = 1


@dataclass
class CheckReport:
    file_name: str
    problems: list[CheckProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return sum(problem.count for problem in self.problems)

    def lines(self) -> list[str]:
        """The report as printed: a heading, one line per problem, a summary."""
        body = [
            f"  {p.record}: {p.message}" if p.record else f"  {p.message}" for p in self.problems
        ]
        count = self.problem_count
        if count == 0:
            summary = "No problems found."
        else:
            summary = f"{count} problem{'' if count == 1 else 's'} found."
        return [f"Check of {self.file_name}", *body, summary]


def _time(value: dt.time | None) -> str:
    return "?" if value is None else f"{value:%H:%M}"


Describe = Callable[[AnyRow], tuple[str, str]]


def _listed(
    session: Session, kind: ProblemKind, statement: AnySelect, describe: Describe
) -> list[CheckProblem]:
    """The first LISTED rows of `statement` as problems, and one line counting the rest."""
    total = sa.func.count().over().label("total")
    rows = session.execute(statement.add_columns(total).limit(LISTED)).all()
    problems = []
    for row in rows:
        record, message = describe(row)
        problems.append(CheckProblem(kind, message, record))
    hidden = rows[0].total - len(rows) if rows else 0
    if hidden > 0:
        problems.append(CheckProblem(kind, f"… and {hidden} more like these.", "", hidden))
    return problems


def _visit_problems(
    session: Session,
    kind: ProblemKind,
    condition: sa.ColumnElement[bool],
    message: Callable[[Visit], str],
) -> list[CheckProblem]:
    """The visits meeting `condition`, each named with its team and station."""
    statement = (
        sa.select(Visit, Team.code.label("team"), PollingStation.code.label("station"))
        .join(Team, Visit.team_id == Team.id)
        .join(PollingStation, Visit.station_id == PollingStation.id)
        .where(condition)
        .order_by(Visit.date, Visit.ref)
    )

    def describe(row: AnyRow) -> tuple[str, str]:
        visit: Visit = row.Visit
        return f"Visit {visit.ref} (team {row.team}, station {row.station})", message(visit)

    return _listed(session, kind, statement, describe)


# --- the mission ---------------------------------------------------------------------------


def _mission(session: Session) -> Mission | None:
    return session.scalars(sa.select(Mission).order_by(Mission.id).limit(1)).first()


def _mission_problems(session: Session) -> list[CheckProblem]:
    count = session.scalar(sa.select(sa.func.count()).select_from(Mission)) or 0
    mission = _mission(session)
    if mission is None:
        text = "the file has no mission details. Fill in the mission (name, election, dates)."
        return [CheckProblem(ProblemKind.MISSION, text, "Mission")]
    start, end, election = mission.mission_start, mission.mission_end, mission.election_date
    wrong = []
    if count > 1:
        wrong.append(f"the file holds {count} missions, but a mission file holds one.")
    if start is not None and end is not None and end < start:
        wrong.append(f"it ends ({format_date(end)}) before it starts ({format_date(start)}).")
    if (start is not None and election < start) or (end is not None and election > end):
        wrong.append(f"election day ({format_date(election)}) is outside the mission's dates.")
    if mission.statement_date is not None and mission.statement_date < election:
        wrong.append(
            f"the statement is dated {format_date(mission.statement_date)}, before election "
            f"day ({format_date(election)})."
        )
    return [CheckProblem(ProblemKind.MISSION, text, f"Mission {mission.name}") for text in wrong]


# --- visits --------------------------------------------------------------------------------


def _visits_outside_mission(session: Session) -> list[CheckProblem]:
    mission = _mission(session)
    start = mission.mission_start if mission else None
    end = mission.mission_end if mission else None
    if start is None and end is None:
        return []
    span = f"{format_date(start) if start else '…'} – {format_date(end) if end else '…'}"
    return _visit_problems(
        session,
        ProblemKind.VISIT_DATE,
        sa.or_(
            Visit.date < start if start else sa.false(), Visit.date > end if end else sa.false()
        ),
        lambda visit: f"on {format_date(visit.date)}, outside the mission's dates ({span}).",
    )


def _visit_times(session: Session) -> list[CheckProblem]:
    def message(visit: Visit) -> str:
        times = [
            f"{what} departure {_time(departure)} is before arrival {_time(arrival)}"
            for what, arrival, departure in (
                ("planned", visit.planned_arrival, visit.planned_departure),
                ("actual", visit.actual_arrival, visit.actual_departure),
            )
            if arrival is not None and departure is not None and departure < arrival
        ]
        return "; ".join(times) + "."

    leaves_first = sa.or_(
        Visit.planned_departure < Visit.planned_arrival,
        Visit.actual_departure < Visit.actual_arrival,
    )
    return _visit_problems(session, ProblemKind.VISIT_TIMES, leaves_first, message)


def _done_visits_without_answers(session: Session) -> list[CheckProblem]:
    answered = sa.select(Answer.id).where(Answer.visit_id == Visit.id).exists()
    return _visit_problems(
        session,
        ProblemKind.VISIT_WITHOUT_ANSWERS,
        sa.and_(Visit.status == VisitStatus.DONE, ~answered),
        lambda visit: f"marked done on {format_date(visit.date)} but has no checklist answers.",
    )


# --- teams ---------------------------------------------------------------------------------


def _teams_without_observers(session: Session) -> list[CheckProblem]:
    observer = (
        sa.select(Member.id)
        .where(
            Member.team_id == Team.id,
            Member.role.not_in([MemberRole.INTERPRETER, MemberRole.DRIVER]),
        )
        .exists()
    )
    statement = sa.select(Team.code).where(~observer).order_by(Team.code)
    return _listed(
        session,
        ProblemKind.TEAM_WITHOUT_OBSERVERS,
        statement,
        lambda row: (f"Team {row.code}", "has no observers: add members to the team."),
    )


def _schedule_conflicts(session: Session) -> list[CheckProblem]:
    """A team in two places at once, two teams at one station at once.

    The schedule service is the one judge of overlaps (its rules for a missing departure
    and for counting past midnight apply here too).
    """
    kinds = {
        ConflictKind.TEAM_IN_TWO_PLACES: ProblemKind.TEAM_IN_TWO_PLACES,
        ConflictKind.TEAMS_AT_ONE_STATION: ProblemKind.TEAMS_AT_ONE_STATION,
    }
    problems: list[CheckProblem] = []
    conflicts = schedule_conflicts(session)
    for conflict_kind, kind in kinds.items():
        found = [c for c in conflicts if c.kind is conflict_kind]
        problems += [CheckProblem(kind, c.message, "") for c in found[:LISTED]]
        if len(found) > LISTED:
            hidden = len(found) - LISTED
            problems.append(CheckProblem(kind, f"… and {hidden} more like these.", "", hidden))
    return problems


# --- answers -------------------------------------------------------------------------------


def _expected(question: ChecklistQuestion) -> tuple[Callable[[str], bool], str]:
    """A test for a canonical answer to `question`, and how to say what it should be."""
    kind = question.answer_type
    if kind is AnswerType.YES_NO:
        return (lambda value: value in ("yes", "no")), "yes or no"
    if kind is AnswerType.SCALE:
        return (lambda value: value in ("1", "2", "3", "4")), "a score from 1 to 4"
    if kind is AnswerType.NUMBER:
        # As the services write a number: digits, no leading zeros, "+" or spaces.
        return (lambda value: WHOLE_NUMBER.fullmatch(value) is not None), "a whole number"
    choices = [choice.strip() for choice in question.choices.split(";") if choice.strip()]
    if not choices:
        return (lambda _value: False), "one of its choices, but the question has none"
    return (lambda value: value in choices), "one of its choices (" + "; ".join(choices) + ")"


def _answers_not_fitting_their_question(session: Session) -> list[CheckProblem]:
    """Answers whose value is not valid for the question's type (free text always is)."""
    questions = {
        question.id: question
        for question in session.scalars(
            sa.select(ChecklistQuestion).where(ChecklistQuestion.answer_type != AnswerType.TEXT)
        )
    }
    if not questions:
        return []
    # Distinct values per question straight from the (question, value, visit) index:
    # a few per question, however many answers the file holds.
    values = session.execute(
        sa.select(
            Answer.question_id,
            Answer.value,
            sa.func.count().label("answers"),
            sa.func.min(Answer.visit_id).label("visit_id"),
        )
        .where(Answer.question_id.in_(list(questions)))
        .group_by(Answer.question_id, Answer.value)
        .order_by(Answer.question_id, Answer.value)
    ).all()
    expected = {question_id: _expected(question) for question_id, question in questions.items()}
    wrong = [row for row in values if not expected[row.question_id][0](row.value)]
    listed, hidden = wrong[:LISTED], wrong[LISTED:]
    listed_visits = [row.visit_id for row in listed]
    refs = {
        visit.id: visit.ref
        for visit in session.execute(
            sa.select(Visit.id, Visit.ref).where(Visit.id.in_(listed_visits))
        )
    }
    problems = []
    for row in listed:
        question = questions[row.question_id]
        message = (
            f"the answer '{row.value}' at visit {refs[row.visit_id]} is not "
            f"{expected[row.question_id][1]}."
        )
        if row.answers > 1:
            message += f" The same answer is given at {row.answers - 1} other visits."
        problems.append(
            CheckProblem(
                ProblemKind.ANSWER_VALUE, message, f"Question {question.code}", row.answers
            )
        )
    if hidden:
        count = sum(row.answers for row in hidden)
        problems.append(
            CheckProblem(ProblemKind.ANSWER_VALUE, f"… and {count} more like these.", "", count)
        )
    return problems


def _answers_of_another_phase(session: Session) -> list[CheckProblem]:
    """Answers to a question of one phase at a visit of another (an opening question at a
    counting visit), counted per question and visit phase."""
    statement = (
        sa.select(
            ChecklistQuestion.code,
            ChecklistQuestion.phase.label("question_phase"),
            Visit.phase.label("visit_phase"),
            sa.func.count().label("answers"),
            sa.func.min(Visit.ref).label("example"),
        )
        .select_from(Answer)
        .join(Visit, Answer.visit_id == Visit.id)
        .join(ChecklistQuestion, Answer.question_id == ChecklistQuestion.id)
        .where(ChecklistQuestion.phase != Visit.phase)
        .group_by(ChecklistQuestion.code, ChecklistQuestion.phase, Visit.phase)
        .order_by(ChecklistQuestion.code, Visit.phase)
    )
    problems = []
    for row in session.execute(statement):
        visit_phase = Phase(row.visit_phase).label.lower()
        visits = f"1 {visit_phase} visit ({row.example})"
        if row.answers > 1:
            visits = f"{row.answers} {visit_phase} visits (such as {row.example})"
        message = (
            f"is a question for {Phase(row.question_phase).label.lower()} but is answered at "
            f"{visits}."
        )
        problems.append(
            CheckProblem(ProblemKind.ANSWER_PHASE, message, f"Question {row.code}", row.answers)
        )
    return problems


# --- members -------------------------------------------------------------------------------


def _members_leaving_before_arriving(session: Session) -> list[CheckProblem]:
    def describe(row: AnyRow) -> tuple[str, str]:
        return (
            f"Member {row.full_name}",
            f"departs on {format_date(row.departure)}, before arriving on "
            f"{format_date(row.arrival)}.",
        )

    statement = (
        sa.select(Member.full_name, Member.arrival, Member.departure)
        .where(Member.departure < Member.arrival)
        .order_by(Member.full_name)
    )
    return _listed(session, ProblemKind.MEMBER_DATES, statement, describe)


# --- the report ----------------------------------------------------------------------------

RULES: Sequence[tuple[str, Callable[[Session], list[CheckProblem]]]] = (
    ("The mission", _mission_problems),
    ("Visit dates", _visits_outside_mission),
    ("Visit times", _visit_times),
    ("Done visits", _done_visits_without_answers),
    ("Teams", _teams_without_observers),
    ("Team schedules", _schedule_conflicts),
    ("Answers", _answers_not_fitting_their_question),
    ("Answer phases", _answers_of_another_phase),
    ("Members", _members_leaving_before_arriving),
)


def check_mission(mission_file: MissionFile) -> CheckReport:
    """Everything found wrong in the mission file; reading only, it changes nothing."""
    report = CheckReport(mission_file.name)
    report.problems += [
        CheckProblem(ProblemKind.INTEGRITY, message, "")
        for message in sqlite_integrity_problems(mission_file.engine)
    ]
    for what, rule in RULES:
        # Each rule in its own session, so one that trips over damage spoils no other.
        with mission_file.session() as session:
            try:
                report.problems += rule(session)
            except (sqlalchemy.exc.DatabaseError, ValueError, LookupError, TypeError) as error:
                damaged = any(p.kind == ProblemKind.INTEGRITY for p in report.problems)
                if not isinstance(error, sqlalchemy.exc.DatabaseError) and not damaged:
                    raise  # nothing found damaged: a bug of the rule, not of the file
                detail = getattr(error, "orig", None) or str(error).splitlines()[0][:200]
                report.problems.append(
                    CheckProblem(
                        ProblemKind.UNREADABLE,
                        f"could not be checked: the file is damaged ({detail}).",
                        what,
                    )
                )
    return report
