"""A day's plan from the problem: fixed stops, nearest neighbour, then the solver.

The stretches of the teams' days are grouped so that groups share no station (teams
kept to separate towns are separate problems), and each group is searched for its share
of the time limit, in proportion to its stations. The plan kept is the solver's when it
covers more stations (or as many with less driving) than nearest neighbour, which is
therefore never better than what is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from coordinator.db.enums import Phase
from coordinator.services.planning.construct import (
    Component,
    Skeleton,
    build_skeleton,
    components,
    nearest_neighbour,
)
from coordinator.services.planning.model import DayPlan, Stop, TeamPlan
from coordinator.services.planning.problem import DayProblem
from coordinator.services.planning.solver import Progress, Report, improve, score


def _team_plans(
    problem: DayProblem,
    skeleton: Skeleton,
    parts: list[Component],
    routes: list[list[list[int]]],
) -> list[TeamPlan]:
    """Every team's stops in the order of the day, with times and road km."""
    settings = problem.settings
    stops: list[list[Stop]] = [list(chain) for chain in skeleton.fixed]
    for component, component_routes in zip(parts, routes, strict=True):
        minutes = component.matrix.minutes
        for v, route in enumerate(component_routes):
            stretch = component.stretches[v]
            here, clock = component.start_node(v), stretch.start_time
            for node in route:
                arrival = clock + int(minutes[here, node])
                clock = arrival + settings.visit_minutes
                stops[stretch.team_index].append(
                    Stop(component.stations[node], Phase.VOTING, arrival, clock)
                )
                here = node
    plans = []
    for n, template in enumerate(skeleton.teams):
        team = template.team
        ordered = sorted(stops[n], key=lambda s: (s.arrival is None, s.arrival or 0))
        km = 0.0
        where = team.base_point if ordered and not template.not_planned else None
        for stop in ordered:
            station = problem.stations.get(stop.station_id)
            if station is None:
                continue
            if where is not None:
                km += settings.road_km(where[0], where[1], station.latitude, station.longitude)
            where = (station.latitude, station.longitude)
        plans.append(
            TeamPlan(team, ordered, template.leaves_base, round(km, 3), template.not_planned)
        )
    return plans


def plan_day(
    problem: DayProblem,
    *,
    report: Report | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    use_solver: bool = True,
) -> DayPlan:
    """The plan for every team; `report` hears of each better plan the search finds."""
    settings = problem.settings
    started = time.monotonic()
    skeleton = build_skeleton(problem)
    parts = components(problem, skeleton)
    seeds = [nearest_neighbour(part, settings.visit_minutes) for part in parts]
    fixed_stations = len({s.station_id for chain in skeleton.fixed for s in chain})
    seed_scores = [
        score(part, seed, settings.visit_minutes) for part, seed in zip(parts, seeds, strict=True)
    ]
    best = list(seed_scores)

    def heard(part: int, progress: Progress) -> None:
        best[part] = (progress.stations, progress.km)
        if report is not None:
            report(
                Progress(
                    time.monotonic() - started,
                    fixed_stations + sum(b[0] for b in best),
                    sum(b[1] for b in best),
                )
            )

    routes = list(seeds)
    total = sum(len(part.stations) for part in parts) or 1
    was_cancelled = False
    if use_solver:
        for number, part in enumerate(parts):
            if cancelled():
                was_cancelled = True
                break
            share = settings.time_limit * len(part.stations) / total
            left = settings.time_limit - (time.monotonic() - started)
            routes[number] = improve(
                part,
                seeds[number],
                settings.visit_minutes,
                max(0.05, min(share, left)),
                report=partial(heard, number),
                cancelled=cancelled,
            )
        was_cancelled = was_cancelled or cancelled()
    teams = _team_plans(problem, skeleton, parts, routes)
    nearest = _team_plans(problem, skeleton, parts, seeds)
    planned = sum(1 for team in teams if not team.not_planned)
    per_team = (
        2 + (settings.counting_arrival - settings.opening_departure) // settings.visit_minutes
    )
    plan = DayPlan(
        settings,
        teams,
        problem.stations,
        problem.without_coordinates,
        problem.warnings,
        problem.replaced,
        bound=planned * per_team,
        nearest_stations=len({s.station_id for team in nearest for s in team.stops}),
        nearest_km=sum(team.km for team in nearest),
        solver_improved=routes != seeds,
        searched_seconds=time.monotonic() - started,
        cancelled=was_cancelled,
    )
    covered = {stop.station_id for team in teams for stop in team.stops}
    plan.unvisited = [s for s in problem.stations if s not in covered]
    return plan
