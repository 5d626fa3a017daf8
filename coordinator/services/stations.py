"""Polling stations and their localities: adding, changing, removing, finding them."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import LocalityKind
from coordinator.db.models import Locality, PollingStation, Visit
from coordinator.db.text import search_key
from coordinator.services.paging import Page, PageRequest, fetch_page, search_terms
from coordinator.services.unit import Problems, clean, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of


@dataclass(frozen=True)
class LocalityFields:
    name: str
    kind: LocalityKind = LocalityKind.CITY
    district: str = ""
    region: str = ""
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class StationFields:
    """What a coordinator types for a station. `code` is text: "0012" keeps its zeros."""

    code: str
    locality_id: int | None
    name: str = ""
    address: str = ""
    registered_voters: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    accessible: bool | None = None
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class StationRow:
    """A station as the stations list shows it."""

    id: int
    code: str
    name: str
    address: str
    locality: str
    district: str
    region: str
    registered_voters: int | None
    latitude: float | None
    longitude: float | None
    accessible: bool | None


def locality_key(fields: LocalityFields) -> str:
    return search_key(fields.name, fields.district, fields.region)


def station_key(fields: StationFields) -> str:
    return search_key(fields.code, fields.name, fields.address)


# --- localities ---------------------------------------------------------------------------


def _check_locality(session: Session, fields: LocalityFields, locality_id: int | None) -> None:
    problems = Problems(f"Locality '{clean(fields.name)}'")
    problems.require("name", clean(fields.name))
    same = session.scalar(
        sa.select(Locality.id).where(
            Locality.name == clean(fields.name),
            Locality.district == clean(fields.district),
            Locality.region == clean(fields.region),
            Locality.id != (locality_id or -1),
        )
    )
    if same is not None:
        problems.add("name", "A locality with this name, district and region already exists.")
    problems.raise_if_any()


def _apply_locality(locality: Locality, fields: LocalityFields) -> None:
    locality.name = clean(fields.name)
    locality.kind = fields.kind
    locality.district = clean(fields.district)
    locality.region = clean(fields.region)
    locality.search_key = locality_key(fields)


def create_locality(session: Session, fields: LocalityFields) -> Locality:
    with unit_of_work(session):
        _check_locality(session, fields, None)
        locality = Locality()
        _apply_locality(locality, fields)
        session.add(locality)
    return locality


def update_locality(
    session: Session,
    locality_id: int,
    fields: LocalityFields,
    *,
    read: LocalityFields | None = None,
) -> Locality:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        locality = get(session, Locality, locality_id, "locality")
        refuse_if_changed(
            locality, version_of(read), read=read, now=lambda: locality_fields(locality)
        )
        _check_locality(session, fields, locality_id)
        _apply_locality(locality, fields)
    return locality


def find_or_create_locality(session: Session, fields: LocalityFields) -> Locality:
    """The locality with this name, district and region, created if it is new."""
    with unit_of_work(session):
        existing = session.scalar(
            sa.select(Locality).where(
                Locality.name == clean(fields.name),
                Locality.district == clean(fields.district),
                Locality.region == clean(fields.region),
            )
        )
        if existing is not None:
            return existing
        _check_locality(session, fields, None)
        locality = Locality()
        _apply_locality(locality, fields)
        session.add(locality)
    return locality


def delete_locality(
    session: Session, locality_id: int, *, expected_version: int | None = None
) -> None:
    with unit_of_work(session):
        locality = get(session, Locality, locality_id, "locality")
        refuse_if_changed(locality, expected_version, since="you chose to delete it")
        stations = session.scalar(
            sa.select(sa.func.count()).where(PollingStation.locality_id == locality_id)
        )
        if stations:
            problems = Problems(f"Locality '{locality.name}'")
            problems.add(
                "name", f"It still has {stations} polling station(s); move or delete them first."
            )
            problems.raise_if_any()
        session.delete(locality)


def list_localities(session: Session) -> list[Locality]:
    with unit_of_work(session):
        return list(session.scalars(sa.select(Locality).order_by(Locality.name, Locality.id)))


# --- stations -----------------------------------------------------------------------------


def _check_station(session: Session, fields: StationFields, station_id: int | None) -> None:
    code = clean(fields.code)
    problems = Problems(f"Polling station '{code}'" if code else "The polling station")
    problems.require("code", code)
    if fields.locality_id is None:
        problems.add("locality", "Locality is required.")
    elif session.get(Locality, fields.locality_id) is None:
        problems.add("locality", "This locality is no longer in the mission.")
    if code:
        other = session.scalar(
            sa.select(PollingStation.id).where(
                PollingStation.code == code, PollingStation.id != (station_id or -1)
            )
        )
        if other is not None:
            problems.add("code", f"Another polling station already has the code {code}.")
    problems.non_negative("registered_voters", fields.registered_voters, "Registered voters")
    if fields.latitude is not None and not -90 <= fields.latitude <= 90:
        problems.add("latitude", "Latitude must be between -90 and 90.")
    if fields.longitude is not None and not -180 <= fields.longitude <= 180:
        problems.add("longitude", "Longitude must be between -180 and 180.")
    problems.raise_if_any()


def _apply_station(station: PollingStation, fields: StationFields) -> None:
    assert fields.locality_id is not None
    station.code = clean(fields.code)
    station.name = clean(fields.name)
    station.address = clean(fields.address)
    station.locality_id = fields.locality_id
    station.registered_voters = fields.registered_voters
    station.latitude = fields.latitude
    station.longitude = fields.longitude
    station.accessible = fields.accessible
    station.search_key = station_key(fields)


def create_station(session: Session, fields: StationFields) -> PollingStation:
    with unit_of_work(session):
        _check_station(session, fields, None)
        station = PollingStation()
        _apply_station(station, fields)
        session.add(station)
    return station


def update_station(
    session: Session, station_id: int, fields: StationFields, *, read: StationFields | None = None
) -> PollingStation:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        station = get(session, PollingStation, station_id, "polling station")
        refuse_if_changed(station, version_of(read), read=read, now=lambda: station_fields(station))
        _check_station(session, fields, station_id)
        _apply_station(station, fields)
    return station


def station_delete_impact(session: Session, station_id: int) -> dict[str, int]:
    """What else goes when the station is deleted: {"visits": 12}."""
    with unit_of_work(session):
        visits = session.scalar(sa.select(sa.func.count()).where(Visit.station_id == station_id))
    return {"visits": int(visits or 0)}


def delete_station(
    session: Session, station_id: int, *, expected_version: int | None = None
) -> None:
    """Delete the station with its visits (and their answers and incidents)."""
    with unit_of_work(session):
        record = get(session, PollingStation, station_id, "polling station")
        refuse_if_changed(record, expected_version, since="you chose to delete it")
        session.delete(record)


def station_fields(station: PollingStation) -> StationFields:
    return StationFields(
        code=station.code,
        locality_id=station.locality_id,
        name=station.name,
        address=station.address,
        registered_voters=station.registered_voters,
        latitude=station.latitude,
        longitude=station.longitude,
        accessible=station.accessible,
        version=station.version,
    )


STATION_SORTS = {
    "code": PollingStation.code,
    "name": PollingStation.name,
    "address": PollingStation.address,
    "locality": Locality.name,
    "district": Locality.district,
    "region": Locality.region,
    "registered_voters": PollingStation.registered_voters,
}


def list_stations(session: Session, request: PageRequest) -> Page[StationRow]:
    """A page of stations; `filters` may hold "locality_id"."""
    select = sa.select(
        PollingStation.id,
        PollingStation.code,
        PollingStation.name,
        PollingStation.address,
        Locality.name,
        Locality.district,
        Locality.region,
        PollingStation.registered_voters,
        PollingStation.latitude,
        PollingStation.longitude,
        PollingStation.accessible,
    ).join(Locality, PollingStation.locality_id == Locality.id)
    for term in search_terms(request.search):
        # The few hundred localities are searched once, not joined to every station.
        in_locality = sa.select(Locality.id).where(
            Locality.search_key.contains(term, autoescape=True)
        )
        select = select.where(
            sa.or_(
                PollingStation.search_key.contains(term, autoescape=True),
                PollingStation.locality_id.in_(in_locality.scalar_subquery()),
            )
        )
    locality_id = request.filters.get("locality_id")
    if isinstance(locality_id, int):
        select = select.where(PollingStation.locality_id == locality_id)
    with unit_of_work(session):
        return fetch_page(
            session,
            select,
            request,
            sort_columns=STATION_SORTS,
            default_sort="code",
            id_column=PollingStation.id,
            make_row=lambda row: StationRow(*row),
        )


def read_station(session: Session, station_id: int) -> StationFields:
    """The station #station_id as its form edits it; NotFoundError if it is no longer there."""
    with unit_of_work(session):
        return station_fields(get(session, PollingStation, station_id, "polling station"))


def locality_records(session: Session) -> list[tuple[int, LocalityFields]]:
    """Every locality by name, as (id, fields) for the window's choosers and forms."""
    return [(locality.id, locality_fields(locality)) for locality in list_localities(session)]


def locality_fields(locality: Locality) -> LocalityFields:
    """The stored locality as its form shows it, with the version it was read at."""
    return LocalityFields(
        locality.name, locality.kind, locality.district, locality.region, locality.version
    )
