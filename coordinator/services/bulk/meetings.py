"""Meetings in bulk, with their interlocutors, key points and participants.

Each meeting is checked by the meetings service's own check and stored as it stores it;
the meetings go in first (executemany, or COPY on PostgreSQL), then their lists as rows
of their own, each pointing at its meeting by the id found again through the uuid this
call gave it (ids given to others meanwhile cannot mislead it).
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.models import Interlocutor, KeyPoint, Meeting, Member, meeting_participant
from coordinator.services.bulk.batch import (
    Insert,
    Problems,
    chunks,
    matching,
    new_uuid,
    table_of,
)
from coordinator.services.errors import ValidationError
from coordinator.services.meetings import (
    MeetingFields,
    check_meeting,
    stored_interlocutor,
    stored_key_point,
    stored_meeting,
)
from coordinator.services.unit import unit_of_work

_MEETING = tuple(stored_meeting(MeetingFields(None)))
_INTERLOCUTOR = ("meeting_id", "position_in_list", "name", "position", "institution")
_KEY_POINT = ("meeting_id", "position_in_list", "text", "for_statement")


def add_meetings(session: Session, rows: Iterable[MeetingFields]) -> int:
    """Add meetings with their lists; how many. Nothing is written when any is refused:
    ValidationError names the rows (counted from 1) and fields, the first MAX_PROBLEMS."""
    problems = Problems("meetings")
    table = table_of(Meeting)
    written = 0
    with unit_of_work(session):
        members = set(session.scalars(sa.select(Member.id)))
        meetings = Insert(session, table, ("uuid", *_MEETING))
        interlocutors = Insert(session, table_of(Interlocutor), ("uuid", *_INTERLOCUTOR))
        key_points = Insert(session, table_of(KeyPoint), ("uuid", *_KEY_POINT))
        participants = Insert(session, meeting_participant, ("meeting_id", "member_id"))
        for first, chunk in chunks(rows):
            values = []
            for number, fields in enumerate(chunk, first):
                try:
                    check_meeting(fields, members.__contains__)
                except ValidationError as error:
                    for problem in error.problems:
                        problems.add(number, problem.field, problem.message)
                    continue
                values.append((new_uuid(), *stored_meeting(fields).values()))
            if problems.items:
                if problems.full:
                    break
                continue
            meetings(session, values)
            ids = _ids_of(session, table, [row[0] for row in values])
            people, points, present = [], [], []
            for row, fields in zip(values, chunk, strict=True):
                meeting_id = ids[row[0]]
                people += [
                    (new_uuid(), meeting_id, index, *stored_interlocutor(person).values())
                    for index, person in enumerate(fields.interlocutors)
                ]
                points += [
                    (new_uuid(), meeting_id, index, *stored_key_point(point).values())
                    for index, point in enumerate(fields.key_points)
                ]
                present += [(meeting_id, member) for member in sorted(set(fields.participant_ids))]
            for insert, lists in ((interlocutors, people), (key_points, points)):
                if lists:
                    insert(session, lists)
            if present:
                participants(session, present)
            written += len(values)
        problems.raise_if_any()
    return written


def _ids_of(session: Session, table: sa.Table, uuids: list[str]) -> dict[str, int]:
    """The ids the rows of these uuids (hex, as they were written) were given."""
    column = table.c.uuid
    found: dict[str, int] = {}
    for condition in matching(column, [uuid_module.UUID(uuid) for uuid in uuids]):
        select = sa.select(column, table.c.id).where(condition)
        found.update((uuid.hex, record_id) for uuid, record_id in session.execute(select))
    return found
