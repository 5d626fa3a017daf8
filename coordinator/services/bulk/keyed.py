"""Stations and visits (records with a code unique in the mission) and localities, checked
as their services check them and inserted in chunks; `add_keyed` serves teams and members
(people.py) too."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import Assessment, LocalityKind, Phase, VisitStatus
from coordinator.db.models import Base, Locality, Mission, PollingStation, Team, Visit
from coordinator.db.text import search_key
from coordinator.services.bulk.batch import (
    Insert,
    Problems,
    RowT,
    chunks,
    matching,
    new_uuid,
    present,
    table_of,
)
from coordinator.services.bulk.records import LocalityRecord, StationRecord, VisitRecord
from coordinator.services.unit import clean, unit_of_work
from coordinator.services.visits import OVERNIGHT_PHASES, VisitFields

# A visit to add: a plain record, or the fields its form saves (what an import reads).
AnyVisit = VisitRecord | VisitFields


@dataclass(frozen=True)
class KeyedKind(Generic[RowT]):
    """How to write one kind of row whose `key` (code, ref) is unique in the mission.

    `references` maps each field holding another record's id to that record's model and
    name (a field left None points at nothing: its checker says whether it may);
    `checker(session)` gives the function that checks a row's other fields and
    returns its insert's values, one for each of `columns`.
    """

    model: type[Base]
    plural: str
    singular: str
    key: str
    references: dict[str, tuple[type[Base], str]]
    columns: tuple[str, ...]
    checker: Callable[[Session], Callable[[Problems, int, RowT, str], tuple[Any, ...]]]


def add_keyed(session: Session, rows: Iterable[RowT], kind: KeyedKind[RowT]) -> dict[str, int]:
    """Check and insert the rows; their new ids by key."""
    table = table_of(kind.model)
    key, key_column = kind.key, table.c[kind.key]
    longest = getattr(key_column.type, "length", None) or 1000
    problems = Problems(kind.plural)
    first_row: dict[str, int] = {}
    known: dict[str, set[int]] = {field: set() for field in kind.references}
    ids: dict[str, int] = {}
    with unit_of_work(session):
        make_values = kind.checker(session)
        insert = Insert(session, table, kind.columns)
        # Every key the mission holds, read in one scan: cheaper than lookups chunk by
        # chunk (a mission holds at most a few hundred thousand of any kind).
        in_file = set(session.scalars(sa.select(key_column)))
        for first, chunk in chunks(rows):
            keys = [clean(getattr(row, key)) for row in chunk]
            for field, (target, _name) in kind.references.items():
                wanted = {getattr(row, field) for row in chunk} - known[field] - {None}
                known[field].update(present(session, table_of(target).c.id, wanted))
            values = []
            for number, (row, code) in enumerate(zip(chunk, keys, strict=True), first):
                if not code:
                    problems.add(number, key, f"the {key} is required.")
                elif len(code) > longest:
                    problems.add(number, key, f"{key} {code} is longer than {longest} characters.")
                elif code in first_row:
                    problems.add(number, key, f"{key} {code} is also on row {first_row[code]}.")
                elif code in in_file:
                    problems.add(number, key, f"{kind.singular} {code} is already in the mission.")
                else:
                    first_row[code] = number
                for field, (_target, name) in kind.references.items():
                    target_id = getattr(row, field)
                    if target_id is not None and target_id not in known[field]:
                        problems.add(number, field, f"{name} #{target_id} is not in the mission.")
                values.append(make_values(problems, number, row, code))
            if problems.items:
                if problems.full:
                    break
                continue
            ids.update(_inserted(session, insert, values, key_column, set(keys)))
        problems.raise_if_any()
    return ids


def _inserted(
    session: Session, insert: Insert, values: list[tuple[Any, ...]], key: Any, keys: set[str]
) -> dict[str, int]:
    """Insert the rows; the ids they were given by key.

    New rows take ids past the highest one (SQLite's rowid, PostgreSQL's sequence), so
    they are read back in one walk of the primary key; a key not found there (an id
    given out of order) is looked up by itself.
    """
    table = key.table
    high = session.scalar(sa.select(sa.func.max(table.c.id))) or 0
    insert(session, values)
    select = sa.select(key, table.c.id).where(table.c.id > high)
    found = {code: record_id for code, record_id in session.execute(select) if code in keys}
    for condition in matching(key, keys - found.keys()):
        select = sa.select(key, table.c.id).where(condition)
        found.update((code, record_id) for code, record_id in session.execute(select))
    return found


_STATION_COLUMNS = ("locality_id", "registered_voters", "latitude", "longitude", "accessible")
_VISIT_COLUMNS = (
    *("team_id", "station_id", "date", "phase", "status", "voters_voted", "overall"),
    *("planned_arrival", "planned_departure", "actual_arrival", "actual_departure"),
)
_station_columns = attrgetter(*_STATION_COLUMNS)
_visit_columns = attrgetter(*_VISIT_COLUMNS)


def _station_values(
    problems: Problems, number: int, row: StationRecord, code: str
) -> tuple[Any, ...]:
    if row.locality_id is None:
        problems.add(number, "locality_id", "the locality is required.")
    problems.non_negative(number, "registered_voters", row.registered_voters)
    if row.latitude is not None and not -90 <= row.latitude <= 90:
        problems.add(number, "latitude", "latitude must be between -90 and 90.")
    if row.longitude is not None and not -180 <= row.longitude <= 180:
        problems.add(number, "longitude", "longitude must be between -180 and 180.")
    name, address = clean(row.name), clean(row.address)
    key = search_key(code, name, address)
    return (new_uuid(), code, name, address, key, *_station_columns(row))


def _check_times(problems: Problems, number: int, row: AnyVisit, which: str) -> None:
    arrival, departure = getattr(row, f"{which}_arrival"), getattr(row, f"{which}_departure")
    if arrival is None or departure is None:
        return
    if departure == arrival or (departure < arrival and row.phase not in OVERNIGHT_PHASES):
        problems.add(number, f"{which}_departure", "the departure must be after the arrival.")


def _visit_checker(
    session: Session,
) -> Callable[[Problems, int, AnyVisit, str], tuple[Any, ...]]:
    """The checks of the visits service on one row (with the mission's dates and its
    stations' registered voters)."""
    span = session.execute(
        sa.select(Mission.mission_start, Mission.mission_end).order_by(Mission.id).limit(1)
    ).first()
    start, end = span or (None, None)
    # Every station's registered voters, read once: a count of voters cannot exceed them.
    voters = sa.select(PollingStation.id, PollingStation.registered_voters).where(
        PollingStation.registered_voters.is_not(None)
    )
    registered: dict[int, int] = {
        station: count for station, count in session.execute(voters) if count is not None
    }

    def visit_values(problems: Problems, number: int, row: AnyVisit, ref: str) -> tuple[Any, ...]:
        if row.team_id is None:
            problems.add(number, "team_id", "the team is required.")
        if row.station_id is None:
            problems.add(number, "station_id", "the station is required.")
        problems.check_in(number, "phase", row.phase, Phase)
        problems.check_in(number, "status", row.status, VisitStatus)
        if row.date is None:
            problems.add(number, "date", "the date is required.")
        elif (start is not None and row.date < start) or (end is not None and row.date > end):
            problems.add(number, "date", f"{row.date} is not within the mission's dates.")
        _check_times(problems, number, row, "planned")
        _check_times(problems, number, row, "actual")
        problems.non_negative(number, "voters_voted", row.voters_voted)
        most = None if row.station_id is None else registered.get(row.station_id)
        if row.voters_voted is not None and most is not None and row.voters_voted > most:
            problems.add(
                number,
                "voters_voted",
                f"{row.voters_voted} voters cannot have voted: the station has {most} registered.",
            )
        if row.overall is not None:
            problems.check_in(number, "overall", row.overall, Assessment)
            if row.status is not VisitStatus.DONE:
                problems.add(number, "overall", "only a visit that was done has an assessment.")
        observed = (row.actual_arrival, row.actual_departure, row.voters_voted)
        if row.status is VisitStatus.CANCELLED and observed != (None, None, None):
            problems.add(number, "status", "a cancelled visit has no actual times or voters.")
        # Vocabularies, dates and times go in as they are: the columns' types store them.
        return (new_uuid(), ref, row.notes.strip(), *_visit_columns(row))

    return visit_values


_STATIONS = KeyedKind(
    PollingStation,
    "polling stations",
    "Polling station",
    "code",
    {"locality_id": (Locality, "Locality")},
    ("uuid", "code", "name", "address", "search_key", *_STATION_COLUMNS),
    lambda _session: _station_values,
)
_VISITS = KeyedKind(
    Visit,
    "visits",
    "Visit",
    "ref",
    {"team_id": (Team, "Team"), "station_id": (PollingStation, "Polling station")},
    ("uuid", "ref", "notes", *_VISIT_COLUMNS),
    _visit_checker,
)


def add_stations(session: Session, rows: Iterable[StationRecord]) -> dict[str, int]:
    """Add polling stations; returns each new station's id by its code."""
    return add_keyed(session, rows, _STATIONS)


def add_visits(session: Session, rows: Iterable[AnyVisit]) -> dict[str, int]:
    """Add visits; returns each new visit's id by its ref."""
    return add_keyed(session, rows, _VISITS)


def add_localities(
    session: Session, rows: Iterable[LocalityRecord]
) -> dict[tuple[str, str, str], int]:
    """Add localities; returns each new one's id by (name, district, region).

    A mission has hundreds of localities, not millions: they are checked in one piece.
    """
    table = table_of(Locality)
    select = sa.select(table.c.name, table.c.district, table.c.region, table.c.id)
    problems = Problems("localities")
    first_row: dict[tuple[str, str, str], int] = {}
    values: list[tuple[Any, ...]] = []
    with unit_of_work(session):
        in_file = {
            (name, district, region) for name, district, region, _ in session.execute(select)
        }
        for number, row in enumerate(rows, 1):
            key = name, district, region = clean(row.name), clean(row.district), clean(row.region)
            if not name:
                problems.add(number, "name", "the name is required.")
            elif key in first_row:
                problems.add(number, "name", f"{name} is also on row {first_row[key]}.")
            elif key in in_file:
                problems.add(number, "name", f"{name} is already in the mission.")
            first_row.setdefault(key, number)
            problems.check_in(number, "kind", row.kind, LocalityKind)
            values.append(
                (new_uuid(), name, row.kind, district, region, search_key(name, district, region))
            )
        problems.raise_if_any()
        if values:
            columns = ("uuid", "name", "kind", "district", "region", "search_key")
            Insert(session, table, columns)(session, values)
        return {
            (name, district, region): locality_id
            for name, district, region, locality_id in session.execute(select)
            if (name, district, region) in first_row
        }
