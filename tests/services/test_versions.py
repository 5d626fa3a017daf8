"""Two people on one mission: a save over a change made since it was read is refused.

Each test opens two sessions on one mission (a file, and a shared PostgreSQL database),
as two windows would: both read, one saves, the other's save or delete is refused,
says what changed, and writes nothing.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, IncidentCategory, Phase, Severity, VisitStatus
from coordinator.db.missionfile import MissionFile
from coordinator.db.models import Member, Team, Visit
from coordinator.services.answers import set_answers
from coordinator.services.checklist import (
    QuestionFields,
    create_question,
    list_questions,
    read_question,
    update_question,
)
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.errors import StaleRecordError
from coordinator.services.incidents import (
    IncidentFields,
    create_incident,
    read_incident,
    update_incident,
)
from coordinator.services.meetings import (
    InterlocutorFields,
    KeyPointFields,
    MeetingFields,
    create_meeting,
    get_meeting,
    meeting_fields,
    update_meeting,
)
from coordinator.services.members import MemberFields, create_member, member_fields, update_member
from coordinator.services.mission import MissionFields, mission_settings, save_mission
from coordinator.services.statement_sections import (
    SectionFields,
    add_section,
    section_rows,
    update_section,
)
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
    locality_records,
    update_locality,
)
from coordinator.services.teams import (
    TeamFields,
    create_team,
    delete_team,
    team_fields,
    update_team,
)
from coordinator.services.unit import get, unit_of_work
from coordinator.services.versions import VersionLog, refuse_if_moved
from coordinator.services.visit_records import VisitRecord, read_visit, update_visit_with_answers
from coordinator.services.visits import VisitFields, create_visit, update_visit, visit_fields
from tests.conftest import ELECTION_DAY


def stored(mission_file: MissionFile) -> tuple[str, str, str, int] | None:
    """The team as a third reader finds it in the mission now."""
    with mission_file.session() as fresh:
        row = fresh.execute(sa.select(Team.code, Team.area, Team.vehicle, Team.version)).first()
    return None if row is None else tuple(row)  # type: ignore[return-value]


@pytest.fixture
def two(mission_file: MissionFile) -> tuple[Session, Session, int]:
    """Two sessions on one mission and the id of team T3 in it (version 1)."""
    first, second = mission_file.session(), mission_file.session()
    team = create_team(first, TeamFields("T3", area="Osh", vehicle="Lada"))
    return first, second, team.id


def test_a_new_record_starts_at_version_one_and_each_save_counts(
    mission_file: MissionFile, two: tuple[Session, Session, int]
) -> None:
    first, _second, team_id = two
    assert team_fields(get(first, Team, team_id, "team")).version == 1
    update_team(first, team_id, TeamFields("T3", area="Kant", vehicle="Lada"))
    assert stored(mission_file) == ("T3", "Kant", "Lada", 2)


def test_a_save_over_someone_elses_change_is_refused_naming_what_changed(
    mission_file: MissionFile, two: tuple[Session, Session, int]
) -> None:
    first, second, team_id = two
    read_by_first = team_fields(get(first, Team, team_id, "team"))
    read_by_second = team_fields(get(second, Team, team_id, "team"))
    update_team(
        first,
        team_id,
        dataclasses.replace(read_by_first, code="T3a", area="Tokmok"),
        read=read_by_first,
    )

    with pytest.raises(StaleRecordError) as refused:
        update_team(
            second,
            team_id,
            dataclasses.replace(read_by_second, vehicle="Niva"),
            read=read_by_second,
        )
    assert str(refused.value) == (
        "Team T3a was changed by someone else since you opened it: Code is now “T3a”, "
        "Area is now “Tokmok”. Reload it to see the change, then make your edit again."
    )
    assert refused.value.changes == [("Code", "T3a"), ("Area", "Tokmok")]
    # Nothing of the second save was written.
    assert stored(mission_file) == ("T3a", "Tokmok", "Lada", 2)

    # Read again, the same edit goes through.
    second.rollback()
    again = team_fields(get(second, Team, team_id, "team"))
    update_team(second, team_id, dataclasses.replace(again, vehicle="Niva"), read=again)
    assert stored(mission_file) == ("T3a", "Tokmok", "Niva", 3)
    for session in (first, second):
        session.close()


def test_a_delete_of_a_record_changed_since_it_was_read_is_refused(
    mission_file: MissionFile, two: tuple[Session, Session, int]
) -> None:
    first, second, team_id = two
    version = get(second, Team, team_id, "team").version
    update_team(first, team_id, TeamFields("T3", area="Naryn", vehicle="Lada"))

    with pytest.raises(StaleRecordError, match="Team T3 was changed by someone else since you"):
        delete_team(second, team_id, expected_version=version)
    assert stored(mission_file) == ("T3", "Naryn", "Lada", 2)

    delete_team(second, team_id, expected_version=version + 1)
    assert stored(mission_file) is None
    for session in (first, second):
        session.close()


# A file lets one writer at a time: the read-then-write race is a server's.
@pytest.mark.parametrize(
    "mission_file", [pytest.param("postgresql", marks=pytest.mark.postgresql)], indirect=True
)
def test_an_update_that_finds_the_version_moved_in_its_transaction_writes_nothing(
    mission_file: MissionFile, two: tuple[Session, Session, int]
) -> None:
    """SQLAlchemy's version check: the record changed between this transaction reading
    and writing it."""
    first, second, team_id = two
    refused = pytest.raises(StaleRecordError, match="This record was changed by someone else")
    with refused, unit_of_work(second):
        team = get(second, Team, team_id, "team")
        update_team(first, team_id, TeamFields("T3", area="Batken", vehicle="Lada"))
        team.vehicle = "Niva"
    assert stored(mission_file) == ("T3", "Batken", "Lada", 2)
    for session in (first, second):
        session.close()


def test_a_log_of_ones_own_saves_refuses_what_others_changed_after_them(
    mission_file: MissionFile, two: tuple[Session, Session, int]
) -> None:
    """What undo relies on: the versions this session's saves left, and a check of them."""
    first, second, team_id = two
    log = VersionLog(first)
    log.start()
    update_team(first, team_id, TeamFields("T3", area="Talas", vehicle="Lada"))
    saved = log.finish()
    assert saved == {("team", team_id)}
    assert log.expected(saved) == {("team", team_id): 2}
    with unit_of_work(first):
        refuse_if_moved(first, log.expected(saved))  # nobody else saved it: passes

    update_team(second, team_id, TeamFields("T3", area="Osh", vehicle="Lada"))
    with pytest.raises(StaleRecordError, match="since this window saved it"), unit_of_work(first):
        refuse_if_moved(first, log.expected(saved))
    for session in (first, second):
        session.close()


