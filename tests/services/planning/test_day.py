"""Plans of generated days: stations in several towns, areas, bases, done visits, times.

The days are built in memory (the planning core reads no database), so many of them are
planned in a few seconds, each with a short time limit for the solver.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordinator.db.enums import Phase
from coordinator.services.planning.day import plan_day
from coordinator.services.planning.problem import DayProblem, KeptVisit, StationPoint, TeamDay
from coordinator.services.planning.settings import PlanSettings
from coordinator.services.planning.solver import Progress
from tests.services.planning.rules import check_rules

DAY = dt.date(2024, 11, 17)
TOWNS = [("Bishkek", 42.87, 74.60), ("Kant", 42.89, 74.85), ("Tokmok", 42.84, 75.29)]


def make_day(
    seed: int,
    *,
    stations_per_town: int,
    teams: int,
    towns: int = 3,
    settings: PlanSettings | None = None,
    areas: bool = True,
    done: int = 0,
) -> DayProblem:
    """A day with stations scattered around `towns` towns, teams based in them."""
    rng = random.Random(seed)
    chosen = TOWNS[:towns]
    stations: dict[int, StationPoint] = {}
    by_town: dict[str, set[int]] = {name: set() for name, _, _ in chosen}
    for name, lat, lon in chosen:
        for _ in range(stations_per_town):
            station_id = len(stations) + 1
            stations[station_id] = StationPoint(
                station_id,
                f"{station_id:04d}",
                f"School {station_id}",
                name,
                lat + rng.uniform(-0.04, 0.04),
                lon + rng.uniform(-0.05, 0.05),
            )
            by_town[name].add(station_id)
    team_days = []
    observed: set[int] = set()
    for number in range(teams):
        name, lat, lon = chosen[number % len(chosen)]
        allowed = frozenset(by_town[name]) if areas and number % 4 != 3 else None
        kept: tuple[KeptVisit, ...] = ()
        if number < done:
            # A team that observed one voting visit already (done), mid-morning.
            station_id = min(by_town[name] - observed)
            observed.add(station_id)
            kept = (KeptVisit(1000 + number, f"V{number}", station_id, Phase.VOTING, 600, 630),)
        # Every fifth team has no base with coordinates: it starts at its opening station.
        base = (
            (lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01))
            if number % 5 != 4
            else None
        )
        team_days.append(
            TeamDay(number + 1, f"T{number + 1}", f"Hotel {number}", base, allowed, kept)
        )
    return DayProblem(
        settings or PlanSettings(DAY, time_limit=0.3),
        team_days,
        stations,
        observed,
        ["0999 School without coordinates"],
    )


plan_settings = st.builds(
    PlanSettings,
    date=st.just(DAY),
    opening=st.sampled_from([7 * 60, 8 * 60]),
    closing=st.sampled_from([12 * 60, 16 * 60, 20 * 60]),
    visit_minutes=st.integers(10, 60),
    speed_kmh=st.sampled_from([15.0, 40.0, 80.0]),
    road_factor=st.sampled_from([1.0, 1.3, 2.0]),
    earliest=st.sampled_from([5 * 60, 6 * 60 + 30]),
    time_limit=st.just(0.2),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    shape=st.fixed_dictionaries(
        {
            "stations_per_town": st.integers(2, 25),
            "teams": st.integers(1, 7),
            "towns": st.integers(1, 3),
            "areas": st.booleans(),
            "done": st.integers(0, 2),
        }
    ),
    rules=plan_settings,
)
def test_every_plan_keeps_the_rules(seed: int, shape: dict[str, Any], rules: PlanSettings) -> None:
    problem = make_day(seed, settings=rules, **shape)
    plan = plan_day(problem)
    check_rules(problem, plan)
    nearest = plan_day(problem, use_solver=False)
    check_rules(problem, nearest)
    assert plan.stations_covered >= nearest.stations_covered
    if plan.stations_covered == nearest.stations_covered:
        assert plan.km <= nearest.km + 1e-6


def test_a_busy_day_covers_more_than_nearest_neighbour_and_reports_progress() -> None:
    problem = make_day(7, stations_per_town=60, teams=6, settings=PlanSettings(DAY, time_limit=3))
    heard: list[Progress] = []
    plan = plan_day(problem, report=heard.append)
    check_rules(problem, plan)
    assert plan.stations_covered >= plan.nearest_stations
    # Every team opens, votes and counts: far more than its two fixed stops.
    assert all(len(team.stops) > 6 for team in plan.teams)
    assert plan.searched_seconds < 3 + 2
    if plan.solver_improved:
        assert heard
        assert heard[-1].stations >= plan.nearest_stations
        assert [p.seconds for p in heard] == sorted(p.seconds for p in heard)


def test_cancelling_stops_the_search_with_a_plan_that_keeps_the_rules() -> None:
    problem = make_day(3, stations_per_town=80, teams=6, settings=PlanSettings(DAY, time_limit=20))
    started = dt.datetime.now()
    asked = [0]

    def cancelled() -> bool:
        asked[0] += 1
        return (dt.datetime.now() - started).total_seconds() > 1

    plan = plan_day(problem, cancelled=cancelled)
    assert (dt.datetime.now() - started).total_seconds() < 8
    assert asked[0] > 0
    assert plan.cancelled
    check_rules(problem, plan)


def test_teams_stay_in_their_areas_and_a_team_without_a_reachable_station_is_said() -> None:
    problem = make_day(5, stations_per_town=10, teams=3, areas=True)
    far = TeamDay(99, "T99", "Osh", (40.51, 72.80), frozenset(problem.stations), ())
    problem.teams.append(far)
    plan = plan_day(problem)
    check_rules(problem, plan)
    by_code = {team.team.code: team for team in plan.teams}
    assert "cannot" not in by_code["T1"].not_planned
    assert "can be reached from its base by 07:30 leaving at 06:00" in by_code["T99"].not_planned
    assert not by_code["T99"].stops
    towns = {
        code: {problem.stations[s.station_id].locality for s in team.stops}
        for code, team in by_code.items()
        if code != "T99"
    }
    assert towns == {"T1": {"Bishkek"}, "T2": {"Kant"}, "T3": {"Tokmok"}}


def test_a_done_visit_is_kept_and_planned_around() -> None:
    problem = make_day(11, stations_per_town=30, teams=2, towns=1, done=1)
    plan = plan_day(problem)
    check_rules(problem, plan)
    team = plan.teams[0]
    kept = [stop for stop in team.stops if stop.kept]
    assert [(s.kept, s.arrival, s.departure) for s in kept] == [("V0", 600, 630)]
    # Visits before and after it: the done visit sits inside the team's day.
    assert any(s.arrival is not None and s.arrival < 600 for s in team.new_stops)
    assert any(s.arrival is not None and s.arrival > 630 for s in team.new_stops)
