"""The plain rows the bulk functions take: one record of each kind, and a row's problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from coordinator.db.enums import Assessment, LocalityKind, Phase, VisitStatus
from coordinator.services.errors import FieldProblem
from coordinator.services.members import MemberFields
from coordinator.services.stations import StationFields
from coordinator.services.teams import TeamFields


@dataclass(frozen=True, slots=True)
class LocalityRecord:
    name: str
    district: str = ""
    region: str = ""
    kind: LocalityKind = LocalityKind.CITY


# A station, team or member to add is what its form saves: their fields are described
# once, in their services, and a field added there is written here too. (The `version`
# a form read is not theirs to give: a new record starts at the table's first.)
StationRecord = StationFields
TeamRecord = TeamFields
MemberRecord = MemberFields


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
