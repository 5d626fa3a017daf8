"""Each team's fixed stops, chosen by simple rules, and a nearest-neighbour plan.

A team's opening is its done opening visit if it has one; otherwise the free station of
its area nearest its base that it can reach in time leaving no earlier than allowed
(teams with the fewest such stations choose first). Its counting is its done counting
visit, or else the free station nearest its opening that it can still reach after its
last fixed stop. The stretches between fixed stops are then filled by nearest neighbour:
the team that is earliest on its day goes next to the nearest free station from which
it can still make its next fixed stop in time. The solver starts from that plan.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coordinator.db.enums import Phase
from coordinator.services.planning.model import Point, Stop, Stretch, TeamPlan
from coordinator.services.planning.problem import DayProblem, KeptVisit, TeamDay
from coordinator.services.planning.settings import clock
from coordinator.services.planning.travel import TravelMatrix

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


@dataclass
class Skeleton:
    """The fixed stops of every team and the stretches between them."""

    teams: list[TeamPlan]
    # The fixed stops of each team in order (kept and chosen), parallel to `teams`.
    fixed: list[list[Stop]]
    stretches: list[Stretch]
    # Stations no plan may add: observed already, or chosen as an opening or a counting.
    taken: set[int] = field(default_factory=set)


def _kept_stop(visit: KeptVisit, visit_minutes: int) -> Stop:
    departure = visit.departure
    if departure is None and visit.arrival is not None and visit.phase is Phase.VOTING:
        departure = visit.arrival + visit_minutes
    return Stop(visit.station_id, visit.phase, visit.arrival, departure, kept=visit.ref)


def _free(problem: DayProblem, team: TeamDay, taken: set[int]) -> list[int]:
    ids = problem.stations.keys() if team.allowed is None else team.allowed
    return [i for i in ids if i in problem.stations and i not in taken]


def _point(problem: DayProblem, station_id: int) -> Point:
    station = problem.stations[station_id]
    return station.latitude, station.longitude


def _travel(problem: DayProblem, a: Point, b: Point) -> int:
    settings = problem.settings
    return settings.minutes_for(settings.road_km(a[0], a[1], b[0], b[1]))


def _reachable_openings(problem: DayProblem, team: TeamDay, taken: set[int]) -> list[int]:
    settings = problem.settings
    free = _free(problem, team, taken)
    if team.base_point is None:
        return free
    budget = settings.opening_arrival - settings.earliest
    return [s for s in free if _travel(problem, team.base_point, _point(problem, s)) <= budget]


def _nearest(problem: DayProblem, origin: Point, candidates: list[int]) -> int:
    settings = problem.settings
    return min(
        candidates,
        key=lambda s: (
            settings.road_km(origin[0], origin[1], *_point(problem, s)),
            problem.stations[s].code,
        ),
    )


def _centre(problem: DayProblem, stations: list[int]) -> Point:
    points = [_point(problem, s) for s in stations]
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def build_skeleton(problem: DayProblem) -> Skeleton:
    """Choose every team's opening and counting and list the stretches to fill."""
    settings = problem.settings
    taken = set(problem.observed)
    plans = [TeamPlan(team, not_planned=team.unplannable) for team in problem.teams]
    kept_by_phase = [
        {phase: [k for k in team.kept if k.phase is phase] for phase in Phase}
        for team in problem.teams
    ]
    # Openings: the teams with the fewest reachable stations choose first.
    openings: dict[int, Stop] = {}
    to_choose = [
        n
        for n, plan in enumerate(plans)
        if not plan.not_planned and not kept_by_phase[n][Phase.OPENING]
    ]
    to_choose.sort(key=lambda n: len(_reachable_openings(problem, problem.teams[n], taken)))
    for n in to_choose:
        team = problem.teams[n]
        reachable = _reachable_openings(problem, team, taken)
        if not reachable:
            free = _free(problem, team, taken)
            if not free:
                plans[n].not_planned = "no station with coordinates is left in its area"
            else:
                plans[n].not_planned = (
                    f"no free station of its area can be reached from its base by "
                    f"{clock(settings.opening_arrival)} leaving at {clock(settings.earliest)}"
                )
            continue
        origin = team.base_point or _centre(problem, reachable)
        chosen = _nearest(problem, origin, reachable)
        taken.add(chosen)
        openings[n] = Stop(
            chosen, Phase.OPENING, settings.opening_arrival, settings.opening_departure
        )
    fixed: list[list[Stop]] = []
    stretches: list[Stretch] = []
    for n, plan in enumerate(plans):
        team = problem.teams[n]
        if plan.not_planned:
            fixed.append([_kept_stop(k, settings.visit_minutes) for k in team.kept])
            continue
        kept_opening = kept_by_phase[n][Phase.OPENING]
        opening = (
            _kept_stop(kept_opening[0], settings.visit_minutes) if kept_opening else openings[n]
        )
        middle = [
            _kept_stop(k, settings.visit_minutes)
            for k in kept_by_phase[n][Phase.VOTING]
            if k.arrival is not None
        ]
        last = middle[-1] if middle else opening
        last_leaves = last.departure if last.departure is not None else last.arrival or 0
        kept_counting = kept_by_phase[n][Phase.COUNTING]
        counting: Stop | None = None
        if kept_counting:
            counting = _kept_stop(kept_counting[0], settings.visit_minutes)
        else:
            origin = _point(problem, opening.station_id)
            last_point = _point(problem, last.station_id)
            candidates = [
                s
                for s in _free(problem, team, taken)
                if last_leaves + _travel(problem, last_point, _point(problem, s))
                <= settings.counting_arrival
            ]
            if candidates:
                chosen = _nearest(problem, origin, candidates)
                taken.add(chosen)
                counting = Stop(chosen, Phase.COUNTING, settings.counting_arrival, None)
            else:
                problem.warnings.append(
                    f"Team {team.code} has no counting station: none of its area is left "
                    f"that it can reach by {clock(settings.counting_arrival)}."
                )
        chain = [opening, *middle] + ([counting] if counting is not None else [])
        for before, after in itertools.pairwise(chain):
            leaves = before.departure if before.departure is not None else before.arrival
            if leaves is None or after.arrival is None:
                continue
            start, end = _point(problem, before.station_id), _point(problem, after.station_id)
            if leaves + _travel(problem, start, end) <= after.arrival:
                stretches.append(Stretch(n, start, leaves, end, after.arrival, team.allowed))
        in_chain = {id(k) for k in (kept_opening[:1] + kept_counting[:1])}
        in_chain.update(id(k) for k in kept_by_phase[n][Phase.VOTING] if k.arrival is not None)
        others = [_kept_stop(k, settings.visit_minutes) for k in team.kept if id(k) not in in_chain]
        fixed.append(chain + others)
        if team.base_point is not None and opening.arrival is not None:
            plan.leaves_base = opening.arrival - _travel(
                problem, team.base_point, _point(problem, opening.station_id)
            )
    return Skeleton(plans, fixed, stretches, taken)


