"""The meeting log: who the mission met, when and where, and the key points it learnt.

A meeting has one or more interlocutors (in the order the coordinator lists them),
mission members who took part, a summary, and key points; the points flagged "for the
statement" are what the statement reports from the pre-election meetings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import ScalarResult
from sqlalchemy.orm import QueryableAttribute, Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from coordinator.db.enums import MeetingKind
from coordinator.db.models import Interlocutor, KeyPoint, Meeting, Member
from coordinator.db.text import search_key
from coordinator.services.errors import NotFoundError
from coordinator.services.paging import Column, Page, PageRequest, contains_all, fetch_page
from coordinator.services.unit import Problems, clean, format_date, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of


@dataclass(frozen=True)
class InterlocutorFields:
    name: str
    position: str = ""
    institution: str = ""


@dataclass(frozen=True)
class KeyPointFields:
    text: str
    for_statement: bool = False


@dataclass(frozen=True)
class MeetingFields:
    """What a coordinator types for a meeting; lists keep the order they are given in."""

    date: dt.date | None
    start: dt.time | None = None
    end: dt.time | None = None
    location: str = ""
    kind: MeetingKind = MeetingKind.MEETING
    summary: str = ""
    interlocutors: tuple[InterlocutorFields, ...] = ()
    key_points: tuple[KeyPointFields, ...] = ()
    participant_ids: tuple[int, ...] = ()
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as the meetings list shows it: its first interlocutor stands for all."""

    id: int
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    kind: MeetingKind
    location: str
    interlocutor: str
    institution: str
    key_points: int
    for_statement: int


def meeting_key(fields: MeetingFields) -> str:
    """The meeting's search key, built as migration 0002 builds it for older files."""
    people = " ".join(
        f"{clean(i.name)} {clean(i.position)} {clean(i.institution)}" for i in fields.interlocutors
    )
    return search_key(clean(fields.location), clean(fields.summary), people or None)


def _minutes(time: dt.time | None) -> dt.time | None:
    # Times are kept to the minute ("HH:MM"); seconds would be lost on the way anyway.
    return None if time is None else time.replace(second=0, microsecond=0, tzinfo=None)


def _check_meeting(session: Session, fields: MeetingFields) -> None:
    wanted = set(fields.participant_ids)
    found = (
        set(session.scalars(sa.select(Member.id).where(Member.id.in_(wanted)))) if wanted else set()
    )
    check_meeting(fields, found.__contains__)


def check_meeting(fields: MeetingFields, is_member: Callable[[int], bool]) -> None:
    """Refuse (ValidationError) a meeting a form could not save; `is_member(id)`: whether
    the mission holds that member (a form asks the database, a bulk import what it read)."""
    problems = Problems(
        f"The meeting of {format_date(fields.date)}" if fields.date else "The meeting"
    )
    problems.require("date", fields.date, "Date")
    start, end = _minutes(fields.start), _minutes(fields.end)
    if start is not None and end is not None and end <= start:
        problems.add(
            "end", f"The meeting must end after it starts ({start:%H:%M}); it ends at {end:%H:%M}."
        )
    if not fields.interlocutors:
        problems.add("interlocutors", "Name at least one interlocutor.")
    for number, person in enumerate(fields.interlocutors, start=1):
        if not clean(person.name):
            problems.add("interlocutors", f"Interlocutor {number} has no name.")
    for number, point in enumerate(fields.key_points, start=1):
        if not clean(point.text):
            problems.add("key_points", f"Key point {number} has no text; write it or remove it.")
    for missing in sorted(set(fields.participant_ids)):
        if not is_member(missing):
            problems.add(
                "participants", f"Participant #{missing} is no longer a member of the mission."
            )
    problems.raise_if_any()


def stored_meeting(fields: MeetingFields) -> dict[str, Any]:
    """The meeting's own columns as stored, by name (its lists are rows of their own)."""
    return {
        "date": fields.date,
        "start": _minutes(fields.start),
        "end": _minutes(fields.end),
        "location": clean(fields.location),
        "kind": fields.kind,
        "summary": clean(fields.summary),
        "search_key": meeting_key(fields),
    }


def stored_interlocutor(person: InterlocutorFields) -> dict[str, Any]:
    return {
        "name": clean(person.name),
        "position": clean(person.position),
        "institution": clean(person.institution),
    }


def stored_key_point(point: KeyPointFields) -> dict[str, Any]:
    return {"text": clean(point.text), "for_statement": point.for_statement}


