"""Test missions written straight through the ORM, for tests of services that only read.

The entity services check what a coordinator types; statistics tests need many records
fast, including ones those services would refuse (an answer at a visit of another phase),
so `MissionBuilder` adds records directly, all inside the one transaction `building` opens.
`random_missions` draws whole small missions for property tests; `write` stores one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.enums import (
    AccreditationStatus,
    AnswerType,
    Assessment,
    DelegationKind,
    IncidentCategory,
    MemberRole,
    Phase,
    Severity,
    VisitStatus,
)
from coordinator.db.models import (
    Answer,
    ChecklistQuestion,
    Delegation,
    Incident,
    Locality,
    Member,
    PollingStation,
    Team,
    Visit,
)

ELECTION_DAY = dt.date(2024, 11, 17)
DONE, PLANNED, CANCELLED = VisitStatus.DONE, VisitStatus.PLANNED, VisitStatus.CANCELLED
OPENING, VOTING, COUNTING, TABULATION = Phase


class MissionBuilder:
    """Adds records and returns their ids; codes and references are made up when omitted."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.made = 0
        self._team: int | None = None

    def _next(self) -> int:
        self.made += 1
        return self.made

    def _add(self, record: Locality | PollingStation | Team | ChecklistQuestion | Visit) -> int:
        self.session.add(record)
        self.session.flush()
        return record.id

    def locality(self, name: str, district: str = "", region: str = "") -> int:
        return self._add(Locality(name=name, district=district, region=region))

    def station(self, locality_id: int, code: str | None = None) -> int:
        return self._add(
            PollingStation(code=code or f"{self._next():04d}", locality_id=locality_id)
        )

    def team(self, code: str | None = None) -> int:
        return self._add(Team(code=code or f"T{self._next():02d}"))

    def question(
        self,
        phase: Phase,
        answer_type: AnswerType = AnswerType.YES_NO,
        *,
        negative: str = "",
        critical: str = "",
        code: str | None = None,
        text: str = "",
    ) -> int:
        number = self._next()
        return self._add(
            ChecklistQuestion(
                code=code or f"Q{number}",
                phase=phase,
                position_in_list=number,
                text=text or f"Question {number}?",
                answer_type=answer_type,
                choices="A;B;C" if answer_type is AnswerType.CHOICE else "",
                negative_answer=negative,
                critical_answer=critical,
            )
        )

    def visit(
        self,
        station_id: int,
        phase: Phase = Phase.VOTING,
        status: VisitStatus = VisitStatus.DONE,
        overall: Assessment | None = None,
        team_id: int | None = None,
    ) -> int:
        if team_id is None:
            if self._team is None:
                self._team = self.team()
            team_id = self._team
        return self._add(
            Visit(
                ref=f"V{self._next()}",
                team_id=team_id,
                station_id=station_id,
                date=ELECTION_DAY,
                phase=phase,
                status=status,
                overall=overall,
            )
        )

    def answer(self, visit_id: int, question_id: int, value: str) -> None:
        self.session.add(Answer(visit_id=visit_id, question_id=question_id, value=value))

    def incident(
        self,
        visit_id: int,
        category: IncidentCategory,
        severity: Severity = Severity.MINOR,
        *,
        observed: bool = True,
    ) -> None:
        self.session.add(
            Incident(
                visit_id=visit_id,
                category=category,
                severity=severity,
                observed=observed,
                description="Seen at the station.",
            )
        )

    def delegation(self, name: str, kind: DelegationKind = DelegationKind.MEMBER_STATE) -> int:
        delegation = Delegation(name=name, kind=kind)
        self.session.add(delegation)
        self.session.flush()
        return delegation.id

    def member(
        self,
        delegation_id: int,
        role: MemberRole = MemberRole.OBSERVER,
        status: AccreditationStatus = AccreditationStatus.ACCREDITED,
        full_name: str | None = None,
    ) -> None:
        self.session.add(
            Member(
                delegation_id=delegation_id,
                full_name=full_name or f"Observer {self._next()}",
                role=role,
                accreditation_status=status,
            )
        )


