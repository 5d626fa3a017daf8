"""The planning rules, checked from the outside on any plan: what every test asserts."""

from __future__ import annotations

import itertools

from coordinator.db.enums import Phase
from coordinator.services.planning.model import DayPlan, Stop
from coordinator.services.planning.problem import DayProblem


def travel(problem: DayProblem, a: tuple[float, float], b: tuple[float, float]) -> int:
    settings = problem.settings
    return settings.minutes_for(settings.road_km(a[0], a[1], b[0], b[1]))


def _at(problem: DayProblem, stop: Stop) -> tuple[float, float]:
    station = problem.stations[stop.station_id]
    return station.latitude, station.longitude


def check_rules(problem: DayProblem, plan: DayPlan) -> None:
    """Every rule of a day's plan; an AssertionError names the one broken."""
    settings = problem.settings
    kept_stations = {stop.station_id for team in plan.teams for stop in team.stops if stop.kept}
    new_stations: list[int] = []
    for team in plan.teams:
        day = team.team
        new = team.new_stops
        new_stations.extend(stop.station_id for stop in new)
        if team.not_planned:
            assert not new, day.code
            continue
        timed = [stop for stop in team.stops if stop.arrival is not None]
        for stop in new:
            assert stop.station_id in problem.stations, "a station without coordinates"
            if day.allowed is not None:
                assert stop.station_id in day.allowed, (day.code, "outside its area")
            if stop.phase is Phase.OPENING:
                assert stop.arrival == settings.opening - 30
                assert stop.departure == settings.opening + 30
            elif stop.phase is Phase.COUNTING:
                assert stop.arrival == settings.closing - 30
            else:
                assert stop.phase is Phase.VOTING
                assert stop.arrival is not None and stop.departure is not None
                assert stop.departure - stop.arrival >= settings.visit_minutes
                # While the polls are open (a done opening may have ended early, a done
                # counting begun late: the hours between are the team's).
                assert settings.opening <= stop.arrival
                assert stop.departure <= settings.closing
        phases = [stop.phase for stop in team.stops if not stop.kept]
        if not any(s.kept and s.phase is Phase.OPENING for s in team.stops):
            assert phases[:1] == [Phase.OPENING], (day.code, phases)
        # Travel between one departure and the next arrival, for stops the plan placed.
        chain = [s for s in timed if s.phase is not Phase.TABULATION]
        for before, after in itertools.pairwise(chain):
            if before.kept and after.kept:
                continue  # what was done is kept as it was
            leaves = before.departure if before.departure is not None else before.arrival
            assert leaves is not None and after.arrival is not None
            needed = travel(problem, _at(problem, before), _at(problem, after))
            assert after.arrival - leaves >= needed, (day.code, before, after, needed)
        first = next((s for s in team.stops if s.phase is Phase.OPENING), None)
        if day.base_point is not None and first is not None and not first.kept:
            assert team.leaves_base is not None
            assert team.leaves_base >= settings.earliest, day.code
            assert first.arrival is not None
            assert first.arrival - team.leaves_base >= travel(
                problem, day.base_point, _at(problem, first)
            )
    assert len(new_stations) == len(set(new_stations)), "a station visited twice"
    assert not set(new_stations) & problem.observed, "an observed station planned again"
    assert not set(new_stations) & kept_stations
    assert plan.stations_covered >= plan.nearest_stations
    assert plan.stations_covered <= len(problem.stations)
