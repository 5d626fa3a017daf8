"""Conflicts in the teams' schedule, and teams saved with their members, on a real file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.enums import MemberRole, Phase, VisitStatus
from coordinator.db.models import Visit
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.errors import ValidationError
from coordinator.services.members import MemberFields, create_member
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.schedule import (
    ASSUMED_STAY,
    Conflict,
    ConflictKind,
    conflicts_by_visit,
    schedule_conflicts,
    team_visit_days,
)
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.teams import (
    TeamFields,
    create_team,
    delete_team_and_return_members,
    list_teams,
    member_teams,
    restore_team,
    save_team,
    team_members,
)
from coordinator.services.unit import unit_of_work
from coordinator.services.visits import VisitFields, create_visit, update_visit, visit_fields
from tests.conftest import ELECTION_DAY

TWO_PLACES = ConflictKind.TEAM_IN_TWO_PLACES


@dataclass(frozen=True)
class Plan:
    """Teams T1 and T2, each with an observer, and three stations in Bishkek."""

    t1: int
    t2: int
    s1045: int
    s1052: int
    s1060: int
    delegation: int


@pytest.fixture
def plan(session: Session) -> Plan:
    bishkek = create_locality(session, LocalityFields("Бишкек", region="Bishkek city")).id
    stations = [
        create_station(session, StationFields(code, bishkek, name=f"Школа № {n}")).id
        for n, code in enumerate(("1045", "1052", "1060"), start=1)
    ]
    delegation = create_delegation(session, DelegationFields("Kyrgyz Republic")).id
    teams = []
    for code, observer in (("T1", "Айбек Токтогулов"), ("T2", "Ayşe Yılmaz")):
        team = create_team(session, TeamFields(code)).id
        create_member(session, MemberFields(observer, delegation, team_id=team))
        teams.append(team)
    return Plan(teams[0], teams[1], stations[0], stations[1], stations[2], delegation)


def at(text: str | None) -> dt.time | None:
    return None if text is None else dt.time.fromisoformat(text)


def add_visit(
    session: Session,
    team: int,
    station: int,
    arrival: str | None,
    departure: str | None = None,
    *,
    day: dt.date = ELECTION_DAY,
    phase: Phase = Phase.VOTING,
    status: VisitStatus = VisitStatus.PLANNED,
) -> int:
    fields = VisitFields(None, team, station, day, phase, at(arrival), at(departure), status=status)
    return create_visit(session, fields).id


def messages(conflicts: list[Conflict]) -> list[str]:
    return [conflict.message for conflict in conflicts]


def test_a_clean_schedule_has_no_conflicts(session: Session, plan: Plan) -> None:
    add_visit(session, plan.t1, plan.s1045, "08:00", "09:00")
    # Touching is not overlapping: T1 leaves 1045 at 09:00 and is at 1052 at 09:00.
    add_visit(session, plan.t1, plan.s1052, "09:00", "09:45")
    add_visit(session, plan.t2, plan.s1045, "09:00", "09:30")
    add_visit(session, plan.t2, plan.s1060, "09:30")
    add_visit(session, plan.t1, plan.s1060, None)  # not timed yet: clashes with nothing
    assert schedule_conflicts(session) == []
    assert conflicts_by_visit(session) == {}


def test_a_team_in_two_places_at_once_is_found_with_its_message(
    session: Session, plan: Plan
) -> None:
    first = add_visit(session, plan.t2, plan.s1045, "09:30", "10:15")
    second = add_visit(session, plan.t2, plan.s1052, "10:00", "10:45")
    add_visit(session, plan.t2, plan.s1060, "11:00", "11:30")
    [conflict] = schedule_conflicts(session)
    assert conflict == Conflict(
        TWO_PLACES,
        "Team T2 is at 1045 (09:30–10:15) and 1052 (10:00–10:45) at once on 17 November 2024.",
        (first, second),
        plan.t2,
        ELECTION_DAY,
    )
    assert schedule_conflicts(session, team_id=plan.t1) == []
    assert schedule_conflicts(session, team_id=plan.t2, date=ELECTION_DAY) == [conflict]
    assert schedule_conflicts(session, date=ELECTION_DAY + dt.timedelta(days=1)) == []
    assert conflicts_by_visit(session, team_id=plan.t2) == {first: [conflict], second: [conflict]}


def test_a_missing_departure_counts_as_a_short_stay(session: Session, plan: Plan) -> None:
    assert ASSUMED_STAY == 30
    add_visit(session, plan.t1, plan.s1045, "09:00")
    add_visit(session, plan.t1, plan.s1052, "09:30", "10:00")  # after the assumed 30 minutes
    assert schedule_conflicts(session) == []
    add_visit(session, plan.t1, plan.s1060, "09:20", "09:25")
    assert messages(schedule_conflicts(session)) == [
        "Team T1 is at 1045 (09:00, no planned departure) and 1060 (09:20–09:25) at once "
        "on 17 November 2024."
    ]


def test_counting_past_midnight_clashes_with_a_later_visit_that_evening(
    session: Session, plan: Plan
) -> None:
    add_visit(session, plan.t1, plan.s1045, "20:00", "01:30", phase=Phase.COUNTING)
    add_visit(session, plan.t1, plan.s1052, "23:00", "23:45", phase=Phase.COUNTING)
    [conflict] = schedule_conflicts(session)
    assert conflict.message.startswith("Team T1 is at 1045 (20:00–01:30) and 1052 (23:00–23:45)")


def test_cancelled_visits_are_ignored(session: Session, plan: Plan) -> None:
    add_visit(session, plan.t1, plan.s1045, "09:30", "10:15")
    cancelled = add_visit(
        session, plan.t1, plan.s1052, "10:00", "10:45", status=VisitStatus.CANCELLED
    )
    add_visit(session, plan.t2, plan.s1045, "09:45", "10:30", status=VisitStatus.CANCELLED)
    assert schedule_conflicts(session) == []
    # Planned again, the visit clashes again.
    fields = visit_fields(session.get_one(Visit, cancelled))
    update_visit(session, cancelled, VisitFields(**{**fields.__dict__, "status": "planned"}))
    assert [c.kind for c in schedule_conflicts(session)] == [TWO_PLACES]


def test_two_teams_at_one_station_at_the_same_time(session: Session, plan: Plan) -> None:
    t1 = add_visit(session, plan.t1, plan.s1045, "09:30", "10:15")
    t2 = add_visit(session, plan.t2, plan.s1045, "10:00", "10:45")
    add_visit(session, plan.t2, plan.s1045, "12:00", "12:30")  # later the same day: fine
    add_visit(session, plan.t1, plan.s1052, "10:00", "10:45", day=ELECTION_DAY - dt.timedelta(1))
    expected = Conflict(
        ConflictKind.TEAMS_AT_ONE_STATION,
        "Teams T1 and T2 are both at 1045 on 17 November 2024: T1 09:30–10:15, T2 10:00–10:45.",
        (t1, t2),
        None,
        ELECTION_DAY,
    )
    assert schedule_conflicts(session) == [expected]
    # Looking at one team's day shows it too, as the other team is in it.
    assert schedule_conflicts(session, team_id=plan.t2, date=ELECTION_DAY) == [expected]
    assert schedule_conflicts(session, team_id=plan.t1) == [expected]


def test_a_visit_outside_the_mission_dates(session: Session, plan: Plan) -> None:
    early = add_visit(session, plan.t1, plan.s1045, "10:00", day=dt.date(2024, 11, 10))
    late = add_visit(session, plan.t2, plan.s1052, None, day=dt.date(2024, 11, 20))
    add_visit(session, plan.t2, plan.s1060, None, day=dt.date(2024, 11, 21),
              status=VisitStatus.CANCELLED)  # fmt: skip
    add_visit(session, plan.t1, plan.s1060, "10:00")
    assert schedule_conflicts(session) == []  # no mission dates set yet
    save_mission(
        session,
        MissionFields(
            "IEOM Kyrgyzstan",
            "Organization of Turkic States",
            "Local councils",
            "Kyrgyzstan",
            ELECTION_DAY,
            mission_start=dt.date(2024, 11, 13),
            mission_end=dt.date(2024, 11, 18),
        ),
    )
    refs = {v.id: v.ref for v in session.scalars(sa.select(Visit))}
    conflicts = schedule_conflicts(session)
    assert [(c.kind, c.visit_ids, c.team_id) for c in conflicts] == [
        (ConflictKind.OUTSIDE_MISSION, (early,), plan.t1),
        (ConflictKind.OUTSIDE_MISSION, (late,), plan.t2),
    ]
    assert messages(conflicts) == [
        f"Visit {refs[early]} (team T1 at 1045) is on 10 November 2024, before the mission "
        "starts on 13 November 2024.",
        f"Visit {refs[late]} (team T2 at 1052) is on 20 November 2024, after the mission ends "
        "on 18 November 2024.",
    ]
    assert [c.visit_ids for c in schedule_conflicts(session, team_id=plan.t2)] == [(late,)]


def test_a_team_without_observers(session: Session, plan: Plan) -> None:
    team = create_team(session, TeamFields("T3")).id
    create_member(
        session,
        MemberFields(
            "Айгүл Төлөгөнова", plan.delegation, role=MemberRole.INTERPRETER, team_id=team
        ),
    )
    expected = Conflict(
        ConflictKind.NO_OBSERVERS, "Team T3 has no observers: add members to the team.", (), team
    )
    assert schedule_conflicts(session) == [expected]
    assert schedule_conflicts(session, team_id=team) == [expected]
    assert schedule_conflicts(session, team_id=plan.t1) == []
    assert conflicts_by_visit(session) == {}


def test_conflicts_come_in_date_team_and_time_order(session: Session, plan: Plan) -> None:
    for team in (plan.t2, plan.t1):
        for day in (ELECTION_DAY, ELECTION_DAY - dt.timedelta(days=1)):
            add_visit(
                session, team, plan.s1045 if team == plan.t1 else plan.s1052, "09:00", day=day
            )
            add_visit(session, team, plan.s1060, "09:10", "09:20", day=day)
    found = [(c.date, c.team_id) for c in schedule_conflicts(session) if c.kind is TWO_PLACES]
    yesterday = ELECTION_DAY - dt.timedelta(days=1)
    assert found == [(yesterday, plan.t1), (yesterday, plan.t2), (ELECTION_DAY, plan.t1),
                     (ELECTION_DAY, plan.t2)]  # fmt: skip


def test_days_of_a_team_with_their_visits(session: Session, plan: Plan) -> None:
    add_visit(session, plan.t1, plan.s1045, "09:00", day=ELECTION_DAY)
    add_visit(session, plan.t1, plan.s1052, "11:00", day=ELECTION_DAY)
    add_visit(session, plan.t1, plan.s1052, "11:00", day=dt.date(2024, 11, 15))
    assert team_visit_days(session, plan.t1) == [(dt.date(2024, 11, 15), 1), (ELECTION_DAY, 2)]
    assert team_visit_days(session, plan.t2) == []


# --- the property: found iff some pair overlaps --------------------------------------------


intervals = st.lists(
    st.tuples(st.integers(6 * 60, 20 * 60), st.integers(1, 180)), min_size=0, max_size=12
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(intervals)
def test_conflicts_are_found_exactly_when_two_visits_overlap(
    session: Session, plan: Plan, spans: list[tuple[int, int]]
) -> None:
    with unit_of_work(session):
        session.execute(sa.delete(Visit))
        visits = [
            Visit(
                ref=f"V{number}",
                team_id=plan.t1,
                station_id=(plan.s1045, plan.s1052, plan.s1060)[number % 3],
                date=ELECTION_DAY,
                phase=Phase.VOTING,
                planned_arrival=dt.time(start // 60, start % 60),
                planned_departure=dt.time((start + length) // 60, (start + length) % 60),
            )
            for number, (start, length) in enumerate(spans)
        ]
        session.add_all(visits)
    span_of = {
        v.id: (start, start + length) for v, (start, length) in zip(visits, spans, strict=True)
    }

    def overlap(one: int, other: int) -> bool:
        (a, b), (c, d) = span_of[one], span_of[other]
        return a < d and c < b

    clashing = {one for one in span_of for other in span_of if one != other and overlap(one, other)}
    found = [c for c in schedule_conflicts(session, team_id=plan.t1) if c.kind is TWO_PLACES]
    assert bool(found) == bool(clashing)
    # Every visit that clashes is shown as clashing, and only those; each pair is real.
    assert {visit_id for c in found for visit_id in c.visit_ids} == clashing
    assert all(overlap(*c.visit_ids) for c in found)
    assert len(found) < max(len(spans), 1)


# --- a team with its members ---------------------------------------------------------------


def test_a_team_is_saved_with_its_members_or_not_at_all(session: Session, plan: Plan) -> None:
    aigul = create_member(session, MemberFields("Айгүл Төлөгөнова", plan.delegation)).id
    [aibek] = [m.id for m in team_members(session, plan.t1)]
    with pytest.raises(ValidationError) as raised:
        save_team(session, None, TeamFields("T3", area="Osh"), [aigul, aibek])
    assert raised.value.for_field("members") == (
        "Айбек Токтогулов is already in team T1. Take them out of team T1 first, "
        "or move them to team T3."
    )
    assert [row.code for row in list_teams(session)] == ["T1", "T2"]

    before = member_teams(session, [aigul, aibek])
    assert before == {aigul: None, aibek: plan.t1}
    team = save_team(session, None, TeamFields("T3", area="Osh"), [aigul, aibek], move=True).id
    assert member_teams(session, [aigul, aibek]) == {aigul: team, aibek: team}

    delete_team_and_return_members(session, team, before)
    assert member_teams(session, [aigul, aibek]) == before
    assert [row.code for row in list_teams(session)] == ["T1", "T2"]


def test_a_team_edit_is_taken_back_with_who_was_in_it(session: Session, plan: Plan) -> None:
    [aibek] = [m.id for m in team_members(session, plan.t1)]
    [ayse] = [m.id for m in team_members(session, plan.t2)]
    before = member_teams(session, [aibek, ayse])
    save_team(session, plan.t1, TeamFields("T1", vehicle="Toyota 01 KG 123"), [ayse], move=True)
    assert member_teams(session, [aibek, ayse]) == {aibek: None, ayse: plan.t1}
    restore_team(session, plan.t1, TeamFields("T1"), before)
    assert member_teams(session, [aibek, ayse]) == before
    assert [row.vehicle for row in list_teams(session)] == ["", ""]
