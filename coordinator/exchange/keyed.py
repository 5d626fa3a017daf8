"""Importing the sheets whose rows have a key: delegations, teams, members, stations,
checklist questions and visits.

Each is described once (`Keyed`): its key column, how to find the record a key names,
the columns copied into the service's *Fields, and the references (a delegation's
name, a team's code) turned into ids. `write_keyed` does the rest for all of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, LocalityKind, Phase
from coordinator.db.models import (
    ChecklistQuestion,
    Delegation,
    Member,
    PollingStation,
    Record,
    Team,
    Visit,
)
from coordinator.exchange import sheets
from coordinator.exchange.context import ImportContext, attempt, first_of_key, fill, save
from coordinator.exchange.rows import Row, SheetData
from coordinator.services import checklist, delegations, members, stations, teams, visits
from coordinator.services.checklist import code_key

R = TypeVar("R", bound=Record)
F = TypeVar("F")
# Resolves the row's references into `fields`; None when one is missing (a problem noted).
Resolve = Callable[[ImportContext, Row, Any], Any]


@dataclass(frozen=True)
class Keyed(Generic[R, F]):
    sheet: sheets.Sheet
    key_column: str
    key_attribute: str
    model: type[R]
    new_fields: Callable[[str], F]
    fields_of: Callable[[R], F]
    create: Callable[[Session, F], R]
    update: Callable[[Session, int, F], R]
    columns: tuple[str, ...]
    rename: dict[str, str]
    resolve: Resolve | None = None
    # A service's field names that are another column's name on the sheet.
    problem_columns: dict[str, str] = dataclasses.field(default_factory=dict)
    fold_key: Callable[[str], str] = str


def lookup(session: Session, column: Any, value: Any) -> dict[Any, int]:
    """Every record's id by the value of `column` (codes, names)."""
    return {key: record_id for key, record_id in session.execute(sa.select(column, value))}


def write_keyed(ctx: ImportContext, data: SheetData, kind: Keyed[R, F]) -> dict[str, R]:
    """Write every row of the sheet; the records written, by their key."""
    session, title = ctx.session, kind.sheet.name
    count = ctx.count(title)
    existing = {
        kind.fold_key(getattr(record, kind.key_attribute)): record
        for record in session.scalars(sa.select(kind.model))
    }
    seen: dict[str, int] = {}
    written: dict[str, R] = {}
    for row in data.rows(ctx.problems):
        key = row.text(kind.key_column)
        if not key:
            row.problem(kind.sheet.column(kind.key_column).name, "a value is required.")
            continue
        if not first_of_key(row, key, seen, kind.key_column):
            continue
        record = existing.get(kind.fold_key(key))
        base = kind.fields_of(record) if record is not None else kind.new_fields(key)
        fields = fill(row, base, kind.columns, kind.rename)
        if kind.resolve is not None and not row.failed:
            fields = kind.resolve(ctx, row, fields)
        if row.failed or fields is None:
            ctx.fail(title, key)
            continue
        saved = save(ctx, count, row, record, kind.create, kind.update, fields, kind.problem_columns)
        if saved is None:
            ctx.fail(title, key)
        else:
            written[key] = saved
        if ctx.problems.full:
            break
    return written


def reference(
    ctx: ImportContext, row: Row, column: str, ids: dict[str, int], sheet: str, what: str
) -> int | None:
    """The id of the record named in `column`; None (a problem) when there is none."""
    value = row.text(column)
    if not value:
        return None
    if value in ids:
        return ids[value]
    if not ctx.has_failed(sheet, value):
        row.problem(column, f"no {what} {value}.")
    else:
        row.failed = True
    return None


# --- delegations, teams, members -------------------------------------------------------------

DELEGATIONS: Keyed[Delegation, delegations.DelegationFields] = Keyed(
    sheets.DELEGATIONS,
    "name",
    "name",
    Delegation,
    delegations.DelegationFields,
    delegations.delegation_fields,
    delegations.create_delegation,
    delegations.update_delegation,
    ("name", "kind", "country", "notes"),
    {},
)