@dataclass
class Component:
    """Stretches that may take the same stations, with those stations: one routing problem.

    Node numbers: the stations first (0 … len(stations) - 1), then each stretch's start
    and end. `allowed[v]` marks which stations stretch v may take.
    """

    stations: list[int]
    stretches: list[Stretch]
    matrix: TravelMatrix
    allowed: NDArray[np.bool_]

    def start_node(self, vehicle: int) -> int:
        return len(self.stations) + 2 * vehicle

    def end_node(self, vehicle: int) -> int:
        return len(self.stations) + 2 * vehicle + 1


def components(problem: DayProblem, skeleton: Skeleton) -> list[Component]:
    """The stretches grouped so that no two groups could take the same station."""
    import numpy as np

    free = [s for s in problem.stations if s not in skeleton.taken]
    parent = list(range(len(skeleton.stretches)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for v, stretch in enumerate(skeleton.stretches):
        # A team that may go anywhere competes with every other team for stations.
        for s in free if stretch.allowed is None else stretch.allowed:
            if s in owner:
                parent[root(v)] = root(owner[s])
            else:
                owner[s] = v
    groups: dict[int, list[int]] = {}
    for v in range(len(parent)):
        groups.setdefault(root(v), []).append(v)
    found = []
    for members in groups.values():
        stretches = [skeleton.stretches[v] for v in members]
        if any(s.allowed is None for s in stretches):
            stations = free
        else:
            wanted = set().union(*(s.allowed or set() for s in stretches))
            stations = [s for s in free if s in wanted]
        points = [(problem.stations[s].latitude, problem.stations[s].longitude) for s in stations]
        for stretch in stretches:
            points.extend((stretch.start, stretch.end))
        allowed = np.zeros((len(stretches), len(stations)), dtype=bool)
        for v, stretch in enumerate(stretches):
            if stretch.allowed is None:
                allowed[v, :] = True
            else:
                allowed[v, :] = [s in stretch.allowed for s in stations]
        found.append(
            Component(stations, stretches, TravelMatrix(points, problem.settings), allowed)
        )
    return found


def nearest_neighbour(component: Component, visit_minutes: int) -> list[list[int]]:
    """Each stretch's stations (node numbers), the earliest team choosing first."""
    import heapq

    import numpy as np

    count = len(component.stations)
    km, minutes = component.matrix.km, component.matrix.minutes
    free = np.ones(count, dtype=bool)
    routes: list[list[int]] = [[] for _ in component.stretches]
    queue = [
        (stretch.start_time, v, component.start_node(v))
        for v, stretch in enumerate(component.stretches)
    ]
    heapq.heapify(queue)
    while queue and count:
        time, v, here = heapq.heappop(queue)
        stretch = component.stretches[v]
        end = component.end_node(v)
        arrive = time + minutes[here, :count]
        leave = arrive + visit_minutes
        possible = free & component.allowed[v] & (leave + minutes[:count, end] <= stretch.end_time)
        if not possible.any():
            continue
        chosen = int(np.argmin(np.where(possible, km[here, :count], np.inf)))
        routes[v].append(chosen)
        free[chosen] = False
        heapq.heappush(queue, (int(leave[chosen]), v, chosen))
    return routes


def route_check(
    component: Component, vehicle: int, route: list[int], visit_minutes: int
) -> tuple[bool, float]:
    """Whether a stretch's route keeps to its area and its time, and its road km."""
    stretch = component.stretches[vehicle]
    km, minutes = component.matrix.km, component.matrix.minutes
    here, time, length = component.start_node(vehicle), stretch.start_time, 0.0
    for node in route:
        if not component.allowed[vehicle, node]:
            return False, length
        time += int(minutes[here, node]) + visit_minutes
        length += float(km[here, node])
        here = node
    end = component.end_node(vehicle)
    time += int(minutes[here, end])
    length += float(km[here, end])
    return time <= stretch.end_time, length
