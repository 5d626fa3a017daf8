"""Incidents through the services, on a real mission file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from coordinator.db.enums import IncidentCategory, Phase, Severity, VisitStatus
from coordinator.db.models import Team
from coordinator.services.errors import NotFoundError, ValidationError
from coordinator.services.incidents import (
    IncidentFields,
    create_incident,
    delete_incident,
    incident_fields,
    list_incidents,
    update_incident,
)
from coordinator.services.paging import PageRequest
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.unit import unit_of_work
from coordinator.services.visits import VisitFields, create_visit
from tests.conftest import ELECTION_DAY


@dataclass(frozen=True)
class Visits:
    """A visit by team T1 in Bishkek and one by team T2 in Kant."""

    bishkek: int
    kant: int
    team_two: int


@pytest.fixture
def visits(session: Session) -> Visits:
    bishkek = create_locality(session, LocalityFields("Бишкек"))
    kant = create_locality(session, LocalityFields("Kant"))
    school = create_station(session, StationFields("1001", bishkek.id, name="Школа № 5"))
    lyceum = create_station(session, StationFields("5101", kant.id, name="Lyceum"))
    with unit_of_work(session):
        teams = [Team(code="T1"), Team(code="T2")]
        session.add_all(teams)

    def visit(team: Team, station: int) -> int:
        fields = VisitFields(
            None, team.id, station, ELECTION_DAY, Phase.VOTING, status=VisitStatus.DONE
        )
        return create_visit(session, fields).id

    return Visits(visit(teams[0], school.id), visit(teams[1], lyceum.id), teams[1].id)


def incident(visit_id: int | None, **changes: object) -> IncidentFields:
    base = {
        "time": dt.time(10, 15),
        "category": IncidentCategory.CAMPAIGN_MATERIAL,
        "description": "A poster of a party at the entrance.",
    }
    return IncidentFields(visit_id, **{**base, **changes})  # type: ignore[arg-type]


def test_an_incident_is_saved_and_changed(session: Session, visits: Visits) -> None:
    created = create_incident(session, incident(visits.bishkek, description="  Poster\u00a0"))
    assert (created.description, created.severity, created.observed) == (
        "Poster",
        Severity.MINOR,
        True,
    )
    changed = update_incident(
        session,
        created.id,
        incident(visits.kant, severity=Severity.SERIOUS, observed=False, time=None),
    )
    assert incident_fields(changed) == incident(
        visits.kant, severity=Severity.SERIOUS, observed=False, time=None
    )


def test_visit_and_description_are_required(session: Session, visits: Visits) -> None:
    with pytest.raises(ValidationError) as raised:
        create_incident(session, incident(None, description=" "))
    assert {p.field: p.message for p in raised.value.problems} == {
        "visit": "Visit is required.",
        "description": "Description is required.",
    }
    with pytest.raises(ValidationError) as raised:
        create_incident(session, incident(9999))
    assert raised.value.for_field("visit") == "This visit is no longer in the mission."
    assert list_incidents(session, PageRequest()).total == 0


def test_a_deleted_incident_is_gone(session: Session, visits: Visits) -> None:
    created = create_incident(session, incident(visits.bishkek)).id
    delete_incident(session, created)
    assert list_incidents(session, PageRequest()).total == 0
    with pytest.raises(NotFoundError):
        delete_incident(session, created)


def test_the_list_filters_searches_and_sorts_in_sql(session: Session, visits: Visits) -> None:
    create_incident(session, incident(visits.bishkek, description="Poster at the door"))
    create_incident(
        session,
        incident(
            visits.kant,
            category=IncidentCategory.PUBLIC_ORDER,
            severity=Severity.CRITICAL,
            description="Crowd blocked the entrance",
            time=dt.time(9),
        ),
    )
    create_incident(
        session,
        incident(
            visits.bishkek,
            category=IncidentCategory.PUBLIC_ORDER,
            severity=Severity.SERIOUS,
            description="Shouting in the queue",
        ),
    )

    def found(search: str = "", sort: str = "", **filters: object) -> list[str]:
        page = list_incidents(
            session, PageRequest(search=search, sort=sort, descending=True, filters=filters)
        )
        assert page.total == len(page.rows)
        return [r.description.split()[0] for r in page.rows]

    assert found(sort="severity") == ["Crowd", "Shouting", "Poster"]
    assert found(sort="time") == ["Shouting", "Poster", "Crowd"]  # ties: newest first
    assert found(category="public order", sort="severity") == ["Crowd", "Shouting"]
    assert found(severity="Serious") == ["Shouting"]
    assert found(visit_id=visits.kant) == ["Crowd"]
    assert found(team_id=visits.team_two) == ["Crowd"]
    assert found("бишкек queue") == ["Shouting"]
    assert found("школа", sort="description") == ["Shouting", "Poster"]
    assert found("T2") == ["Crowd"]
    (row,) = list_incidents(session, PageRequest(filters={"visit_id": visits.kant})).rows
    assert (row.visit_ref, row.team, row.station_code, row.locality, row.date) == (
        "V0002",
        "T2",
        "5101",
        "Kant",
        ELECTION_DAY,
    )
