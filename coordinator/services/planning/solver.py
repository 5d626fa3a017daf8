"""Improving a nearest-neighbour plan with OR-Tools' routing solver.

Each stretch of a team's day is a vehicle: it starts at one fixed stop at a known time
and must reach the next by its time. Every free station is an optional stop (a
disjunction whose penalty outweighs any distance, so the solver first covers as many
stations as it can, then drives as little as it can), allowed only to the teams whose
area holds it. The time dimension adds each voting visit's minutes to the drive from it.
The search starts from the nearest-neighbour routes, runs guided local search until the
time limit, reports every better plan it finds, and stops when asked to.

OR-Tools is imported here only, so the window starts without it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from coordinator.services.planning.construct import Component, route_check

# A station left out costs more than any day's driving in metres could.
DROP_PENALTY = 10**9
# The time dimension's horizon: two days in minutes (counting runs past midnight).
HORIZON = 48 * 60


@dataclass(frozen=True)
class Progress:
    """How far the search is: seconds so far and the best plan's stations and km."""

    seconds: float
    stations: int
    km: float


Report = Callable[[Progress], None]


def score(component: Component, routes: list[list[int]], visit_minutes: int) -> tuple[int, float]:
    """Stations covered and road km of routes; (-1, 0) when a route breaks a rule."""
    covered, length = 0, 0.0
    seen: set[int] = set()
    for vehicle, route in enumerate(routes):
        fits, km = route_check(component, vehicle, route, visit_minutes)
        if not fits or seen.intersection(route) or len(set(route)) != len(route):
            return -1, 0.0
        seen.update(route)
        covered += len(route)
        length += km
    return covered, length


def improve(
    component: Component,
    seed: list[list[int]],
    visit_minutes: int,
    time_limit: float,
    *,
    report: Report | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[list[int]]:
    """Routes (station nodes per stretch) at least as good as `seed`, found in `time_limit` s."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    stations = len(component.stations)
    vehicles = len(component.stretches)
    if stations == 0 or vehicles == 0 or cancelled():
        return seed
    nodes = len(component.matrix)
    manager = pywrapcp.RoutingIndexManager(
        nodes,
        vehicles,
        [component.start_node(v) for v in range(vehicles)],
        [component.end_node(v) for v in range(vehicles)],
    )
    routing = pywrapcp.RoutingModel(manager)
    metres = (component.matrix.km * 1000).round().astype("int64")
    # Both matrices are handed over whole: the search then never calls back into Python.
    distance = routing.RegisterTransitMatrix(metres.tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(distance)
    with_visit = component.matrix.minutes.copy()
    with_visit[:stations, :] += visit_minutes
    duration = routing.RegisterTransitMatrix(with_visit.tolist())
    routing.AddDimension(duration, 0, HORIZON, False, "time")
    clock = routing.GetDimensionOrDie("time")
    for v, stretch in enumerate(component.stretches):
        clock.CumulVar(routing.Start(v)).SetRange(stretch.start_time, stretch.start_time)
        clock.CumulVar(routing.End(v)).SetRange(0, stretch.end_time)
    every_vehicle = component.allowed.sum(axis=0) == vehicles
    for node in range(stations):
        index = manager.NodeToIndex(node)
        routing.AddDisjunction([index], DROP_PENALTY)
        if not bool(every_vehicle[node]):
            allowed = [int(v) for v in component.allowed[:, node].nonzero()[0]]
            # -1: the station may also be left out (its disjunction).
            routing.VehicleVar(index).SetValues([-1, *allowed])

    started = time.monotonic()
    routing.AddSearchMonitor(routing.solver().CustomLimit(cancelled))
    if report is not None:
        best = [DROP_PENALTY * stations]

        def found() -> None:
            cost = routing.CostVar().Value()
            if cost < best[0]:
                best[0] = cost
                dropped = cost // DROP_PENALTY
                km = (cost - dropped * DROP_PENALTY) / 1000
                report(Progress(time.monotonic() - started, stations - dropped, km))

        routing.AddAtSolutionCallback(found)

    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    parameters.time_limit.FromMilliseconds(max(1, int(time_limit * 1000)))
    routing.CloseModelWithParameters(parameters)
    initial = routing.ReadAssignmentFromRoutes(seed, True)
    if initial is not None:
        solution = routing.SolveFromAssignmentWithParameters(initial, parameters)
    else:  # the seed breaks a rule the model knows better: search from scratch
        solution = routing.SolveWithParameters(parameters)
    if solution is None:
        return seed
    routes: list[list[int]] = []
    for v in range(vehicles):
        route = []
        index = solution.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            route.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        routes.append(route)
    ours = score(component, routes, visit_minutes)
    theirs = score(component, seed, visit_minutes)
    # Never worse than where it started: more stations, or as many with less driving.
    if (ours[0], -ours[1]) > (theirs[0], -theirs[1]):
        return routes
    return seed