# One editor, as a second window or command would be: reads team `id`, says so, waits for
# a line, then saves its vehicle as `vehicle` from what it read. (On a file the program's
# lock keeps a second copy out; this process opens the file directly, as any other
# program could, so that the refusal is the database's and the services', not the lock's.)
EDITOR = """
import dataclasses, sys
from pathlib import Path
from sqlalchemy.orm import Session
from coordinator.db.models import Team
from coordinator.services.errors import StaleRecordError
from coordinator.services.meetings import (
    InterlocutorFields,
    KeyPointFields,
    MeetingFields,
    create_meeting,
    get_meeting,
    meeting_fields,
    update_meeting,
)
from coordinator.services.members import MemberFields, create_member, member_fields, update_member
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.teams import team_fields, update_team
from coordinator.services.unit import get

where, team_id, vehicle = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if where.startswith("postgresql://"):
    from coordinator.db.missionfile import open_mission_file
    session = open_mission_file(where).session()
else:
    from coordinator.db.engine import sqlite_engine
    session = Session(sqlite_engine(Path(where)))
read = team_fields(get(session, Team, team_id, "team"))
session.commit()
print("read", read.version, flush=True)
sys.stdin.readline()
try:
    update_team(session, team_id, dataclasses.replace(read, vehicle=vehicle), read=read)
except StaleRecordError as error:
    print("refused", error, flush=True)
else:
    print("saved", flush=True)
"""


