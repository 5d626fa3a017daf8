"""The plain rows the bulk functions take: one record of each kind, and a row's problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from coordinator.db.enums import (
    AccreditationStatus,
    Assessment,
    LocalityKind,
    MemberRole,
    Phase,
    VisitStatus,
)
from coordinator.services.errors import FieldProblem


@dataclass(frozen=True, slots=True)
class LocalityRecord:
    name: str
    district: str = ""
    region: str = ""
    kind: LocalityKind = LocalityKind.CITY


@dataclass(frozen=True, slots=True)
class StationRecord:
    """A polling station to add; `code` is text so that "0012" keeps its zeros."""

    code: str
    locality_id: int
    name: str = ""
    address: str = ""
    registered_voters: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    accessible: bool | None = None


@dataclass(frozen=True, slots=True)
class TeamRecord:
    code: str
    interpreter: str = ""
    interpreter_phone: str = ""
    driver: str = ""
    driver_phone: str = ""
    vehicle: str = ""
    area: str = ""
    notes: str = ""
    # Where the team leaves from on a planned day, and where that is (both or neither).
    base: str = ""
    base_latitude: float | None = None
    base_longitude: float | None = None


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member to add; `full_name` is their key in workbooks, `team_id` None: no team."""

    full_name: str
    delegation_id: int | None
    position: str = ""
    role: MemberRole = MemberRole.OBSERVER
    email: str = ""
    phone: str = ""
    passport_no: str = ""
    accreditation_no: str = ""
    accreditation_status: AccreditationStatus = AccreditationStatus.REQUESTED
    arrival: dt.date | None = None
    departure: dt.date | None = None
    languages: str = ""
    team_id: int | None = None


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """A visit to add; `ref` is its key in workbooks (the Visits sheet's id)."""

    ref: str
    team_id: int
    station_id: int
    date: dt.date
    phase: Phase
    status: VisitStatus = VisitStatus.PLANNED
    planned_arrival: dt.time | None = None
    planned_departure: dt.time | None = None
    actual_arrival: dt.time | None = None
    actual_departure: dt.time | None = None
    voters_voted: int | None = None
    overall: Assessment | None = None
    notes: str = ""


class AnswerRecord(NamedTuple):
    """A visit's answer as canonical text: "yes"/"no", "12", "1".."4", a choice, any text."""

    visit_id: int
    question_id: int
    value: str
    comment: str = ""


@dataclass(frozen=True)
class RowProblem(FieldProblem):
    """What is wrong with one field of one row; `row` counts the rows given from 1."""

    row: int = 0
