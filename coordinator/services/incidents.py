"""Incidents: what a team saw, or was told of, at a visit, and how serious it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import IncidentCategory, Severity
from coordinator.db.models import Incident, Locality, PollingStation, Team, Visit
from coordinator.services.paging import Column, Page, PageRequest, contains_all, fetch_page
from coordinator.services.unit import Problems, clean, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of


@dataclass(frozen=True)
class IncidentFields:
    """What a coordinator types for an incident; `observed` False means it was reported."""

    visit_id: int | None
    time: dt.time | None
    category: IncidentCategory
    severity: Severity = Severity.MINOR
    observed: bool = True
    description: str = ""
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class IncidentRow:
    """An incident as the incidents list shows it, with where and when it happened."""

    id: int
    visit_id: int
    visit_ref: str
    team: str
    station_code: str
    station_name: str
    locality: str
    date: dt.date
    time: dt.time | None
    category: IncidentCategory
    severity: Severity
    observed: bool
    description: str


def check_incident(fields: IncidentFields, has_visit: Callable[[int], bool]) -> None:
    """Refuse (ValidationError) an incident a form could not save; `has_visit(id)`: whether
    the mission holds that visit (a form asks the database, a bulk import what it read)."""
    problems = Problems("The incident")
    if fields.visit_id is None:
        problems.add("visit", "Visit is required.")
    elif not has_visit(fields.visit_id):
        problems.add("visit", "This visit is no longer in the mission.")
    problems.require("description", clean(fields.description))
    problems.raise_if_any()


def stored_incident(fields: IncidentFields) -> dict[str, Any]:
    """The incident's columns as they are stored, by name (checked first)."""
    return {
        "visit_id": fields.visit_id,
        "time": fields.time,
        "category": fields.category,
        "severity": fields.severity,
        "observed": fields.observed,
        "description": clean(fields.description),
    }


def _check_incident(session: Session, fields: IncidentFields) -> None:
    check_incident(fields, lambda visit_id: session.get(Visit, visit_id) is not None)


def _apply_incident(incident: Incident, fields: IncidentFields) -> None:
    assert fields.visit_id is not None
    for name, value in stored_incident(fields).items():
        setattr(incident, name, value)


def create_incident(session: Session, fields: IncidentFields) -> Incident:
    with unit_of_work(session):
        _check_incident(session, fields)
        incident = Incident()
        _apply_incident(incident, fields)
        session.add(incident)
    return incident


def update_incident(
    session: Session,
    incident_id: int,
    fields: IncidentFields,
    *,
    read: IncidentFields | None = None,
) -> Incident:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        incident = get(session, Incident, incident_id, "incident")
        refuse_if_changed(
            incident, version_of(read), read=read, now=lambda: incident_fields(incident)
        )
        _check_incident(session, fields)
        _apply_incident(incident, fields)
    return incident


def delete_incident(
    session: Session, incident_id: int, *, expected_version: int | None = None
) -> None:
    with unit_of_work(session):
        record = get(session, Incident, incident_id, "incident")
        refuse_if_changed(record, expected_version, since="you chose to delete it")
        session.delete(record)


def incident_fields(incident: Incident) -> IncidentFields:
    return IncidentFields(
        visit_id=incident.visit_id,
        time=incident.time,
        category=incident.category,
        severity=incident.severity,
        observed=incident.observed,
        description=incident.description,
        version=incident.version,
    )


def read_incident(session: Session, incident_id: int) -> IncidentFields:
    """The incident #incident_id as stored now, with its version, for its form."""
    with unit_of_work(session):
        return incident_fields(get(session, Incident, incident_id, "incident"))


INCIDENT_SORTS: dict[str, Column] = {
    "visit": Visit.ref,
    "team": Team.code,
    "station": PollingStation.code,
    "locality": Locality.name,
    "date": Visit.date,
    "time": Incident.time,
    "category": Incident.category,
    # Most serious last when ascending, so "descending" puts critical ones first.
    "severity": sa.case(
        {s.value: rank for rank, s in enumerate(Severity)}, value=Incident.severity
    ),
    "observed": Incident.observed,
    "description": Incident.description,
}


def list_incidents(session: Session, request: PageRequest) -> Page[IncidentRow]:
    """A page of incidents; `filters` may hold category, severity, visit_id and team_id.

    The search looks in the description, the station, its locality and the team code.
    """
    select = (
        sa.select(
            Incident.id,
            Incident.visit_id,
            Visit.ref,
            Team.code,
            PollingStation.code,
            PollingStation.name,
            Locality.name,
            Visit.date,
            Incident.time,
            Incident.category,
            Incident.severity,
            Incident.observed,
            Incident.description,
        )
        .join(Visit, Incident.visit_id == Visit.id)
        .join(Team, Visit.team_id == Team.id)
        .join(PollingStation, Visit.station_id == PollingStation.id)
        .join(Locality, PollingStation.locality_id == Locality.id)
    )
    condition = contains_all(
        [
            sa.func.lower(Incident.description),
            PollingStation.search_key,
            Locality.search_key,
            sa.func.lower(Team.code),
            sa.func.lower(Visit.ref),
        ],
        request.search,
    )
    if condition is not None:
        select = select.where(condition)
    filters = request.filters
    for key, column in (("visit_id", Incident.visit_id), ("team_id", Visit.team_id)):
        if isinstance(filters.get(key), int):
            select = select.where(column == filters[key])
    category, severity = filters.get("category"), filters.get("severity")
    if isinstance(category, str) and category:
        select = select.where(Incident.category == IncidentCategory.parse(category))
    if isinstance(severity, str) and severity:
        select = select.where(Incident.severity == Severity.parse(severity))
    with unit_of_work(session):
        return fetch_page(
            session,
            select,
            request,
            sort_columns=INCIDENT_SORTS,
            default_sort="date",
            id_column=Incident.id,
            make_row=lambda row: IncidentRow(*row),
        )
