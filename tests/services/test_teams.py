"""Teams and who is in them, through the services, on a real mission file."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import MemberRole, Phase
from coordinator.db.missionfile import MissionFile
from coordinator.db.models import DebriefNote, Visit
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.errors import NotFoundError, ValidationError
from coordinator.services.members import MemberFields, create_member, list_members
from coordinator.services.paging import PageRequest
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.teams import (
    TeamFields,
    create_team,
    delete_team,
    list_teams,
    set_team_members,
    team_delete_impact,
    team_fields,
    team_members,
    team_observers,
    teams_without_observers,
    update_team,
)
from tests.conftest import ELECTION_DAY


@pytest.fixture
def delegation(session: Session) -> int:
    return create_delegation(session, DelegationFields("Kazakhstan")).id


def member(
    session: Session, delegation: int, name: str, role: MemberRole = MemberRole.OBSERVER
) -> int:
    return create_member(session, MemberFields(name, delegation, role=role)).id


def teams_of(session: Session) -> dict[str, str]:
    """Each member's team code ("" for none), read back from the file."""
    return {r.full_name: r.team for r in list_members(session, PageRequest(limit=1000)).rows}


def test_code_is_required_trimmed_and_unique(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_team(session, TeamFields(" "))
    assert raised.value.for_field("code") == "Code is required."
    team = create_team(session, TeamFields(" T1 ", vehicle=" Toyota 01 KG 123 ")).id
    with pytest.raises(ValidationError) as raised:
        create_team(session, TeamFields("T1"))
    assert raised.value.for_field("code") == "Another team already has the code T1."
    update_team(session, team, TeamFields("T1", area="Chui region"))
    assert [(r.code, r.vehicle, r.area) for r in list_teams(session)] == [("T1", "", "Chui region")]


def test_set_members_adds_and_removes(session: Session, delegation: int) -> None:
    team = create_team(session, TeamFields("T1")).id
    alma, bota, chingis = (member(session, delegation, n) for n in ("Alma", "Bota", "Chingis"))
    set_team_members(session, team, [alma, bota, alma])
    assert teams_of(session) == {"Alma": "T1", "Bota": "T1", "Chingis": ""}
    set_team_members(session, team, [bota, chingis])
    assert teams_of(session) == {"Alma": "", "Bota": "T1", "Chingis": "T1"}
    assert [m.full_name for m in team_members(session, team)] == ["Bota", "Chingis"]
    set_team_members(session, team, [])
    assert set(teams_of(session).values()) == {""}


def test_member_of_another_team_is_refused_naming_them_unless_moved(
    session: Session, delegation: int
) -> None:
    t1 = create_team(session, TeamFields("T1")).id
    t2 = create_team(session, TeamFields("T2")).id
    alma, bota = member(session, delegation, "Alma"), member(session, delegation, "Bota")
    set_team_members(session, t1, [alma])

    with pytest.raises(ValidationError) as raised:
        set_team_members(session, t2, [bota, alma])
    assert raised.value.for_field("members") == (
        "Alma is already in team T1. Take them out of team T1 first, or move them to team T2."
    )
    assert teams_of(session) == {"Alma": "T1", "Bota": ""}

    set_team_members(session, t2, [bota, alma], move=True)
    assert teams_of(session) == {"Alma": "T2", "Bota": "T2"}
    assert team_members(session, t1) == []
    # Setting a team's own members again is not a move.
    set_team_members(session, t2, [alma])
    assert teams_of(session) == {"Alma": "T2", "Bota": ""}


def test_unknown_member_or_team_is_refused(session: Session, delegation: int) -> None:
    team = create_team(session, TeamFields("T1")).id
    alma = member(session, delegation, "Alma")
    with pytest.raises(ValidationError) as raised:
        set_team_members(session, team, [alma, alma + 50])
    assert raised.value.for_field("members") == (
        f"A member chosen (#{alma + 50}) is no longer in the mission."
    )
    assert teams_of(session) == {"Alma": ""}
    with pytest.raises(NotFoundError):
        set_team_members(session, team + 50, [alma])


def test_interpreters_and_drivers_are_not_observers(session: Session, delegation: int) -> None:
    t1, t2, t3 = (create_team(session, TeamFields(code)).id for code in ("T1", "T2", "T10"))
    observer = member(session, delegation, "Zhanna")
    head = member(session, delegation, "Askar", MemberRole.HEAD_OF_MISSION)
    interpreter = member(session, delegation, "Dana", MemberRole.INTERPRETER)
    driver = member(session, delegation, "Erlan", MemberRole.DRIVER)
    set_team_members(session, t1, [observer, head, interpreter])
    set_team_members(session, t2, [driver])

    found = team_observers(session, t1)
    assert [m.full_name for m in found] == ["Askar", "Zhanna"]
    assert {m.delegation.name for m in found} == {"Kazakhstan"}
    assert team_observers(session, t2) == []
    assert [t.code for t in teams_without_observers(session)] == ["T2", "T10"]
    assert {t.id for t in teams_without_observers(session)} == {t2, t3}


def test_list_shows_observers_visits_and_sorts_codes_as_numbers(
    session: Session, delegation: int
) -> None:
    t10 = create_team(session, TeamFields("T10", interpreter="Dana")).id
    t2 = create_team(session, TeamFields("T2", driver="Erlan", driver_phone="+7 700")).id
    create_team(session, TeamFields("T1"))
    set_team_members(
        session,
        t10,
        [
            member(session, delegation, "Zhanna"),
            member(session, delegation, "Askar"),
            member(session, delegation, "Dana K.", MemberRole.INTERPRETER),
        ],
    )
    add_visits(session, t2, 3)

    rows = list_teams(session)
    assert [(r.code, r.observers, r.observer_names, r.visits) for r in rows] == [
        ("T1", 0, (), 0),
        ("T2", 0, (), 3),
        ("T10", 2, ("Askar", "Zhanna"), 0),
    ]
    assert (rows[1].driver, rows[1].driver_phone, rows[2].interpreter) == (
        "Erlan",
        "+7 700",
        "Dana",
    )


def add_visits(session: Session, team_id: int, count: int) -> None:
    locality = create_locality(session, LocalityFields(f"Place of {team_id}")).id
    station = create_station(session, StationFields(f"{team_id:04d}", locality)).id
    with session.begin():
        for number in range(count):
            session.add(
                Visit(
                    ref=f"{team_id}-{number}",
                    team_id=team_id,
                    station_id=station,
                    date=ELECTION_DAY,
                    phase=Phase.VOTING,
                )
            )


def test_delete_takes_visits_and_lets_members_and_notes_go(
    session: Session, mission_file: MissionFile, delegation: int
) -> None:
    team = create_team(session, TeamFields("T1")).id
    other = create_team(session, TeamFields("T2")).id
    set_team_members(session, team, [member(session, delegation, "Alma")])
    add_visits(session, team, 4)
    add_visits(session, other, 1)
    with session.begin():
        for text in ("Queues at opening", "Ink not checked"):
            session.add(DebriefNote(date=ELECTION_DAY, team_id=team, text=text))

    assert team_delete_impact(session, team) == {"visits": 4, "debrief_notes": 2, "members": 1}
    delete_team(session, team)

    assert [r.code for r in list_teams(session)] == ["T2"]
    assert teams_of(session) == {"Alma": ""}
    with mission_file.session() as fresh:
        assert fresh.scalars(sa.select(Visit.team_id)).all() == [other]
        notes = fresh.execute(sa.select(DebriefNote.text, DebriefNote.team_id)).all()
        assert sorted(notes) == [("Ink not checked", None), ("Queues at opening", None)]


def test_fields_round_trip(session: Session) -> None:
    fields = TeamFields(
        "T5",
        interpreter="Dana",
        interpreter_phone="+996 1",
        driver="Erlan",
        driver_phone="+996 2",
        vehicle="Lada",
        area="Osh city",
        notes="Night in Osh.",
    )
    team = create_team(session, fields)
    assert team_fields(team) == fields
    assert team_fields(update_team(session, team.id, team_fields(team))) == fields
    # Saved unchanged, nothing was written: the version it was read at is still the one.
    assert team_fields(team).version == 1