def _apply_meeting(session: Session, meeting: Meeting, fields: MeetingFields) -> None:
    assert fields.date is not None  # checked first
    for name, value in stored_meeting(fields).items():
        setattr(meeting, name, value)
    # Rows are reused by position rather than replaced, so that saving a meeting again
    # (or importing the same workbook twice) keeps each interlocutor's and point's uuid.
    interlocutors = list(meeting.interlocutors[: len(fields.interlocutors)])
    interlocutors += [Interlocutor() for _ in fields.interlocutors[len(interlocutors) :]]
    for index, (person, given) in enumerate(zip(interlocutors, fields.interlocutors, strict=True)):
        person.position_in_list = index
        for name, value in stored_interlocutor(given).items():
            setattr(person, name, value)
    meeting.interlocutors = interlocutors
    points = list(meeting.key_points[: len(fields.key_points)])
    points += [KeyPoint() for _ in fields.key_points[len(points) :]]
    for index, (point, given_point) in enumerate(zip(points, fields.key_points, strict=True)):
        point.position_in_list = index
        for name, value in stored_key_point(given_point).items():
            setattr(point, name, value)
    meeting.key_points = points
    ids = set(fields.participant_ids)
    meeting.participants = (
        list(
            session.scalars(sa.select(Member).where(Member.id.in_(ids)).order_by(Member.full_name))
        )
        if ids
        else []
    )


# A meeting's lists, loaded with it in one query each: interlocutors, points, participants.
WITH_LISTS = (
    selectinload(Meeting.interlocutors),
    selectinload(Meeting.key_points),
    selectinload(Meeting.participants),
)


def meetings_with_lists(session: Session) -> ScalarResult[Meeting]:
    """Every meeting with its lists loaded, by date and start (the workbook's order)."""
    return session.scalars(
        sa.select(Meeting).options(*WITH_LISTS).order_by(Meeting.date, Meeting.start, Meeting.id)
    )


def _load_meeting(session: Session, meeting_id: int) -> Meeting:
    """The meeting with its lists loaded, so a form can read them after the transaction."""
    meeting = session.scalar(
        sa.select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(*WITH_LISTS)
        # Refresh what this session loaded before: deleting a member, for one, removes
        # them from meetings inside the database only.
        .execution_options(populate_existing=True)
    )
    if meeting is None:
        raise NotFoundError(f"The meeting (#{meeting_id}) is no longer in this mission.")
    return meeting


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    """One meeting with its interlocutors, key points and participants, for editing."""
    with unit_of_work(session):
        return _load_meeting(session, meeting_id)


def create_meeting(session: Session, fields: MeetingFields) -> Meeting:
    with unit_of_work(session):
        _check_meeting(session, fields)
        meeting = Meeting(interlocutors=[], key_points=[], participants=[])
        _apply_meeting(session, meeting, fields)
        session.add(meeting)
    return meeting


def update_meeting(
    session: Session, meeting_id: int, fields: MeetingFields, *, read: MeetingFields | None = None
) -> Meeting:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        meeting = _load_meeting(session, meeting_id)
        refuse_if_changed(meeting, version_of(read), read=read, now=lambda: meeting_fields(meeting))
        _check_meeting(session, fields)
        before = meeting_fields(meeting)
        _apply_meeting(session, meeting, fields)
        if meeting_fields(meeting) != before:
            # Its interlocutors, key points and participants are part of the meeting: a
            # save counts on the meeting's version even when only they changed.
            flag_modified(meeting, "summary")
    return meeting


def meeting_delete_impact(session: Session, meeting_id: int) -> dict[str, int]:
    """What goes with the meeting: {"key_points": 3, "for_statement": 1}."""
    with unit_of_work(session):
        row = session.execute(
            sa.select(
                sa.func.count(KeyPoint.id),
                sa.func.count(KeyPoint.id).filter(KeyPoint.for_statement.is_(True)),
            ).where(KeyPoint.meeting_id == meeting_id)
        ).one()
    return {"key_points": int(row[0]), "for_statement": int(row[1])}


def delete_meeting(
    session: Session, meeting_id: int, *, expected_version: int | None = None
) -> None:
    """Delete the meeting with its interlocutors and key points (members stay)."""
    with unit_of_work(session):
        record = get(session, Meeting, meeting_id, "meeting")
        refuse_if_changed(record, expected_version, since="you chose to delete it")
        session.delete(record)


