"""Incidents by category and severity, and the stations where they happened.

Incidents count at every visit that was not cancelled: a team that recorded an incident
was there, even if nobody has marked the visit done yet. A cancelled visit did not take
place, so what is recorded against it is left out (`check` is where to find it).
"""

from __future__ import annotations

from typing import TypeVarTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import IncidentCategory, Severity, VisitStatus
from coordinator.db.models import Incident, Visit
from coordinator.services.statistics.figures import (
    CategoryCount,
    CategorySeverityCount,
    IncidentCounts,
    SeverityCount,
)

Columns = TypeVarTuple("Columns")


def _at_visits_held(select: sa.Select[*Columns]) -> sa.Select[*Columns]:
    return (
        select.select_from(Incident)
        .join(Visit, Visit.id == Incident.visit_id)
        .where(Visit.status != VisitStatus.CANCELLED)
    )


def incident_counts_of(session: Session) -> IncidentCounts:
    combinations = [
        CategorySeverityCount(category, severity, incidents)
        for category, severity, incidents in session.execute(
            _at_visits_held(sa.select(Incident.category, Incident.severity, sa.func.count()))
            .group_by(Incident.category, Incident.severity)
            .order_by(Incident.category, Incident.severity)
        )
    ]
    per_category = {
        category: (observed, stations)
        for category, observed, stations in session.execute(
            _at_visits_held(
                sa.select(
                    Incident.category,
                    sa.func.count(sa.case((Incident.observed, 1))),
                    sa.func.count(sa.distinct(Visit.station_id)),
                )
            ).group_by(Incident.category)
        )
    }
    stations = session.execute(
        _at_visits_held(sa.select(sa.func.count(sa.distinct(Visit.station_id))))
    ).scalar_one()
    return IncidentCounts(
        incidents=sum(c.incidents for c in combinations),
        stations=stations,
        categories=tuple(
            CategoryCount(
                category,
                sum(c.incidents for c in combinations if c.category is category),
                *per_category.get(category, (0, 0)),
            )
            for category in IncidentCategory
        ),
        severities=tuple(
            SeverityCount(s, sum(c.incidents for c in combinations if c.severity is s))
            for s in Severity
        ),
        category_severities=tuple(combinations),
    )
