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
    Answer,
    ChecklistQuestion,
    Delegation,
    Member,
    PollingStation,
    Record,
    Team,
    Visit,
)
from coordinator.exchange import sheets
from coordinator.exchange.bulk_rows import (
    BULK_ROWS,
    add_delegations,
    add_localities,
    add_members,
    add_questions,
    add_stations,
    add_teams,
    add_visits,
)
from coordinator.exchange.context import (
    ImportContext,
    SheetCount,
    attempt,
    first_of_key,
    read_columns,
    replaced,
    save,
)
from coordinator.exchange.localities import place_of
from coordinator.exchange.rows import Row, SheetData
from coordinator.services import checklist, delegations, members, stations, teams, visits
from coordinator.services.answers import write_answers
from coordinator.services.checklist import code_key

R = TypeVar("R", bound=Record)
F = TypeVar("F")
# The row's references as fields (ids by field name); None when one cannot be made.
Resolve = Callable[[ImportContext, Row], "dict[str, Any] | None"]


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
    # Writes what else the row holds (a visit's answers); True when that changed anything.
    after: Callable[[ImportContext, Row, R], bool] | None = None
    # Runs before an existing record is updated (a visit's answers the row empties go
    # first, so that the row may also change its phase or status).
    before: Callable[[ImportContext, Row, R], None] | None = None
    # Adds many new rows at once (see bulk_rows); False when they had problems.
    bulk: Callable[[ImportContext, list[tuple[Row, Any]]], bool] | None = None
    # Runs first, on the whole sheet (a big sheet's new localities made at once).
    prepare: Callable[[ImportContext, SheetData], None] | None = None


def write_keyed(ctx: ImportContext, data: SheetData, kind: Keyed[R, F]) -> None:
    """Write every row of the sheet, counting new, updated and unchanged records."""
    session, title = ctx.session, kind.sheet.name
    count = ctx.count(title)
    if kind.prepare is not None:
        kind.prepare(ctx, data)
    existing = {
        kind.fold_key(getattr(record, kind.key_attribute)): record
        for record in session.scalars(sa.select(kind.model))
    }
    seen: dict[str, int] = {}
    new: list[tuple[Row, F]] = []
    fields_type = type(kind.new_fields(""))
    for row in data.rows(ctx.problems):
        key = row.text(kind.key_column)
        if not key:
            row.problem(kind.sheet.column(kind.key_column).name, "a value is required.")
            continue
        if not first_of_key(row, key, seen, kind.key_column):
            continue
        record = existing.get(kind.fold_key(key))
        base = kind.fields_of(record) if record is not None else kind.new_fields(key)
        # The row's fields made once: its columns' values and its references together.
        changes: dict[str, Any] | None = read_columns(row, fields_type, kind.columns, kind.rename)
        if kind.resolve is not None and not row.failed and changes is not None:
            references = kind.resolve(ctx, row)
            changes = None if references is None else {**changes, **references}
        fields = None if changes is None else replaced(base, changes)
        if row.failed or fields is None:
            ctx.fail(title, key)
        elif record is None:
            new.append((row, fields))
        elif fields == kind.fields_of(record):
            # What the services would write is what is stored: no need to ask them.
            _saved(ctx, kind, count, row, key=key, record=record, changed=False)
        else:
            _write_row(ctx, kind, count, row, key=key, record=record, fields=fields)
        if ctx.problems.full:
            return
    # Problems found already (on this sheet or before it) do not send a big sheet row by
    # row: the import is rolled back in the end, but its other rows are still checked,
    # at the bulk path's speed rather than a savepoint each.
    if kind.bulk is not None and len(new) >= BULK_ROWS:
        if kind.bulk(ctx, new):
            count.new += len(new)
            for row, _fields in new:  # written, but what else it holds was not (answers)
                if row.failed:
                    ctx.fail(title, row.text(kind.key_column))
        else:
            # None of them was written: rows naming them are not told so once each.
            for row, _fields in new:
                ctx.fail(title, row.text(kind.key_column))
        return
    for row, fields in new:
        _write_row(ctx, kind, count, row, key=row.text(kind.key_column), record=None, fields=fields)
        if ctx.problems.full:
            return


