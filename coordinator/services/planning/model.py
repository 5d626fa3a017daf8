"""The plan's pieces: stops on a team's day, the stretches between them, the result.

A team's day is a chain of fixed stops (its opening, voting visits already done, its
counting) with stretches between them that voting visits fill. Each stretch is what a
vehicle is to a routing solver: it starts at one place at a known time and must reach
the next fixed stop in time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coordinator.db.enums import Phase
from coordinator.services.planning.problem import StationPoint, TeamDay
from coordinator.services.planning.settings import PlanSettings

Point = tuple[float, float]  # latitude, longitude


@dataclass(frozen=True)
class Stop:
    """A visit on a team's planned day; `kept` is the reference of a done visit kept."""

    station_id: int
    phase: Phase
    arrival: int | None  # minutes after midnight
    departure: int | None
    kept: str = ""


@dataclass(frozen=True)
class Stretch:
    """Part of a team's day between two fixed stops, for voting visits to fill."""

    team_index: int
    start: Point
    start_time: int  # leaving the stop before
    end: Point
    end_time: int  # arriving at the stop after
    allowed: frozenset[int] | None  # station ids; None: any


@dataclass
class TeamPlan:
    """One team's day: its stops in order, when it leaves its base, how far it drives."""

    team: TeamDay
    stops: list[Stop] = field(default_factory=list)
    leaves_base: int | None = None
    km: float = 0.0
    # Why the team has no plan, or "".
    not_planned: str = ""

    @property
    def new_stops(self) -> list[Stop]:
        return [stop for stop in self.stops if not stop.kept]


@dataclass
class DayPlan:
    """A day's plan for every team, and what it could not place."""

    settings: PlanSettings
    teams: list[TeamPlan]
    stations: dict[int, StationPoint]
    without_coordinates: list[str]
    warnings: list[str]
    replaced: int
    # Stations with coordinates that no team visits, and the bound on what a day holds.
    unvisited: list[int] = field(default_factory=list)
    bound: int = 0
    # How the plan was found: stations and km of the nearest-neighbour plan it started
    # from, and whether the solver improved it (searched seconds, stopped early).
    nearest_stations: int = 0
    nearest_km: float = 0.0
    solver_improved: bool = False
    searched_seconds: float = 0.0
    cancelled: bool = False

    @property
    def date(self) -> dt.date:
        return self.settings.date

    @property
    def stations_covered(self) -> int:
        return len({stop.station_id for team in self.teams for stop in team.stops})

    @property
    def new_visits(self) -> int:
        return sum(len(team.new_stops) for team in self.teams)

    @property
    def km(self) -> float:
        return sum(team.km for team in self.teams)