def test_two_processes_editing_one_team_the_second_save_is_refused(
    mission_file: MissionFile, two: tuple[Session, Session, int]
) -> None:
    first, second, team_id = two
    for session in (first, second):
        session.close()
    where = mission_file.address or str(mission_file.path)
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, where, str(team_id), vehicle],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for vehicle in ("Niva", "UAZ")
    ]
    try:
        assert editors[0].stdout is not None and editors[1].stdout is not None
        assert editors[0].stdin is not None and editors[1].stdin is not None
        # Both have read the team before either saves.
        assert [editor.stdout.readline() for editor in editors] == ["read 1\n", "read 1\n"]
        editors[0].stdin.write("go\n")
        editors[0].stdin.flush()
        assert editors[0].stdout.readline() == "saved\n"
        editors[1].stdin.write("go\n")
        editors[1].stdin.flush()
        assert editors[1].stdout.readline() == (
            "refused Team T3 was changed by someone else since you opened it: Vehicle is now "
            "“Niva”. Reload it to see the change, then make your edit again.\n"
        )
        assert [editor.wait(timeout=60) for editor in editors] == [0, 0]
    finally:
        for editor in editors:
            if editor.poll() is None:
                editor.kill()
            editor.communicate()
    # The first save is there; nothing of the second.
    assert stored(mission_file) == ("T3", "Osh", "Niva", 2)


@dataclass(frozen=True)
class Stale:
    """One kind of record in the read-change-refuse shape: `make` it (its id), `read` it as
    a form does, let someone else save `theirs` over what they read, then save `mine`
    over what was read before: refused, naming `changes`, with nothing of it written."""

    make: Callable[[Session], int]
    read: Callable[[Session, int], Any]
    theirs: Callable[[Any], Any]
    mine: Callable[[Any], Any]
    save: Callable[..., object]
    label: str
    changes: list[tuple[str, str | None]]


def _visit(session: Session) -> int:
    locality = create_locality(session, LocalityFields("Osh")).id
    station = create_station(session, StationFields("0012", locality)).id
    team = create_team(session, TeamFields("T9")).id
    create_question(
        session, QuestionFields("V1", Phase.VOTING, "Was the ink checked?", AnswerType.YES_NO)
    )
    fields = VisitFields(None, team, station, ELECTION_DAY, status=VisitStatus.DONE)
    return create_visit(session, fields).id


def _member(session: Session) -> int:
    delegation = create_delegation(session, DelegationFields("Kazakhstan")).id
    return create_member(session, MemberFields("Aigerim Sadykova", delegation)).id


def _save_visit_with_answers(
    session: Session, visit_id: int, record: VisitRecord, *, read: VisitRecord
) -> None:
    answers = dict.fromkeys(_questions(session), ("yes", ""))  # every question: yes
    update_visit_with_answers(session, visit_id, record.fields, answers, read=read)


def _questions(session: Session) -> list[int]:
    return [row.id for row in list_questions(session)]


def _mission(session: Session) -> int:
    save_mission(session, MissionFields("OTS EOM", "OTS", "Presidential", "KG", ELECTION_DAY))
    return 0