@contextmanager
def building(session: Session) -> Iterator[MissionBuilder]:
    """A builder whose records are committed together when the block ends."""
    with session.begin():
        yield MissionBuilder(session)


# --- random missions -------------------------------------------------------------------

VALUES = {
    AnswerType.YES_NO: ("yes", "no", ""),
    AnswerType.NUMBER: ("0", "1", "12"),
    AnswerType.SCALE: ("1", "2", "3", "4"),
    AnswerType.CHOICE: ("A", "B", "C"),
    AnswerType.TEXT: ("", "Queue", "Calm"),
}


@dataclass(frozen=True)
class RandomMission:
    localities: int
    stations: list[int]  # each station's locality
    questions: list[tuple[Phase, AnswerType, str, str]]  # with negative and critical answers
    visits: list[tuple[int, Phase, VisitStatus, Assessment | None]]
    answers: dict[tuple[int, int], int]  # (visit, question) -> index into the type's values
    incidents: list[tuple[int, IncidentCategory, Severity, bool]]
    members: list[tuple[int, MemberRole, AccreditationStatus]]  # delegation 0..2


@st.composite
def random_missions(draw: st.DrawFn) -> RandomMission:
    localities = draw(st.integers(1, 3))
    # Few stations, mostly voting, most questions with negative answers: stations are often
    # observed twice with negative answers, where counting distinct stations matters.
    stations = draw(st.lists(st.integers(0, localities - 1), min_size=1, max_size=3))
    questions = []
    for phase, kind in draw(
        st.lists(
            st.tuples(
                st.sampled_from([VOTING, VOTING, COUNTING, OPENING, TABULATION]),
                st.sampled_from(AnswerType),
            ),
            min_size=1,
            max_size=4,
        )
    ):
        given_values = [v for v in VALUES[kind] if v]
        negative: list[str] = []
        if draw(st.integers(0, 3)):
            negative = draw(
                st.lists(st.sampled_from(given_values), unique=True, min_size=1, max_size=2)
            )
        critical = draw(st.lists(st.sampled_from(negative), unique=True)) if negative else []
        questions.append(
            (phase, kind, draw(st.sampled_from([";", "; "])).join(negative), ";".join(critical))
        )
    visits = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(stations) - 1),
                st.sampled_from([VOTING, VOTING, VOTING, COUNTING, OPENING]),
                st.sampled_from([DONE, DONE, DONE, PLANNED, CANCELLED]),
                st.none() | st.sampled_from(Assessment),
            ),
            min_size=2,
            max_size=12,
        )
    )
    answers = {
        (v, q): pick
        for v in range(len(visits))
        for q in range(len(questions))
        if (pick := draw(st.none() | st.integers(0, 3))) is not None
    }
    incidents = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(visits) - 1),
                st.sampled_from(IncidentCategory),
                st.sampled_from(Severity),
                st.booleans(),
            ),
            max_size=5,
        )
    )
    members = draw(
        st.lists(
            st.tuples(
                st.integers(0, 2), st.sampled_from(MemberRole), st.sampled_from(AccreditationStatus)
            ),
            max_size=5,
        )
    )
    return RandomMission(localities, stations, questions, visits, answers, incidents, members)


def write(session: Session, plan: RandomMission) -> None:
    with building(session) as mission:
        localities = [
            mission.locality(f"Town {n % 2}", district=str(n)) for n in range(plan.localities)
        ]
        stations = [mission.station(localities[n]) for n in plan.stations]
        questions = [
            mission.question(phase, kind, negative=negative, critical=critical)
            for phase, kind, negative, critical in plan.questions
        ]
        visits = [
            mission.visit(stations[station], phase, status, overall)
            for station, phase, status, overall in plan.visits
        ]
        for (visit, question), pick in plan.answers.items():
            values = VALUES[plan.questions[question][1]]
            mission.answer(visits[visit], questions[question], values[pick % len(values)])
        for visit, category, severity, observed in plan.incidents:
            mission.incident(visits[visit], category, severity, observed=observed)
        delegations = [mission.delegation(f"Delegation {n}") for n in range(3)]
        for delegation, role, status in plan.members:
            mission.member(delegations[delegation], role, status)
