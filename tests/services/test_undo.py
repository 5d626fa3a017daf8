"""Taking back deletes: a snapshot restores the record and all that went with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, MemberRole, Phase, VisitStatus
from coordinator.db.models import (
    Answer,
    Base,
    ChecklistQuestion,
    DebriefNote,
    Delegation,
    Locality,
    Member,
    PollingStation,
    Team,
    Visit,
)
from coordinator.services.undo import restore, snapshot


def dump(session: Session) -> dict[str, list[Any]]:
    with session.begin():
        return {
            table.name: sorted((tuple(row) for row in session.execute(sa.select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def test_deleting_a_team_and_undoing_gives_back_every_row(session: Session) -> None:
    with session.begin():
        delegation = Delegation(name="Republic of Azerbaijan")
        team = Team(code="T1")
        locality = Locality(name="Bishkek")
        station = PollingStation(code="1001", locality=locality)
        question = ChecklistQuestion(
            code="V1", phase=Phase.VOTING, text="Campaign material?", answer_type=AnswerType.YES_NO
        )
        member = Member(
            full_name="Rəşad Məmmədov", delegation=delegation, team=team, role=MemberRole.OBSERVER
        )
        visit = Visit(
            ref="V001",
            team=team,
            station=station,
            date=dt.date(2024, 11, 17),
            phase=Phase.VOTING,
            status=VisitStatus.DONE,
        )
        note = DebriefNote(date=dt.date(2024, 11, 17), team=team, text="Calm day")
        session.add_all([delegation, team, locality, station, question, member, visit, note])
        session.flush()
        session.add(Answer(visit_id=visit.id, question_id=question.id, value="no"))
    before = dump(session)
    team_id = team.id

    taken = snapshot(session, "team", team_id)
    with session.begin():
        session.execute(sa.delete(Team).where(Team.id == team_id))
    after_delete = dump(session)
    assert after_delete["visit"] == [] and after_delete["answer"] == []
    assert after_delete["member"][0] != before["member"][0]  # team cleared

    restore(session, taken)
    assert dump(session) == before
    with session.begin():
        assert session.get(Member, member.id).team_id == team_id  # type: ignore[union-attr]
        assert session.scalar(sa.select(DebriefNote.team_id)) == team_id
