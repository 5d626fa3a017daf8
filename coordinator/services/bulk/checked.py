"""Delegations, checklist questions, incidents and debrief notes in bulk, each checked by
its own service's check.

Those checks need nothing from the database but what a bulk call reads once (the names,
codes, visits or teams the mission holds), so the bulk path calls the very functions a
form's save calls: a bad row is refused in the words the form would use. What they let
through is stored as those services store it (`stored_*`) and inserted in chunks, with
executemany on a file and COPY on PostgreSQL, rather than as an ORM object and a
savepoint per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.models import (
    Base,
    ChecklistQuestion,
    DebriefNote,
    Delegation,
    Incident,
    Team,
    Visit,
)
from coordinator.services.bulk.batch import Insert, Problems, chunks, new_uuid, table_of
from coordinator.services.checklist import QuestionFields, check_question, code_key
from coordinator.services.debrief import DebriefFields, check_note, stored_note
from coordinator.services.delegations import (
    DelegationFields,
    check_delegation,
    stored_delegation,
)
from coordinator.services.errors import ValidationError
from coordinator.services.incidents import IncidentFields, check_incident, stored_incident
from coordinator.services.unit import unit_of_work

FieldsT = TypeVar("FieldsT")


def add_checked(
    session: Session,
    model: type[Base],
    what: str,
    rows: Iterable[FieldsT],
    stored: Callable[[FieldsT], dict[str, Any]],
) -> int:
    """Insert the rows as `stored(row)` gives their columns (it raises ValidationError for
    a row its service refuses); how many. Nothing is written when any row is refused:
    ValidationError names the rows (counted from 1) and fields, the first MAX_PROBLEMS."""
    problems = Problems(what)
    written = 0
    insert: Insert | None = None
    with unit_of_work(session):
        for first, chunk in chunks(rows):
            values = []
            for number, row in enumerate(chunk, first):
                try:
                    columns = stored(row)
                except ValidationError as error:
                    for problem in error.problems:
                        problems.add(number, problem.field, problem.message)
                    continue
                if insert is None:
                    insert = Insert(session, table_of(model), ("uuid", *columns))
                values.append((new_uuid(), *columns.values()))
            if problems.items:
                if problems.full:
                    break
                continue
            if insert is not None and values:
                insert(session, values)
                written += len(values)
        problems.raise_if_any()
    return written


def _ids(session: Session, column: Any) -> set[Any]:
    return set(session.scalars(sa.select(column)))


def add_delegations(session: Session, rows: Iterable[DelegationFields]) -> int:
    """Add delegations (names unique in the mission and among the rows); how many."""
    names = _ids(session, Delegation.name)

    def stored(fields: DelegationFields) -> dict[str, Any]:
        check_delegation(fields, names.__contains__)
        columns = stored_delegation(fields)
        names.add(columns["name"])  # a later row of the same name is refused
        return columns

    return add_checked(session, Delegation, "delegations", rows, stored)


def add_questions(session: Session, rows: Iterable[QuestionFields]) -> int:
    """Add checklist questions at the end of the checklist, in order; how many."""
    codes = {code_key(code): code for code in _ids(session, ChecklistQuestion.code)}
    last = session.scalar(sa.select(sa.func.max(ChecklistQuestion.position_in_list))) or 0

    def stored(fields: QuestionFields) -> dict[str, Any]:
        nonlocal last
        columns = check_question(fields, lambda code: codes.get(code_key(code)))
        codes[code_key(columns["code"])] = columns["code"]
        last += 1
        return {**columns, "position_in_list": last}

    return add_checked(session, ChecklistQuestion, "checklist questions", rows, stored)


def add_incidents(session: Session, rows: Iterable[IncidentFields]) -> int:
    """Add incidents to visits of the mission; how many."""
    visits = _ids(session, Visit.id)

    def stored(fields: IncidentFields) -> dict[str, Any]:
        check_incident(fields, visits.__contains__)
        return stored_incident(fields)

    return add_checked(session, Incident, "incidents", rows, stored)


def add_debrief_notes(session: Session, rows: Iterable[DebriefFields]) -> int:
    """Add debrief notes (a team's, or nobody's); how many."""
    teams = _ids(session, Team.id)

    def stored(fields: DebriefFields) -> dict[str, Any]:
        check_note(fields, teams.__contains__)
        return stored_note(fields)

    return add_checked(session, DebriefNote, "debrief notes", rows, stored)