def _write_row(
    ctx: ImportContext,
    kind: Keyed[R, F],
    count: SheetCount,
    row: Row,
    *,
    key: str,
    record: R | None,
    fields: F,
) -> None:
    unchanged = count.unchanged
    if record is not None and kind.before is not None:
        kind.before(ctx, row, record)
    saved = save(
        ctx,
        count,
        row,
        record=record,
        create=kind.create,
        update=kind.update,
        fields=fields,
        columns=kind.problem_columns,
    )
    if saved is None:
        ctx.fail(kind.sheet.name, key)
    elif count.unchanged > unchanged:
        count.unchanged -= 1
        _saved(ctx, kind, count, row, key=key, record=saved, changed=False)
    else:
        _saved(ctx, kind, count, row, key=key, record=saved, changed=None)


def _saved(
    ctx: ImportContext,
    kind: Keyed[R, F],
    count: SheetCount,
    row: Row,
    *,
    key: str,
    record: R,
    changed: bool | None,
) -> None:
    """Count a record found unchanged (`changed` False) once what else the row holds is
    written too; None: it was already counted as new or updated."""
    more = kind.after is not None and kind.after(ctx, row, record)
    if changed is None:
        return
    if more:
        count.updated += 1
    else:
        count.unchanged += 1
        ctx.unchanged.setdefault(kind.sheet.name, set()).add(key)


def reference(
    ctx: ImportContext, row: Row, column: str, ids: dict[str, int], *, sheet: str, what: str
) -> int | None:
    """The id of the record named in `column`; None (a problem) when there is none."""
    value = row.text(column)
    if not value:
        if row.sheet.spec.column(column).required:
            row.problem(column, "a value is required.")
        return None
    if value in ids:
        return ids[value]
    if not ctx.has_failed(sheet, value):
        row.problem(column, f"no {what} {value}.")
    else:
        row.failed = True
    return None


TEAM_COLUMNS = (
    *("code", "interpreter", "interpreter_phone", "driver", "driver_phone", "vehicle"),
    *("area", "notes", "base", "base_latitude", "base_longitude"),
)
MEMBER_COLUMNS = (
    *("full_name", "position", "role", "email", "phone", "passport_no", "accreditation_no"),
    *("accreditation_status", "arrival", "departure", "languages"),
)
VISIT_COLUMNS = (
    *("id", "date", "phase", "planned_arrival", "planned_departure", "status"),
    *("actual_arrival", "actual_departure", "voters_voted", "overall", "notes"),
)

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
    bulk=add_delegations,
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
    TEAM_COLUMNS,
    {},
    bulk=add_teams,
)


def _member_references(ctx: ImportContext, row: Row) -> dict[str, Any]:
    delegation = reference(
        ctx,
        row,
        "delegation",
        ctx.ids(Delegation.name, Delegation.id),
        sheet="Delegations",
        what="delegation named",
    )
    changes: dict[str, Any] = {"delegation_id": delegation}
    if row.has("team"):
        codes = ctx.ids(Team.code, Team.id)
        changes["team_id"] = reference(
            ctx, row, "team", codes, sheet="Teams", what="team with code"
        )
    return changes


MEMBERS: Keyed[Member, members.MemberFields] = Keyed(
    sheets.MEMBERS,
    "full_name",
    "full_name",
    Member,
    lambda name: members.MemberFields(name, None),
    members.member_fields,
    members.create_member,
    members.update_member,
    MEMBER_COLUMNS,
    {},
    _member_references,
    bulk=add_members,
)


# --- stations, checklist, visits ----------------------------------------------------------


def _station_references(ctx: ImportContext, row: Row) -> dict[str, Any] | None:
    locality = stations.LocalityFields(
        row.text("locality"),
        row.value("locality_kind") or LocalityKind.CITY,
        row.text("district"),
        row.text("region"),
    )
    if not locality.name:
        row.problem("locality", "a value is required.")
    if row.failed:
        return None
    place = place_of(locality)
    if place not in ctx.localities:
        found = attempt(
            row,
            lambda: stations.find_or_create_locality(ctx.session, locality),
            {"name": "locality"},
        )
        if found is None:
            return None
        ctx.localities[place] = found.id
        ctx.locality_kinds[place] = (
            found.kind,
            f"row {row.number}" if found.kind is locality.kind else None,
        )
    if row.text("locality_kind") and not _same_locality_kind(ctx, row, place, locality):
        return None
    return {"locality_id": ctx.localities[place]}


