"""What a day's plan must respect, read from the mission: teams, stations, visits kept.

Planned visits of the day are what a plan replaces, so they are not read. Done visits
stay: their stations are not visited again that day, and a team's done visits are fixed
points of its day (a done opening is its opening, a done counting its counting). A
cancelled visit stays in the file too, but its station was not observed and may be
planned again. Stations without coordinates cannot be placed on a route: they are
named as left out. A team's `area` lists localities separated by ";"; a name that is no
locality of the mission is a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import Phase, VisitStatus
from coordinator.db.models import Locality, PollingStation, Team, Visit
from coordinator.db.text import fold
from coordinator.services.mission import get_mission
from coordinator.services.planning.settings import PlanRequestError, PlanSettings
from coordinator.services.teams import team_order
from coordinator.services.unit import format_date, unit_of_work

AREA_SEPARATOR = re.compile(r"[;\n]")


@dataclass(frozen=True)
class StationPoint:
    """A polling station the plan may place on a route."""

    id: int
    code: str
    name: str
    locality: str
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass(frozen=True)
class KeptVisit:
    """A done visit of the day: the plan keeps it where and when it was."""

    visit_id: int
    ref: str
    station_id: int
    phase: Phase
    arrival: int | None  # minutes after midnight; None when the visit has no times
    departure: int | None


@dataclass(frozen=True)
class TeamDay:
    """A team as the plan sees it: where it leaves from, where it may go, what it did."""

    id: int
    code: str
    base: str
    base_point: tuple[float, float] | None
    # Station ids the team may visit; None: any station.
    allowed: frozenset[int] | None
    kept: tuple[KeptVisit, ...]
    # Why the team cannot be planned (an area naming no locality), or "".
    unplannable: str = ""
    area: str = ""  # as the coordinator typed it


@dataclass
class DayProblem:
    settings: PlanSettings
    teams: list[TeamDay]
    stations: dict[int, StationPoint]
    # Stations with a done visit on the day: never planned again.
    observed: set[int]
    # Stations without coordinates, as "code name" for the output.
    without_coordinates: list[str]
    warnings: list[str] = field(default_factory=list)
    replaced: int = 0  # planned visits of the day the plan replaces


def _minutes(time: dt.time | None) -> int | None:
    return None if time is None else time.hour * 60 + time.minute


def _check_date(session: Session, day: dt.date) -> None:
    mission = get_mission(session)
    if mission is None:
        raise PlanRequestError(
            "This mission has no settings yet: enter the election day on the Mission page first."
        )
    start = mission.mission_start or mission.election_date
    end = mission.mission_end or mission.election_date
    start, end = min(start, mission.election_date), max(end, mission.election_date)
    if not start <= day <= end:
        raise PlanRequestError(
            f"{format_date(day)} is outside the mission ({format_date(start)} to "
            f"{format_date(end)}): choose a day of the mission."
        )


def _areas(
    session: Session, teams: list[Team], stations: dict[int, StationPoint], warnings: list[str]
) -> dict[int, tuple[frozenset[int] | None, str]]:
    """Each team's allowed stations (None: anywhere) and why it cannot be planned ("")."""
    by_locality: dict[str, set[int]] = {}
    for locality_name in session.scalars(sa.select(Locality.name)):
        by_locality.setdefault(fold(locality_name), set())
    for station in stations.values():
        by_locality.setdefault(fold(station.locality), set()).add(station.id)
    found: dict[int, tuple[frozenset[int] | None, str]] = {}
    for team in teams:
        names = [n.strip() for n in AREA_SEPARATOR.split(team.area) if n.strip()]
        if not names:
            found[team.id] = (None, "")
            continue
        unknown = [n for n in names if fold(n) not in by_locality]
        known = [n for n in names if fold(n) in by_locality]
        allowed = frozenset().union(*(by_locality[fold(n)] for n in known))
        reason = ""
        if unknown and not known:
            reason = (
                f"its area ({team.area}) names no locality of this mission; correct the area "
                "(localities separated by ;) or empty it to plan the team anywhere"
            )
        elif unknown:
            warnings.append(
                f"Team {team.code}'s area names {', '.join(unknown)}, which "
                f"{'is no locality' if len(unknown) == 1 else 'are no localities'} of this "
                f"mission; the team is planned in {', '.join(known)} only."
            )
        found[team.id] = (allowed, reason)
    return found


def read_day_problem(session: Session, settings: PlanSettings) -> DayProblem:
    """The teams, stations and kept visits of `settings.date`; refuses a day it cannot plan."""
    with unit_of_work(session):
        _check_date(session, settings.date)
        teams = sorted(session.scalars(sa.select(Team)), key=lambda t: team_order(t.code))
        if not teams:
            raise PlanRequestError(
                "This mission has no team to plan: add teams on the Teams page (or the "
                "Teams sheet) first."
            )
        stations: dict[int, StationPoint] = {}
        without: list[str] = []
        rows = session.execute(
            sa.select(
                PollingStation.id,
                PollingStation.code,
                PollingStation.name,
                Locality.name,
                PollingStation.latitude,
                PollingStation.longitude,
            )
            .join(Locality, PollingStation.locality_id == Locality.id)
            .order_by(PollingStation.code)
        )
        for station_id, code, name, locality, latitude, longitude in rows:
            if latitude is None or longitude is None:
                without.append(f"{code} {name}".strip())
            else:
                stations[station_id] = StationPoint(
                    station_id, code, name, locality, latitude, longitude
                )
        if not stations:
            raise PlanRequestError(
                "No polling station of this mission has coordinates, so none can be placed "
                "on a route: enter their latitude and longitude (Stations page or sheet)."
            )
        visits = session.execute(
            sa.select(
                Visit.id,
                Visit.ref,
                Visit.team_id,
                Visit.station_id,
                Visit.phase,
                Visit.status,
                Visit.planned_arrival,
                Visit.planned_departure,
                Visit.actual_arrival,
                Visit.actual_departure,
            ).where(Visit.date == settings.date)
        ).all()
        warnings: list[str] = []
        areas = _areas(session, teams, stations, warnings)
    kept: dict[int, list[KeptVisit]] = {team.id: [] for team in teams}
    observed: set[int] = set()
    replaced = 0
    for visit in visits:
        if visit.status is VisitStatus.PLANNED:
            replaced += 1
        elif visit.status is VisitStatus.DONE:
            observed.add(visit.station_id)
            arrival = _minutes(visit.actual_arrival or visit.planned_arrival)
            departure = _minutes(visit.actual_departure or visit.planned_departure)
            kept[visit.team_id].append(
                KeptVisit(visit.id, visit.ref, visit.station_id, visit.phase, arrival, departure)
            )
    team_days = []
    for team in teams:
        base_point = (
            (team.base_latitude, team.base_longitude)
            if team.base_latitude is not None and team.base_longitude is not None
            else None
        )
        allowed, reason = areas[team.id]
        team_days.append(
            TeamDay(
                team.id,
                team.code,
                team.base,
                base_point,
                allowed,
                tuple(sorted(kept[team.id], key=lambda k: (k.arrival is None, k.arrival or 0))),
                reason,
                team.area,
            )
        )
    return DayProblem(settings, team_days, stations, observed, without, warnings, replaced)
