"""Benchmark of Plan the Day: 3,000 stations in four towns, 60 teams, a 30 s search.

Teams are kept to their towns (15 each, based in the town), so the day is four routing
problems, each searched for its share of the time limit. It prints:
- wall time from the problem to the plan (target: under two minutes), and of the
  nearest-neighbour plan alone;
- stations covered by the plan, against nearest neighbour and against the bound (teams x
  the most visits a day can hold: an opening, a counting, and as many voting visits as
  fit between them with no travel at all);
- road km per station covered, for both;
- peak memory (the process's maximum resident size, which includes OR-Tools' own).
Every rule of the plan is checked as the tests check it.

Run: .venv/bin/python bench/bench_plan.py [--time-limit 30] [--stations 3000] [--teams 60]
     [--map PNG]   (also draws the plan with the window's map widget, offscreen, to PNG)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_memory_mb
from coordinator.services.planning.day import plan_day
from coordinator.services.planning.model import DayPlan
from coordinator.services.planning.problem import DayProblem, StationPoint, TeamDay
from coordinator.services.planning.settings import PlanSettings
from coordinator.services.planning.solver import Progress
from tests.services.planning.rules import check_rules

DAY = dt.date(2024, 11, 17)
# Four towns of Kyrgyzstan with about how far their stations spread (degrees).
TOWNS = (
    ("Bishkek", 42.874, 74.598, 0.06),
    ("Osh", 40.513, 72.816, 0.04),
    ("Jalal-Abad", 40.933, 73.000, 0.03),
    ("Karakol", 42.490, 78.394, 0.025),
)
WALL_TARGET_S = 120


def day(stations: int, teams: int, time_limit: float, seed: int = 15) -> DayProblem:
    rng = random.Random(seed)
    points: dict[int, StationPoint] = {}
    by_town: dict[str, set[int]] = {}
    for number in range(stations):
        name, lat, lon, spread = TOWNS[number % len(TOWNS)]
        station_id = number + 1
        points[station_id] = StationPoint(
            station_id,
            f"{station_id:05d}",
            f"School {station_id}",
            name,
            rng.gauss(lat, spread / 2),
            rng.gauss(lon, spread / 2),
        )
        by_town.setdefault(name, set()).add(station_id)
    team_days = []
    for number in range(teams):
        name, lat, lon, spread = TOWNS[number % len(TOWNS)]
        base = (rng.gauss(lat, spread / 6), rng.gauss(lon, spread / 6))
        team_days.append(
            TeamDay(
                number + 1,
                f"T{number + 1}",
                f"Hotel in {name}",
                base,
                frozenset(by_town[name]),
                (),
                area=name,
            )
        )
    return DayProblem(PlanSettings(DAY, time_limit=time_limit), team_days, points, set(), [])


def draw_map(plan: DayPlan, path: Path) -> None:
    """The plan as Plan the Day's map shows it: all four towns (PATH-all.png), and the
    first town close up (PATH), drawn offscreen by the window's own widget."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from coordinator.ui.map_view import MapView, scene_point
    from coordinator.ui.plan_preview import map_of_plan

    application = QApplication.instance() or QApplication([])
    view = MapView()
    view.resize(900, 700)
    view.show_map(*map_of_plan(plan))
    view.show()
    application.processEvents()
    view.grab().save(str(path.with_name(f"{path.stem}-all{path.suffix}")))
    _, latitude, longitude, _ = TOWNS[0]
    while view.metres_per_pixel() > 20:
        view.zoom(1.25)
    view.centerOn(scene_point(latitude, longitude))
    application.processEvents()
    view.grab().save(str(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--stations", type=int, default=3000)
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--map", type=Path, help="draw the plan's map to this PNG")
    args = parser.parse_args()

    problem = day(args.stations, args.teams, args.time_limit)
    started = time.monotonic()
    nearest = plan_day(problem, use_solver=False)
    nearest_s = time.monotonic() - started
    heard: list[Progress] = []
    started = time.monotonic()
    plan = plan_day(problem, report=heard.append)
    wall = time.monotonic() - started
    check_rules(problem, plan)
    check_rules(problem, nearest)
    peak_mb = peak_memory_mb()

    print(
        f"Plan the Day: {args.stations} stations in {len(TOWNS)} towns, {args.teams} teams, "
        f"time limit {args.time_limit:g} s"
    )
    print(
        f"  wall time: {wall:.1f} s (target < {WALL_TARGET_S} s); nearest neighbour alone "
        f"{nearest_s:.1f} s; {len(heard)} better plans reported while searching"
    )
    print(
        f"  stations covered: {plan.stations_covered} (nearest neighbour "
        f"{nearest.stations_covered}: {plan.stations_covered / nearest.stations_covered:.3f}x; "
        f"bound {plan.bound}: {plan.stations_covered / plan.bound:.1%})"
    )
    print(
        f"  road km per station: {plan.km / plan.stations_covered:.2f} (nearest neighbour "
        f"{nearest.km / nearest.stations_covered:.2f}); total {plan.km:.0f} km against "
        f"{nearest.km:.0f} km"
    )
    print(f"  peak memory: {peak_mb:.0f} MB (maximum resident size of the process)")
    if args.map is not None:
        draw_map(plan, args.map)
        print(f"  map: {args.map}")
    ok = wall < WALL_TARGET_S and plan.stations_covered >= nearest.stations_covered
    print("  within target" if ok else "  NOT within target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