TEAMS: Keyed[Team, teams.TeamFields] = Keyed(
    sheets.TEAMS,
    "code",
    "code",
    Team,
    teams.TeamFields,
    teams.team_fields,
    teams.create_team,
    teams.update_team,
    ("code", "interpreter", "interpreter_phone", "driver", "driver_phone", "vehicle", "area")
    + ("notes",),
    {},
)


def _member_references(
    ctx: ImportContext, row: Row, fields: members.MemberFields
) -> members.MemberFields:
    session = ctx.session
    delegation = reference(
        ctx, row, "delegation", lookup(session, Delegation.name, Delegation.id),
        "Delegations", "delegation named",
    )
    changes: dict[str, Any] = {"delegation_id": delegation}
    if row.has("team"):
        codes = lookup(session, Team.code, Team.id)
        changes["team_id"] = reference(ctx, row, "team", codes, "Teams", "team with code")
    return dataclasses.replace(fields, **changes)


MEMBERS: Keyed[Member, members.MemberFields] = Keyed(
    sheets.MEMBERS,
    "full_name",
    "full_name",
    Member,
    lambda name: members.MemberFields(name, None),
    members.member_fields,
    members.create_member,
    members.update_member,
    ("full_name", "position", "role", "email", "phone", "passport_no", "accreditation_no")
    + ("accreditation_status", "arrival", "departure", "languages"),
    {},
    _member_references,
)


# --- stations, checklist, visits ----------------------------------------------------------


def _station_references(
    ctx: ImportContext, row: Row, fields: stations.StationFields
) -> stations.StationFields | None:
    locality = stations.LocalityFields(
        row.text("locality"),
        row.value("locality_kind") or LocalityKind.CITY,
        row.text("district"),
        row.text("region"),
    )
    if row.failed:
        return None
    found = attempt(
        row, lambda: stations.find_or_create_locality(ctx.session, locality), {"name": "locality"}
    )
    return None if found is None else dataclasses.replace(fields, locality_id=found.id)


STATIONS: Keyed[PollingStation, stations.StationFields] = Keyed(
    sheets.STATIONS,
    "code",
    "code",
    PollingStation,
    lambda code: stations.StationFields(code, None),
    stations.station_fields,
    stations.create_station,
    stations.update_station,
    ("code", "name", "address", "registered_voters", "latitude", "longitude", "accessible"),
    {},
    _station_references,
)

CHECKLIST: Keyed[ChecklistQuestion, checklist.QuestionFields] = Keyed(
    sheets.CHECKLIST,
    "code",
    "code",
    ChecklistQuestion,
    lambda code: checklist.QuestionFields(code, Phase.VOTING, "", AnswerType.TEXT),
    checklist.question_fields,
    checklist.create_question,
    checklist.update_question,
    ("code", "phase", "text", "answer_type", "choices", "negative_answer", "critical_answer"),
    {},
    fold_key=code_key,
)


def _visit_references(
    ctx: ImportContext, row: Row, fields: visits.VisitFields
) -> visits.VisitFields:
    session = ctx.session
    team = reference(
        ctx, row, "team", lookup(session, Team.code, Team.id), "Teams", "team with code"
    )
    station = reference(
        ctx, row, "station", lookup(session, PollingStation.code, PollingStation.id),
        "Stations", "station with code",
    )
    return dataclasses.replace(fields, team_id=team, station_id=station)


VISITS: Keyed[Visit, visits.VisitFields] = Keyed(
    sheets.VISITS,
    "id",
    "ref",
    Visit,
    lambda ref: visits.VisitFields(ref, None, None, None),
    visits.visit_fields,
    visits.create_visit,
    visits.update_visit,
    ("id", "date", "phase", "planned_arrival", "planned_departure", "status")
    + ("actual_arrival", "actual_departure", "voters_voted", "overall", "notes"),
    {"id": "ref"},
    _visit_references,
    {"ref": "id"},
)
