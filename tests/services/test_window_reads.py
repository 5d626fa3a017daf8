"""What the window reads and saves through services, as plain records (issue 14, point 8).

The window holds no database object: each form reads its record's fields from a service
of its kind, and a visit is read and saved with its answers by `visit_records`. These run
on both homes, a file and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, MeetingKind, Phase, VisitStatus
from coordinator.db.models import Answer, Visit
from coordinator.services.checklist import (
    QuestionFields,
    canonical_answer,
    create_question,
    is_negative,
    phase_questions,
)
from coordinator.services.debrief import DebriefFields, create_debrief_note, read_debrief_note
from coordinator.services.delegations import (
    DelegationFields,
    create_delegation,
    read_delegation,
)
from coordinator.services.errors import NotFoundError, ValidationError
from coordinator.services.meeting_view import meeting_view, read_meeting
from coordinator.services.meetings import (
    InterlocutorFields,
    KeyPointFields,
    MeetingFields,
    create_meeting,
)
from coordinator.services.members import MemberFields, create_member, read_member
from coordinator.services.mission import (
    MissionFields,
    mission_logo,
    mission_settings,
    save_mission,
    set_mission_logo,
)
from coordinator.services.statement_sections import SectionFields, add_section, section_rows
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
    locality_records,
    read_station,
)
from coordinator.services.store import Store
from coordinator.services.teams import (
    TeamFields,
    delete_team,
    read_team,
    save_team,
    team_member_ids,
)
from coordinator.services.undo import created_id, restore, snapshot
from coordinator.services.visit_records import (
    create_visit_with_answers,
    read_visit,
    update_visit_with_answers,
    visit_and_station,
)
from coordinator.services.visits import VisitFields, delete_visit
from tests.conftest import ELECTION_DAY


@dataclass(frozen=True)
class Place:
    """A team of two observers, a station in Kant and a yes/no voting question."""

    team: int
    members: tuple[int, int]
    delegation: int
    station: int
    locality: int
    question: int


@pytest.fixture
def place(session: Session) -> Place:
    kant = create_locality(session, LocalityFields("Kant", district="Ысык-Ата")).id
    station = create_station(session, StationFields("5101", kant, name="İnönü Lisesi")).id
    delegation = create_delegation(session, DelegationFields("Türkiye", country="TR")).id
    members = (
        create_member(session, MemberFields("Ayşe Yılmaz", delegation)).id,
        create_member(session, MemberFields("Айбек Токтогулов", delegation)).id,
    )
    team = save_team(session, None, TeamFields("T1", driver="Нурлан"), members).id
    question = create_question(
        session,
        QuestionFields(
            "V01",
            Phase.VOTING,
            "Was the secrecy of the vote kept?",
            AnswerType.YES_NO,
            negative_answer="no",
        ),
    ).id
    return Place(team, members, delegation, station, kant, question)


def visit(place: Place, status: VisitStatus = VisitStatus.DONE) -> VisitFields:
    return VisitFields(None, place.team, place.station, ELECTION_DAY, Phase.VOTING, status=status)


def stored_answers(session: Session, visit_id: int) -> list[tuple[int, str]]:
    rows = session.execute(
        sa.select(Answer.question_id, Answer.value).where(Answer.visit_id == visit_id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_visit_and_its_answers_are_created_and_read_back_together(
    session: Session, place: Place
) -> None:
    made = create_visit_with_answers(session, visit(place), {place.question: ("No", "curtain")})
    record = read_visit(session, made.id)
    assert record.ref == "V0001"
    assert record.team == "T1"
    assert record.station == "5101 · İnönü Lisesi · Kant"
    assert record.fields.status is VisitStatus.DONE
    assert record.answers == {place.question: ("no", "curtain")}
    assert visit_and_station(session, made.id) == (record.fields, record.station)


def test_answers_refused_leave_no_visit_behind(session: Session, place: Place) -> None:
    # A planned visit cannot have answers: the visit made first is taken back with them.
    with pytest.raises(ValidationError):
        create_visit_with_answers(
            session, visit(place, VisitStatus.PLANNED), {place.question: ("yes", "")}
        )
    assert session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 0


def test_a_done_visit_becomes_planned_with_its_answers_cleared_in_one_save(
    session: Session, place: Place
) -> None:
    made = create_visit_with_answers(session, visit(place), {place.question: ("yes", "")})
    planned = dataclasses.replace(read_visit(session, made.id).fields, status=VisitStatus.PLANNED)
    # The answers must go before the visit stops being done: the service orders the two.
    update_visit_with_answers(session, made.id, planned, {place.question: ("", "")})
    record = read_visit(session, made.id)
    assert record.fields.status is VisitStatus.PLANNED
    assert record.answers == {}
    # And back: done first, then the answer.
    update_visit_with_answers(
        session,
        made.id,
        dataclasses.replace(planned, status=VisitStatus.DONE),
        {place.question: ("no", "")},
    )
    assert stored_answers(session, made.id) == [(place.question, "no")]


def test_a_refused_update_changes_neither_the_visit_nor_its_answers(
    session: Session, place: Place
) -> None:
    made = create_visit_with_answers(session, visit(place), {place.question: ("yes", "")})
    moved = dataclasses.replace(visit(place), date=ELECTION_DAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        update_visit_with_answers(session, made.id, moved, {place.question: ("maybe", "")})
    record = read_visit(session, made.id)
    assert record.fields.date == ELECTION_DAY
    assert record.answers == {place.question: ("yes", "")}


def test_a_visit_deleted_meanwhile_is_said_to_be_gone(session: Session, place: Place) -> None:
    made = create_visit_with_answers(session, visit(place), {})
    delete_visit(session, made.id)
    with pytest.raises(NotFoundError, match=r"The visit \(#\d+\) is no longer in this mission"):
        read_visit(session, made.id)


def test_each_form_reads_its_record_as_plain_fields(session: Session, place: Place) -> None:
    assert read_team(session, place.team) == TeamFields("T1", driver="Нурлан")
    assert team_member_ids(session, place.team) == set(place.members)
    assert read_station(session, place.station) == StationFields(
        "5101", place.locality, name="İnönü Lisesi"
    )
    assert locality_records(session) == [
        (place.locality, LocalityFields("Kant", district="Ысык-Ата"))
    ]
    assert read_delegation(session, place.delegation) == DelegationFields("Türkiye", country="TR")
    member = read_member(session, place.members[0])
    assert (member.full_name, member.delegation_id) == ("Ayşe Yılmaz", place.delegation)
    note = create_debrief_note(session, DebriefFields(ELECTION_DAY, place.team, text="Queues"))
    assert read_debrief_note(session, note.id) == DebriefFields(
        ELECTION_DAY, place.team, text="Queues"
    )
    with pytest.raises(NotFoundError, match=r"The team \(#999\) is no longer in this mission"):
        read_team(session, 999)


def test_a_meeting_is_read_for_its_form_and_for_the_detail_panel(
    session: Session, place: Place
) -> None:
    fields = MeetingFields(
        ELECTION_DAY - dt.timedelta(days=2),
        start=dt.time(10, 0),
        end=dt.time(11, 30),
        location="ЦИК",
        kind=MeetingKind.MEETING,
        summary="Preparations on time.",
        interlocutors=(InterlocutorFields("Н. Шайлиева", "Chair", "CEC"),),
        key_points=(KeyPointFields("Ballots printed", for_statement=True),),
        participant_ids=(place.members[0],),
    )
    meeting = create_meeting(session, fields).id
    assert read_meeting(session, meeting) == fields
    view = meeting_view(session, meeting)
    assert view.heading == "Meeting · 15 November 2024, 10:00–11:30"
    assert view.interlocutors == ("Н. Шайлиева — Chair, CEC",)
    assert view.participants == ("Ayşe Yılmaz",)
    assert [(text, flag) for _id, text, flag in view.key_points] == [("Ballots printed", True)]


def test_the_mission_settings_and_logo_are_none_until_saved(session: Session) -> None:
    assert mission_settings(session) is None
    assert mission_logo(session) is None
    fields = MissionFields("EOM Kyrgyzstan", "OSCE/ODIHR", "Parliamentary", "KG", ELECTION_DAY)
    save_mission(session, fields)
    assert mission_settings(session) == fields
    logo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    set_mission_logo(session, logo)
    assert mission_logo(session) == logo


def test_sections_and_questions_come_as_rows_the_window_may_keep(
    session: Session, place: Place
) -> None:
    first = created_id(Store(session), lambda s: add_section(s, SectionFields("Summary", "Calm.")))
    add_section(session, SectionFields("", "Queues."), 0)
    assert [(r.title, r.text) for r in section_rows(session)] == [
        ("", "Queues."),
        ("Summary", "Calm."),
    ]
    assert section_rows(session)[1].id == first
    ((question_id, question),) = phase_questions(session, Phase.VOTING)
    assert question_id == place.question
    assert canonical_answer(question, "Нет") == "no"
    assert is_negative(question, "no")


def test_a_delete_is_taken_back_by_kind_of_record(session: Session, place: Place) -> None:
    taken = snapshot(session, "team", place.team)
    delete_team(session, place.team)
    assert team_member_ids(session, place.team) == set()
    restore(session, taken)
    assert read_team(session, place.team).code == "T1"
    assert team_member_ids(session, place.team) == set(place.members)


def test_a_kind_the_window_does_not_take_back_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="answer"):
        snapshot(session, "answer", 1)  # type: ignore[arg-type]
