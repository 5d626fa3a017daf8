"""Observations and stations visited: per phase (with the overall assessments) and per
locality. Only visits marked done are observations."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import Assessment, Phase, VisitStatus
from coordinator.db.models import Locality, PollingStation, Visit
from coordinator.services.statistics.figures import (
    AssessmentCounts,
    Coverage,
    LocalityCount,
    PhaseCount,
)

DONE = Visit.status == VisitStatus.DONE


def phase_figures(session: Session) -> tuple[tuple[PhaseCount, ...], tuple[AssessmentCounts, ...]]:
    """Observations, stations and assessments of every phase, from one pass over visits."""

    def having(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.count(sa.case((condition, 1)))

    rows = session.execute(
        sa.select(
            Visit.phase,
            sa.func.count(),
            sa.func.count(sa.distinct(Visit.station_id)),
            *(having(Visit.overall == assessment) for assessment in Assessment),
            having(Visit.overall.is_(None)),
        )
        .where(DONE)
        .group_by(Visit.phase)
    )
    found: dict[Phase, tuple[int, ...]] = {row[0]: tuple(row[1:]) for row in rows}
    counts: list[PhaseCount] = []
    assessments: list[AssessmentCounts] = []
    for phase in Phase:
        observations, stations, *assessed = found.get(phase, (0,) * (len(Assessment) + 3))
        counts.append(PhaseCount(phase, observations, stations))
        assessments.append(AssessmentCounts(phase, *assessed))
    return tuple(counts), tuple(assessments)


def coverage_of(session: Session, phases: tuple[PhaseCount, ...]) -> Coverage:
    """Stations and observations per locality, added up with the phases' observations."""
    # Visits are first counted per station, so each locality counts its stations without
    # a DISTINCT; as every station lies in one locality, their sum is the stations visited.
    # "+ 0": walking the station index to skip the sort reads visits in random order, slower.
    station = (Visit.station_id + sa.literal_column("0")).label("station_id")
    per_station = (
        sa.select(station, sa.func.count().label("observations"))
        .where(DONE)
        .group_by(station)
        .subquery()
    )
    stations = sa.func.count().label("stations")
    rows = session.execute(
        sa.select(
            Locality.id,
            Locality.name,
            Locality.district,
            Locality.region,
            stations,
            sa.func.sum(per_station.c.observations),
        )
        .select_from(per_station)
        .join(PollingStation, PollingStation.id == per_station.c.station_id)
        .join(Locality, Locality.id == PollingStation.locality_id)
        .group_by(Locality.id, Locality.name, Locality.district, Locality.region)
        .order_by(stations.desc(), Locality.name, Locality.district, Locality.region, Locality.id)
    )
    localities = tuple(LocalityCount(*row) for row in rows)
    return Coverage(
        stations=sum(locality.stations for locality in localities),
        observations=sum(phase.observations for phase in phases),
        phases=phases,
        localities=localities,
    )