def _same_locality_kind(
    ctx: ImportContext, row: Row, place: tuple[str, str, str], locality: stations.LocalityFields
) -> bool:
    """The row's locality kind, written into the locality; False (a problem) when an
    earlier row gave the same locality another kind (a locality has one kind)."""
    kind, given_on = ctx.locality_kinds[place]
    if locality.kind is kind:
        ctx.locality_kinds[place] = (kind, given_on or f"row {row.number}")
        return True
    if given_on is not None:
        row.problem(
            "locality_kind",
            f"{given_on} makes {locality.name} a {kind.label.lower()}; a locality has one kind.",
        )
        return False
    locality_id = ctx.localities[place]
    if attempt(row, lambda: stations.update_locality(ctx.session, locality_id, locality)) is None:
        return False
    ctx.locality_kinds[place] = (locality.kind, f"row {row.number}")
    ctx.warnings.append(
        f"Stations row {row.number}: the locality {locality.name} is now a "
        f"{locality.kind.label.lower()} (it was a {kind.label.lower()})."
    )
    return True


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
    bulk=add_stations,
    prepare=add_localities,
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
    (
        *("code", "phase", "text", "answer_type", "choices", "negative_answer"),
        *("critical_answer", "required"),
    ),
    {},
    fold_key=code_key,
    bulk=add_questions,
)


def _visit_references(ctx: ImportContext, row: Row) -> dict[str, Any]:
    team = reference(
        ctx, row, "team", ctx.ids(Team.code, Team.id), sheet="Teams", what="team with code"
    )
    station = reference(
        ctx,
        row,
        "station",
        ctx.ids(PollingStation.code, PollingStation.id),
        sheet="Stations",
        what="station with code",
    )
    return {"team_id": team, "station_id": station}


def _visit_answers(ctx: ImportContext, row: Row, visit: Visit) -> bool:
    """Write the answers in the row's question columns; True when any changed."""
    questions = ctx.questions()
    columns = {
        questions[key].id: (questions[key].code, index)
        for key, index in row.sheet.extra.items()
        if key in questions
    }
    if not columns:
        return False
    stored = {
        question_id: (value, comment)
        for question_id, value, comment in ctx.session.execute(
            sa.select(Answer.question_id, Answer.value, Answer.comment).where(
                Answer.visit_id == visit.id
            )
        )
    }
    given: dict[int, tuple[str, str]] = {}
    for question_id, (_code, index) in columns.items():
        raw = row.extra_text(index)
        # The workbook has no comments: an answer given keeps the comment it had.
        given[question_id] = (raw, stored.get(question_id, ("", ""))[1] if raw else "")
    values = attempt(row, lambda: write_answers(ctx.session, visit.id, given))
    if values is None:
        return False
    before = {question_id: value for question_id, (value, _) in stored.items()}
    after = {**{q: v for q, v in before.items() if q not in given}, **values}
    return after != before


def _clear_emptied_answers(ctx: ImportContext, row: Row, visit: Visit) -> None:
    """Take back the stored answers whose question cells the row leaves empty."""
    questions = ctx.questions()
    emptied = {
        questions[key].id
        for key, index in row.sheet.extra.items()
        if key in questions and not row.extra_text(index)
    }
    if not emptied:
        return
    stored = ctx.session.scalars(
        sa.select(Answer.question_id).where(
            Answer.visit_id == visit.id, Answer.question_id.in_(emptied)
        )
    )
    clear = dict.fromkeys(stored, ("", ""))
    if clear:
        attempt(row, lambda: write_answers(ctx.session, visit.id, clear))


VISITS: Keyed[Visit, visits.VisitFields] = Keyed(
    sheets.VISITS,
    "id",
    "ref",
    Visit,
    lambda ref: visits.VisitFields(ref, None, None, None),
    visits.visit_fields,
    visits.create_visit,
    visits.update_visit,
    VISIT_COLUMNS,
    {"id": "ref"},
    _visit_references,
    {"ref": "id"},
    after=_visit_answers,
    bulk=add_visits,
    before=_clear_emptied_answers,
)
