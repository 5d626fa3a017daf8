"""Importing the Meetings sheet: each meeting with its interlocutors, key points and the
mission's members who took part.

Rows match an existing meeting by its date and first interlocutor (and its start, for two
with one person on one day), so that importing the same workbook twice adds nothing; a
big sheet's new meetings go in bulk.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from coordinator.db.models import Meeting, Member
from coordinator.exchange import sheets
from coordinator.exchange.bulk_rows import BULK_ROWS, add_meetings, write_new
from coordinator.exchange.cells import parse_yes_no
from coordinator.exchange.context import (
    ImportContext,
    SheetCount,
    attempt,
    fill,
    first_of_key,
)
from coordinator.exchange.rows import Row, SheetData
from coordinator.services import meetings
from coordinator.services.unit import clean


def _key_points(row: Row) -> tuple[meetings.KeyPointFields, ...]:
    """The key points, one per line, each flagged as `for_statement` says.

    Numbers (1;3) flag those key points; otherwise yes flags them all and no none.
    """
    points = [clean(line) for line in row.text("key_points").splitlines() if clean(line)]
    flag = row.text("for_statement")
    flagged: set[int] = set()
    if re.fullmatch(r"[\d\s;,]+", flag):
        flagged = {int(part) for part in re.split(r"[\s;,]+", flag) if part}
        if beyond := sorted(n for n in flagged if not 1 <= n <= len(points)):
            row.problem(
                "for_statement",
                f"'{flag}': there is no key point {beyond[0]} (the meeting has {len(points)}).",
            )
    elif flag:
        try:
            if parse_yes_no(flag):
                flagged = set(range(1, len(points) + 1))
        except ValueError:
            row.problem(
                "for_statement", f"'{flag}' is not yes, no or the numbers of key points (1;3)."
            )
    return tuple(
        meetings.KeyPointFields(text, number in flagged)
        for number, text in enumerate(points, start=1)
    )


def _aligned(text: str) -> list[str]:
    """A list whose items line up with the interlocutors: empty items are kept."""
    if not clean(text):
        return []
    return [clean(item) for item in text.split("\n" if "\n" in text else ";")]


def _meeting_fields(ctx: ImportContext, row: Row) -> meetings.MeetingFields | None:
    names: list[str] = row.value("interlocutor")
    positions = _aligned(row.untrimmed_text("interlocutor_position"))
    institutions = _aligned(row.untrimmed_text("institution"))
    people = tuple(
        meetings.InterlocutorFields(
            name,
            positions[i] if i < len(positions) else "",
            institutions[i] if i < len(institutions) else "",
        )
        for i, name in enumerate(names)
    )
    members = ctx.ids(Member.full_name, Member.id)
    participants = []
    for name in row.value("participants"):
        if name in members:
            participants.append(members[name])
        elif not ctx.has_failed(sheets.MEMBERS.name, name):
            row.problem("participants", f"no member named {name}.")
    base = meetings.MeetingFields(None)
    fields = fill(row, base, ("date", "start", "end", "location", "kind", "summary"))
    fields = dataclasses.replace(
        fields,
        interlocutors=people,
        key_points=_key_points(row),
        participant_ids=tuple(participants),
    )
    return None if row.failed else fields


def _meeting_state(meeting: Meeting) -> tuple[Any, ...]:
    return (
        meetings.meeting_fields(meeting),
        tuple(sorted(m.id for m in meeting.participants)),
    )


def write_meetings(ctx: ImportContext, data: SheetData) -> None:
    """Meetings match by their key, the date and the (first) interlocutor.

    Two meetings with one interlocutor on one day (the commission's chair, morning and
    afternoon) are told apart by their start: rows first take the meeting with their key
    and start, then the rows left take the meetings left with their key, in order of
    start (a row that changes a meeting's start still updates it).
    """
    session = ctx.session
    count = ctx.count(sheets.MEETINGS.name)
    existing: dict[tuple[Any, str], list[Meeting]] = {}
    for meeting in meetings.meetings_with_lists(session):
        if meeting.interlocutors:
            key = (meeting.date, meeting.interlocutors[0].name)
            existing.setdefault(key, []).append(meeting)
    seen: dict[str, int] = {}
    rows: list[tuple[Row, meetings.MeetingFields]] = []
    for row in data.rows(ctx.problems):
        fields = _meeting_fields(ctx, row)
        if fields is None or not fields.interlocutors:
            continue
        start = f" {fields.start:%H:%M}" if fields.start is not None else ""
        name = f"{fields.date}{start} {fields.interlocutors[0].name}"
        if first_of_key(row, name, seen, "interlocutor"):
            rows.append((row, fields))
    records: list[Meeting | None] = []
    for _row, fields in rows:  # the same key and start
        left = existing.get((fields.date, fields.interlocutors[0].name), [])
        record = next((m for m in left if m.start == fields.start), None)
        if record is not None:
            left.remove(record)
        records.append(record)
    for number, (_row, fields) in enumerate(rows):  # the same key, the first left
        left = existing.get((fields.date, fields.interlocutors[0].name), [])
        if records[number] is None and left:
            records[number] = left.pop(0)
    new: list[tuple[Row, meetings.MeetingFields]] = []
    big = len(data.raw.rows) >= BULK_ROWS
    for (row, fields), record in zip(rows, records, strict=True):
        if big and record is None:
            new.append((row, fields))
        else:
            _save_meeting(ctx, count, row, record, fields)
    write_new(ctx, count, new, add_meetings, meetings.create_meeting, columns=_MEETING_COLUMNS)


# The service's field of the interlocutors is the sheet's interlocutor column.
_MEETING_COLUMNS = {"interlocutors": "interlocutor"}


def _save_meeting(
    ctx: ImportContext,
    count: SheetCount,
    row: Row,
    record: Meeting | None,
    fields: meetings.MeetingFields,
) -> None:
    session = ctx.session
    columns = _MEETING_COLUMNS
    if record is None:
        if attempt(row, lambda: meetings.create_meeting(session, fields), columns) is not None:
            count.new += 1
        return
    before = _meeting_state(record)
    saved = attempt(row, lambda: meetings.update_meeting(session, record.id, fields), columns)
    if saved is None:
        return
    if _meeting_state(meetings.get_meeting(session, saved.id)) == before:
        count.unchanged += 1
    else:
        count.updated += 1