STALE = {
    "member": Stale(
        _member,
        lambda session, i: member_fields(get(session, Member, i, "member")),
        lambda read: replace(read, phone="+7 701"),
        lambda read: replace(read, email="a@example.org"),
        update_member,
        "Member Aigerim Sadykova",
        [("Phone", "+7 701")],
    ),
    "meeting (its key points alone)": Stale(
        lambda session: (
            create_meeting(
                session,
                MeetingFields(
                    ELECTION_DAY, location="CEC", interlocutors=(InterlocutorFields("Nurzhan"),)
                ),
            ).id
        ),
        lambda session, i: meeting_fields(get_meeting(session, i)),
        lambda read: replace(read, key_points=(KeyPointFields("Threshold 5%"),)),
        lambda read: replace(read, summary="Met the CEC"),
        update_meeting,
        "Meeting",
        [("Key points", None)],
    ),
    "question": Stale(
        lambda session: (
            create_question(
                session, QuestionFields("V7", Phase.VOTING, "Was it secret?", AnswerType.YES_NO)
            ).id
        ),
        read_question,
        lambda read: replace(read, text="Was the vote secret?"),
        lambda read: replace(read, required=True),
        update_question,
        "Checklist question V7",
        [("Text", "Was the vote secret?")],
    ),
    "incident": Stale(
        lambda session: (
            create_incident(
                session,
                IncidentFields(
                    _visit(session), None, IncidentCategory.PUBLIC_ORDER, description="Crowd"
                ),
            ).id
        ),
        read_incident,
        lambda read: replace(read, description="Crowd outside"),
        lambda read: replace(read, severity=Severity.SERIOUS),
        update_incident,
        "Incident",
        [("Description", "Crowd outside")],
    ),
    "locality": Stale(
        lambda session: create_locality(session, LocalityFields("Osh")).id,
        lambda session, i: dict(locality_records(session))[i],
        lambda read: replace(read, district="Aravan"),
        lambda read: replace(read, region="Osh Region"),
        update_locality,
        "Locality Osh",
        [("District", "Aravan")],
    ),
    "statement section": Stale(
        lambda session: add_section(session, SectionFields("Summary", "Calm.")).id,
        lambda session, i: next(
            SectionFields(row.title, row.text, row.version)
            for row in section_rows(session)
            if row.id == i
        ),
        lambda read: replace(read, text="Calm and orderly."),
        lambda read: replace(read, title="Findings"),
        update_section,
        "Statement section Summary",
        [("Text", "Calm and orderly.")],
    ),
    "visit (its answers alone)": Stale(
        _visit,
        read_visit,
        lambda read: read,
        lambda read: replace(read, fields=replace(read.fields, notes="Calm")),
        _save_visit_with_answers,
        "Visit V0001",
        [("Answers", None)],
    ),
    "mission settings": Stale(
        _mission,
        lambda session, _id: mission_settings(session),
        lambda read: replace(read, country="Kyrgyz Republic"),
        lambda read: replace(read, head_of_mission="Mehmet Ali Yüksel"),
        lambda session, _id, fields, *, read: save_mission(session, fields, read=read),
        "Mission OTS EOM",
        [("Country", "Kyrgyz Republic")],
    ),
}


@pytest.mark.parametrize("case", STALE.values(), ids=STALE.keys())
def test_a_save_over_someone_elses_change_is_refused_for_every_kind_of_record(
    mission_file: MissionFile, two: tuple[Session, Session, int], case: Stale
) -> None:
    other, mine, _team = two
    record_id = case.make(other)
    read = case.read(mine, record_id)
    mine.commit()
    # Someone else saves the record after it was read here.
    others_read = case.read(other, record_id)
    case.save(other, record_id, case.theirs(others_read), read=others_read)
    with mission_file.session() as fresh:
        theirs = case.read(fresh, record_id)

    with pytest.raises(StaleRecordError) as refused:
        case.save(mine, record_id, case.mine(read), read=read)
    assert refused.value.changes == case.changes
    said = str(refused.value)
    assert said.startswith(case.label) and "changed by someone else since you opened it" in said
    # Nothing of the refused save was written.
    with mission_file.session() as fresh:
        assert case.read(fresh, record_id) == theirs
    for session in (other, mine):
        session.close()


def test_answers_saved_by_someone_else_refuse_a_save_of_their_visit(
    mission_file: MissionFile, two: tuple[Session, Session, int]
) -> None:
    """The answers are part of their visit: answering counts on the visit's version."""
    first, second, team_id = two
    locality = create_locality(first, LocalityFields("Osh")).id
    station = create_station(first, StationFields("0012", locality)).id
    question = create_question(
        first, QuestionFields("V1", Phase.VOTING, "Was the ink checked?", AnswerType.YES_NO)
    ).id
    visit_id = create_visit(
        first,
        VisitFields(None, team_id, station, ELECTION_DAY, status=VisitStatus.DONE),
    ).id
    read = visit_fields(get(second, Visit, visit_id, "visit"))
    set_answers(first, visit_id, {question: ("yes", "")})
    with pytest.raises(StaleRecordError, match="Visit V0001 was changed by someone else"):
        update_visit(second, visit_id, replace(read, notes="Calm"), read=read)
    # The same answers again change nothing, so they count nothing.
    version = get(first, Visit, visit_id, "visit").version
    first.commit()
    set_answers(first, visit_id, {question: ("yes", "")})
    with mission_file.session() as fresh:
        assert fresh.scalar(sa.select(Visit.version)) == version
        assert fresh.scalar(sa.select(Visit.notes)) == ""
    for session in (first, second):
        session.close()
