"""A day's plan in words: one line per team, the totals, what was left out and why.

The command prints these lines; the window shows the same ones above its preview.
"""

from __future__ import annotations

from coordinator.services.planning.model import DayPlan, Stop, TeamPlan
from coordinator.services.planning.settings import clock
from coordinator.services.unit import format_date

# Stations left out are named up to this many; the rest are counted.
NAMED = 20


def _stop_text(plan: DayPlan, stop: Stop) -> str:
    station = plan.stations.get(stop.station_id)
    name = station.label if station is not None else f"station #{stop.station_id}"
    at = f" at {clock(stop.arrival)}" if stop.arrival is not None else ""
    return f"{name}{at}"


def team_line(plan: DayPlan, team: TeamPlan) -> str:
    """ "T1 (from Hyatt Regency, leaves 07:12): 9 stations, 23.4 km, first …, last …"."""
    code = team.team.code
    if team.not_planned:
        stay = f"; its {len(team.stops)} done visits stay" if team.stops else ""
        return f"Team {code}: not planned: {team.not_planned}{stay}."
    where = f"from {team.team.base}" if team.team.base else "from its base"
    leaves = f", leaves {clock(team.leaves_base)}" if team.leaves_base is not None else ""
    head = f"Team {code} ({where}{leaves})" if team.team.base_point else f"Team {code}"
    stations = len({stop.station_id for stop in team.stops})
    kept = sum(1 for stop in team.stops if stop.kept)
    new = len(team.stops) - kept
    kept_text = f" ({new} new, {kept} done and kept)" if kept else ""
    if not team.stops:
        return f"{head}: no stations."
    return (
        f"{head}: {len(team.stops)} visit{'' if len(team.stops) == 1 else 's'} at {stations} "
        f"station{'' if stations == 1 else 's'}{kept_text}, "
        f"{team.km:.1f} km; first {_stop_text(plan, team.stops[0])}, "
        f"last {_stop_text(plan, team.stops[-1])}."
    )


def _names(plan: DayPlan, station_ids: list[int]) -> str:
    labels = [plan.stations[s].label for s in station_ids[:NAMED]]
    more = len(station_ids) - NAMED
    return ", ".join(labels) + (f" and {more} more" if more > 0 else "")


def left_out_lines(plan: DayPlan) -> list[str]:
    """Stations the plan does not visit, and why."""
    lines = []
    if plan.without_coordinates:
        shown = plan.without_coordinates[:NAMED]
        more = len(plan.without_coordinates) - NAMED
        lines.append(
            f"Left out, without coordinates ({len(plan.without_coordinates)}): "
            + ", ".join(shown)
            + (f" and {more} more" if more > 0 else "")
            + "."
        )
    if plan.unvisited:
        lines.append(
            f"Not visited, as the day has no time left for them or no team's area holds "
            f"them ({len(plan.unvisited)}): {_names(plan, plan.unvisited)}."
        )
    return lines


def summary_lines(plan: DayPlan) -> list[str]:
    """The plan as the command prints it."""
    lines = [f"Plan for {format_date(plan.date)} ({plan.settings.describe()}):"]
    lines.extend(team_line(plan, team) for team in plan.teams)
    with_coordinates = len(plan.stations)
    lines.append(
        f"Total: {plan.stations_covered} of {with_coordinates} stations with coordinates, "
        f"{plan.new_visits} new planned visit{'' if plan.new_visits == 1 else 's'}, "
        f"{plan.km:.1f} km (nearest neighbour alone: {plan.nearest_stations} stations, "
        f"{plan.nearest_km:.1f} km)."
    )
    if plan.cancelled:
        lines.append("The search was stopped early: this is the best plan found until then.")
    if plan.replaced:
        lines.append(
            f"It replaces the day's {plan.replaced} planned visit"
            f"{'' if plan.replaced == 1 else 's'}; done and cancelled visits stay."
        )
    lines.extend(left_out_lines(plan))
    lines.extend(f"Warning: {warning}" for warning in plan.warnings)
    return lines