def set_key_point_for_statement(session: Session, key_point_id: int, flag: bool) -> KeyPoint:
    """Flag or unflag one key point for the statement without opening its meeting."""
    with unit_of_work(session):
        point = get(session, KeyPoint, key_point_id, "key point")
        point.for_statement = flag
    return point


def meeting_fields(meeting: Meeting) -> MeetingFields:
    """A meeting loaded by `get_meeting` as its form shows it."""
    return MeetingFields(
        date=meeting.date,
        start=meeting.start,
        end=meeting.end,
        location=meeting.location,
        kind=meeting.kind,
        summary=meeting.summary,
        interlocutors=tuple(
            InterlocutorFields(i.name, i.position, i.institution) for i in meeting.interlocutors
        ),
        key_points=tuple(KeyPointFields(p.text, p.for_statement) for p in meeting.key_points),
        participant_ids=tuple(m.id for m in meeting.participants),
        version=meeting.version,
    )


def _first_interlocutor(column: QueryableAttribute[str]) -> sa.ScalarSelect[str]:
    return (
        sa.select(column)
        .where(Interlocutor.meeting_id == Meeting.id)
        .order_by(Interlocutor.position_in_list, Interlocutor.id)
        .limit(1)
        .correlate(Meeting)
        .scalar_subquery()
    )


def _count_points(*conditions: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.count(KeyPoint.id))
        .where(KeyPoint.meeting_id == Meeting.id, *conditions)
        .correlate(Meeting)
        .scalar_subquery()
    )


FIRST_NAME = _first_interlocutor(Interlocutor.name)
FIRST_INSTITUTION = _first_interlocutor(Interlocutor.institution)
KEY_POINTS = _count_points()
FLAGGED_POINTS = _count_points(KeyPoint.for_statement.is_(True))
# Meetings of one day in the order they took place: the day's text, then the start time
# (ISO text sorts like the values; a meeting with no time comes first on its day).
WHEN = sa.cast(Meeting.date, sa.String) + sa.func.coalesce(sa.cast(Meeting.start, sa.String), "")

MEETING_SORTS: dict[str, Column] = {
    "date": WHEN,
    "kind": Meeting.kind,
    "location": Meeting.location,
    "interlocutor": FIRST_NAME,
    "institution": FIRST_INSTITUTION,
    "key_points": KEY_POINTS,
    "for_statement": FLAGGED_POINTS,
}


def list_meetings(session: Session, request: PageRequest) -> Page[MeetingRow]:
    """A page of meetings; `filters` may hold "kind", "date_from" and "date_to" (inclusive)."""
    select = sa.select(
        Meeting.id,
        Meeting.date,
        Meeting.start,
        Meeting.end,
        Meeting.kind,
        Meeting.location,
        sa.func.coalesce(FIRST_NAME, ""),
        sa.func.coalesce(FIRST_INSTITUTION, ""),
        KEY_POINTS,
        FLAGGED_POINTS,
    )
    condition = contains_all([Meeting.search_key], request.search)
    if condition is not None:
        select = select.where(condition)
    kind = request.filters.get("kind")
    if isinstance(kind, str) and kind:
        select = select.where(Meeting.kind == MeetingKind.parse(kind))
    date_from = request.filters.get("date_from")
    if isinstance(date_from, dt.date):
        select = select.where(Meeting.date >= date_from)
    date_to = request.filters.get("date_to")
    if isinstance(date_to, dt.date):
        select = select.where(Meeting.date <= date_to)
    with unit_of_work(session):
        return fetch_page(
            session,
            select,
            request,
            sort_columns=MEETING_SORTS,
            default_sort="date",
            id_column=Meeting.id,
            make_row=lambda row: MeetingRow(*row),
        )


def statement_key_points(session: Session) -> list[tuple[Meeting, KeyPoint]]:
    """The key points flagged for the statement, in the order the meetings took place.

    Each meeting comes with its interlocutors loaded, so the statement can name them.
    Works on its own or inside another service's unit of work.
    """
    select = (
        sa.select(Meeting, KeyPoint)
        .join(KeyPoint, KeyPoint.meeting_id == Meeting.id)
        .where(KeyPoint.for_statement.is_(True))
        .options(selectinload(Meeting.interlocutors))
        .execution_options(populate_existing=True)
        .order_by(
            Meeting.date,
            Meeting.start.asc().nulls_first(),
            Meeting.id,
            KeyPoint.position_in_list,
            KeyPoint.id,
        )
    )
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        return [(meeting, point) for meeting, point in session.execute(select)]
