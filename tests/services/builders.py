"""Test missions written straight through the ORM, for tests of services that only read.

The entity services check what a coordinator types; statistics tests need many records
fast, including ones those services would refuse (an answer at a visit of another phase),
so `MissionBuilder` adds records directly, all inside the one transaction `building` opens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

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
