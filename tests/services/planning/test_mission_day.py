"""Planning a day of a real mission file: reading it, writing the plan, taking it back.

The demo mission (every election-day visit done) gets more stations in Bishkek, one
without coordinates, and a planned and a cancelled visit, so a plan has work to do.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import Phase, VisitStatus
from coordinator.db.models import Locality, PollingStation, Team, Visit
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.planning.apply import apply_plan, apply_plan_again, take_back_plan
from coordinator.services.planning.day import plan_day
from coordinator.services.planning.problem import read_day_problem
from coordinator.services.planning.settings import PlanRequestError, PlanSettings
from coordinator.services.planning.summary import summary_lines
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.teams import TeamFields, create_team
from coordinator.services.unit import unit_of_work
from tests.services.planning.rules import check_rules

DAY = dt.date(2024, 11, 17)
QUICK = PlanSettings(DAY, time_limit=0.5)


def add_stations(session: Session, count: int = 24) -> None:
    rng = random.Random(4)
    bishkek = session.scalar(sa.select(Locality.id).where(Locality.name == "Bishkek"))
    for number in range(count):
        create_station(
            session,
            StationFields(
                f"2{number:03d}",
                bishkek,
                f"School No. {100 + number}",
                latitude=42.87 + rng.uniform(-0.03, 0.03),
                longitude=74.60 + rng.uniform(-0.04, 0.04),
            ),
        )
    create_station(session, StationFields("2999", bishkek, "Village club, no coordinates"))


def _visits(session: Session) -> list[tuple[object, ...]]:
    rows = session.execute(
        sa.select(
            Visit.id,
            Visit.ref,
            Visit.team_id,
            Visit.station_id,
            Visit.date,
            Visit.phase,
            Visit.status,
            Visit.planned_arrival,
            Visit.planned_departure,
        ).order_by(Visit.id)
    )
    return [tuple(row) for row in rows]


@pytest.fixture
def busy_demo(demo: Session) -> Session:
    add_stations(demo)
    t1 = demo.scalar(sa.select(Team.id).where(Team.code == "T1"))
    new_station = demo.scalar(sa.select(PollingStation.id).where(PollingStation.code == "2000"))
    with unit_of_work(demo):
        demo.add_all(
            [
                Visit(
                    ref="V900",
                    team_id=t1,
                    station_id=new_station,
                    date=DAY,
                    phase=Phase.VOTING,
                    planned_arrival=dt.time(16, 0),
                    planned_departure=dt.time(16, 30),
                ),
                Visit(
                    ref="V901",
                    team_id=t1,
                    station_id=new_station,
                    date=DAY,
                    phase=Phase.VOTING,
                    status=VisitStatus.CANCELLED,
                ),
            ]
        )
    return demo


def test_a_plan_keeps_done_visits_replaces_planned_ones_and_names_what_it_left_out(
    busy_demo: Session,
) -> None:
    session = busy_demo
    before = _visits(session)
    done = [v for v in before if v[6] is VisitStatus.DONE]
    problem = read_day_problem(session, QUICK)
    assert problem.replaced == 1
    assert problem.without_coordinates == ["2999 Village club, no coordinates"]
    plan = plan_day(problem)
    check_rules(problem, plan)
    # Every demo team did its opening, voting and counting already: the plan fills the
    # hours between its done visits with the new stations of its area.
    assert plan.new_visits > 0
    assert {stop.phase for team in plan.teams for stop in team.new_stops} == {Phase.VOTING}
    lines = summary_lines(plan)
    assert any("Left out, without coordinates (1): 2999 Village club" in line for line in lines)
    assert any(line.startswith("It replaces the day's 1 planned visit;") for line in lines)

    applied = apply_plan(session, plan)
    after = _visits(session)
    assert [v for v in after if v[6] is VisitStatus.DONE] == done
    assert [v[1] for v in after if v[6] is VisitStatus.CANCELLED] == ["V901"]
    planned = [v for v in after if v[6] is VisitStatus.PLANNED]
    assert "V900" not in {v[1] for v in planned}
    assert len(planned) == plan.new_visits == len(applied.created)
    assert len({v[1] for v in after}) == len(after)

    # Planning the day again replaces this plan, and plans around the same done visits.
    again = plan_day(read_day_problem(session, QUICK))
    assert again.replaced == len(planned)
    apply_plan(session, again)
    final = _visits(session)
    assert [v for v in final if v[6] is VisitStatus.DONE] == done
    assert sum(1 for v in final if v[6] is VisitStatus.PLANNED) == again.new_visits
    stations = [v[3] for v in final if v[6] is not VisitStatus.CANCELLED]
    observed = {v[3] for v in done}
    assert not {v[3] for v in final if v[6] is VisitStatus.PLANNED} & observed
    planned_stations = [v[3] for v in final if v[6] is VisitStatus.PLANNED]
    assert len(planned_stations) == len(set(planned_stations))
    assert len(stations) >= len(done)


def test_undo_puts_back_the_visits_a_plan_replaced_and_redo_the_same_plan(
    busy_demo: Session,
) -> None:
    session = busy_demo
    before = _visits(session)
    applied = apply_plan(session, plan_day(read_day_problem(session, QUICK)))
    planned = _visits(session)
    assert planned != before
    take_back_plan(session, applied)
    assert _visits(session) == before
    apply_plan_again(session, applied)
    assert _visits(session) == planned


def test_an_area_naming_no_locality_is_a_warning(busy_demo: Session) -> None:
    session = busy_demo
    with unit_of_work(session):
        teams = {t.code: t for t in session.scalars(sa.select(Team))}
        teams["T1"].area = "Bishkek; Atlantis"
        teams["T2"].area = "Atlantis"
    plan = plan_day(read_day_problem(session, QUICK))
    lines = summary_lines(plan)
    assert (
        "Warning: Team T1's area names Atlantis, which is no locality of this mission; the "
        "team is planned in Bishkek only." in lines
    )
    t2 = next(team for team in plan.teams if team.team.code == "T2")
    assert not t2.new_stops
    assert "its area (Atlantis) names no locality of this mission" in t2.not_planned


def test_bad_requests_are_refused_with_what_is_wrong(busy_demo: Session, session: Session) -> None:
    with pytest.raises(PlanRequestError, match=r"1 December 2024 is outside the mission \("):
        read_day_problem(busy_demo, PlanSettings(dt.date(2024, 12, 1)))
    with pytest.raises(PlanRequestError, match="no settings yet"):
        read_day_problem(session, QUICK)
    save_mission(
        session,
        MissionFields(
            name="EOM", organisation="OTS", election="Local", country="KG", election_date=DAY
        ),
    )
    with pytest.raises(PlanRequestError, match="no team to plan"):
        read_day_problem(session, QUICK)
    create_team(session, TeamFields("T1"))
    locality = create_locality(session, LocalityFields("Bishkek"))
    create_station(session, StationFields("0001", locality.id, "School"))
    with pytest.raises(PlanRequestError, match="No polling station of this mission has coord"):
        read_day_problem(session, QUICK)
    with pytest.raises(PlanRequestError, match="more than 0 km/h"):
        PlanSettings(DAY, speed_kmh=0)
    with pytest.raises(PlanRequestError, match="close more than an hour after they open"):
        PlanSettings(DAY, opening=600, closing=630)
