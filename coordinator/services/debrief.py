"""Debrief notes: what teams and people reported after election day, and which go into
the statement.

A note belongs to a team when a team reported it (and keeps its text when that team is
later deleted); otherwise its author says who spoke. Notes flagged "for the statement"
are what the statement's findings draw on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from coordinator.db.models import DebriefNote, Team
from coordinator.db.text import search_key
from coordinator.services.paging import Column, Page, PageRequest, contains_all, fetch_page
from coordinator.services.unit import Problems, clean, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of


@dataclass(frozen=True)
class DebriefFields:
    """What a coordinator types for a debrief note; the date and the text are required."""

    date: dt.date | None
    team_id: int | None = None
    author: str = ""
    topic: str = ""
    text: str = ""
    for_statement: bool = False
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class DebriefRow:
    """A note as the debrief list shows it; `team` is the team's code or ""."""

    id: int
    date: dt.date
    team: str
    author: str
    topic: str
    text: str
    for_statement: bool


def debrief_key(fields: DebriefFields) -> str:
    return search_key(clean(fields.author), clean(fields.topic), clean(fields.text))


def check_note(fields: DebriefFields, has_team: Callable[[int], bool]) -> None:
    """Refuse (ValidationError) a note a form could not save; `has_team(id)`: whether the
    mission holds that team (a form asks the database, a bulk import what it read once)."""
    topic = clean(fields.topic)
    problems = Problems(f"Debrief note '{topic}'" if topic else "The debrief note")
    problems.require("date", fields.date, "Date")
    problems.require("text", clean(fields.text), "Text")
    if fields.team_id is not None and not has_team(fields.team_id):
        problems.add("team", "This team is no longer in the mission.")
    problems.raise_if_any()


def stored_note(fields: DebriefFields) -> dict[str, Any]:
    """The note's columns as they are stored, by name (checked first: the date is there)."""
    return {
        "date": fields.date,
        "team_id": fields.team_id,
        "author": clean(fields.author),
        "topic": clean(fields.topic),
        "text": clean(fields.text),
        "for_statement": fields.for_statement,
        "search_key": debrief_key(fields),
    }


def _check_note(session: Session, fields: DebriefFields) -> None:
    check_note(fields, lambda team_id: session.get(Team, team_id) is not None)


def _apply_note(note: DebriefNote, fields: DebriefFields) -> None:
    for name, value in stored_note(fields).items():
        setattr(note, name, value)


def create_debrief_note(session: Session, fields: DebriefFields) -> DebriefNote:
    with unit_of_work(session):
        _check_note(session, fields)
        note = DebriefNote()
        _apply_note(note, fields)
        session.add(note)
    return note


def update_debrief_note(
    session: Session, note_id: int, fields: DebriefFields, *, read: DebriefFields | None = None
) -> DebriefNote:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        note = get(session, DebriefNote, note_id, "debrief note")
        refuse_if_changed(note, version_of(read), read=read, now=lambda: debrief_fields(note))
        _check_note(session, fields)
        _apply_note(note, fields)
    return note


def delete_debrief_note(
    session: Session, note_id: int, *, expected_version: int | None = None
) -> None:
    with unit_of_work(session):
        record = get(session, DebriefNote, note_id, "debrief note")
        refuse_if_changed(record, expected_version, since="you chose to delete it")
        session.delete(record)


def set_debrief_note_for_statement(session: Session, note_id: int, flag: bool) -> DebriefNote:
    """Flag or unflag a note for the statement straight from the list."""
    with unit_of_work(session):
        note = get(session, DebriefNote, note_id, "debrief note")
        note.for_statement = flag
    return note


def debrief_fields(note: DebriefNote) -> DebriefFields:
    return DebriefFields(
        date=note.date,
        team_id=note.team_id,
        author=note.author,
        topic=note.topic,
        text=note.text,
        for_statement=note.for_statement,
        version=note.version,
    )


DEBRIEF_SORTS: dict[str, Column] = {
    "date": DebriefNote.date,
    "team": sa.func.coalesce(Team.code, ""),
    "author": DebriefNote.author,
    "topic": DebriefNote.topic,
    "for_statement": DebriefNote.for_statement,
}


def list_debrief_notes(session: Session, request: PageRequest) -> Page[DebriefRow]:
    """A page of notes; `filters` may hold "team_id", "date" and "for_statement"."""
    select = sa.select(
        DebriefNote.id,
        DebriefNote.date,
        sa.func.coalesce(Team.code, ""),
        DebriefNote.author,
        DebriefNote.topic,
        DebriefNote.text,
        DebriefNote.for_statement,
    ).outerjoin(Team, DebriefNote.team_id == Team.id)
    condition = contains_all([DebriefNote.search_key], request.search)
    if condition is not None:
        select = select.where(condition)
    team_id = request.filters.get("team_id")
    if isinstance(team_id, int) and not isinstance(team_id, bool):
        select = select.where(DebriefNote.team_id == team_id)
    day = request.filters.get("date")
    if isinstance(day, dt.date):
        select = select.where(DebriefNote.date == day)
    flagged = request.filters.get("for_statement")
    if isinstance(flagged, bool):
        select = select.where(DebriefNote.for_statement.is_(flagged))
    with unit_of_work(session):
        return fetch_page(
            session,
            select,
            request,
            sort_columns=DEBRIEF_SORTS,
            default_sort="date",
            id_column=DebriefNote.id,
            make_row=lambda row: DebriefRow(*row),
        )


def statement_debrief_notes(session: Session) -> list[DebriefNote]:
    """The notes flagged for the statement, oldest first, each with its team loaded.

    Works on its own or inside another service's unit of work.
    """
    select = (
        sa.select(DebriefNote)
        .where(DebriefNote.for_statement.is_(True))
        .options(joinedload(DebriefNote.team))
        # A deleted team leaves its notes inside the database only; read them afresh.
        .execution_options(populate_existing=True)
        .order_by(DebriefNote.date, DebriefNote.id)
    )
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        return list(session.scalars(select))


def read_debrief_note(session: Session, note_id: int) -> DebriefFields:
    """The note #note_id as its form edits it; NotFoundError if it is no longer there."""
    with unit_of_work(session):
        return debrief_fields(get(session, DebriefNote, note_id, "debrief note"))
