"""Importing the sheets that are not one record per key: the mission, team membership,
incidents and debrief notes (meetings: meeting_rows.py; the statement: statement_rows.py).

Rows without a single key match an existing record by the columns in brackets in the
format (a meeting by its date and first interlocutor, an incident by its visit, time,
category and description), so that importing the same workbook twice adds nothing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from coordinator.db.enums import IncidentCategory
from coordinator.db.models import DebriefNote, Incident, Member, Team, Visit
from coordinator.exchange import sheets
from coordinator.exchange.bulk_rows import (
    BULK_ROWS,
    add_debrief_notes,
    add_incidents,
    write_new,
)
from coordinator.exchange.context import (
    ImportContext,
    fill,
    repeated,
    save,
)
from coordinator.exchange.keyed import reference
from coordinator.exchange.rows import Row, SheetData
from coordinator.services import (
    debrief,
    incidents,
    mission,
    statement_languages,
)
from coordinator.services.bulk import move_members


def write_mission(ctx: ImportContext, data: SheetData) -> None:
    count = ctx.count(sheets.MISSION.name)
    rows = data.rows(ctx.problems)
    if not rows:
        return
    for extra in rows[1:]:
        extra.problem(None, "the Mission sheet has one row; this one is one too many.")
    row = rows[0]
    existing = mission.get_mission(ctx.session)
    base = (
        mission.mission_fields(existing)
        if existing is not None
        else mission.MissionFields("", "", "", "", None)
    )
    # The statement's other languages are not a field of the mission's form.
    names = [c.name for c in sheets.MISSION.columns if c.name != "statement_languages"]
    fields = fill(row, base, names)
    if not row.failed:
        save(
            ctx,
            count,
            row,
            record=existing,
            create=_save_mission,
            update=_save_mission,
            fields=fields,
        )
    if row.has("statement_languages") and not ctx.problems.items:
        languages = [str(code) for code in row.value("statement_languages") or []]
        if languages != statement_languages.statement_languages(ctx.session)[1:]:
            statement_languages.set_statement_languages(ctx.session, languages)


def _save_mission(session: Any, *args: Any) -> Any:
    return mission.save_mission(session, args[-1])


def write_team_members(
    ctx: ImportContext, data: SheetData, members_sheet: SheetData | None
) -> None:
    """Make each team's members those its `members` cell names (cells left empty: unchanged).

    Run after the Members sheet; a person the Members sheet puts in another team is a
    problem rather than a silent choice between the two.
    """
    if not data.has("members"):
        return
    names = ctx.ids(Member.full_name, Member.id)
    codes = ctx.ids(Team.code, Team.id)
    in_members_sheet: dict[str, str] = {}
    if members_sheet is not None and members_sheet.has("team"):
        for member_row in members_sheet.raw.rows:
            row = Row(members_sheet, member_row[0], member_row[1], ctx.problems)
            in_members_sheet[row.text("full_name")] = row.text("team")
    by_team: dict[str, list[str]] = {}  # the people the Members sheet puts in each team
    for person, team in in_members_sheet.items():
        by_team.setdefault(team, []).append(person)
    listed: dict[str, tuple[str, int]] = {}
    wanted: dict[str, list[int]] = {}  # each team's members by its code, from its cell
    for row in data.rows(ctx.problems):
        code = row.text("code")
        people = row.value("members")
        if not people or code not in codes:
            continue
        ids = []
        for name in people:
            if name in listed:
                other, number = listed[name]
                row.problem("members", f"{name} is also in team {other} (row {number}).")
            elif name in in_members_sheet and in_members_sheet[name] not in ("", code):
                row.problem(
                    "members",
                    f"{name} is in team {in_members_sheet[name]} on the Members sheet.",
                )
            elif name not in names:
                if not ctx.has_failed(sheets.MEMBERS.name, name):
                    row.problem("members", f"no member named {name}.")
            else:
                listed[name] = (code, row.number)
                ids.append(names[name])
        for person in by_team.get(code, ()):
            if person not in people:
                row.problem(
                    "members",
                    f"{person} is in team {code} on the Members sheet, but not in this list.",
                )
        if not row.failed:
            wanted[code] = ids
    if not ctx.problems.items:  # an import with problems writes nothing
        _move_members(ctx, {codes[code]: (code, ids) for code, ids in wanted.items()})


def _move_members(ctx: ImportContext, wanted: dict[int, tuple[str, list[int]]]) -> None:
    """Make each team's members those listed (others leave it), all in one statement; a
    team the Teams sheet left unchanged whose members change is counted updated."""
    session = ctx.session
    current: dict[int, int] = {
        member_id: team_id
        for member_id, team_id in session.execute(
            sa.select(Member.id, Member.team_id).where(Member.team_id.is_not(None))
        )
        if team_id is not None
    }
    before: dict[int, set[int]] = {}  # each team's members now
    for member_id, team_id in current.items():
        before.setdefault(team_id, set()).add(member_id)
    moves: dict[int, int | None] = {}
    for team_id, (_code, ids) in wanted.items():
        for member_id in before.get(team_id, set()).difference(ids):
            moves.setdefault(member_id, None)  # unless another team takes them
        moves.update((member_id, team_id) for member_id in ids)
    move_members(
        session,
        {member_id: team for member_id, team in moves.items() if current.get(member_id) != team},
    )
    count = next(c for c in ctx.counts if c.sheet == sheets.TEAMS.name)
    unchanged = ctx.unchanged.get(sheets.TEAMS.name, set())
    for team_id, (code, ids) in wanted.items():
        if before.get(team_id, set()) != set(ids) and code in unchanged:
            count.unchanged -= 1
            count.updated += 1


# --- incidents, debrief -------------------------------------------------------------


def write_incidents(ctx: ImportContext, data: SheetData) -> None:
    session = ctx.session
    count = ctx.count(sheets.INCIDENTS.name)
    existing = {
        (i.visit_id, i.time, i.category, i.description): i
        for i in session.scalars(sa.select(Incident))
    }
    refs = ctx.ids(Visit.ref, Visit.id)
    seen: dict[tuple[Any, ...], int] = {}
    new: list[tuple[Row, incidents.IncidentFields]] = []
    big = len(data.raw.rows) >= BULK_ROWS
    for row in data.rows(ctx.problems):
        visit_id = reference(
            ctx, row, "visit", refs, sheet=sheets.VISITS.name, what="visit with id"
        )
        base = incidents.IncidentFields(visit_id, None, IncidentCategory.OTHER)
        fields = fill(row, base, ("time", "category", "severity", "observed", "description"))
        if row.failed or visit_id is None:
            continue
        key = (visit_id, fields.time, fields.category, fields.description)
        if repeated(row, key, seen):
            continue
        if big and key not in existing:
            new.append((row, fields))
            continue
        save(
            ctx,
            count,
            row,
            record=existing.get(key),
            create=incidents.create_incident,
            update=incidents.update_incident,
            fields=fields,
        )
    write_new(ctx, count, new, add_incidents, incidents.create_incident)


def write_debrief(ctx: ImportContext, data: SheetData) -> None:
    session = ctx.session
    count = ctx.count(sheets.DEBRIEF.name)
    existing: dict[tuple[Any, ...], DebriefNote] = {
        (n.date, n.team_id, n.author, n.topic, n.text): n
        for n in session.scalars(sa.select(DebriefNote))
    }
    codes = ctx.ids(Team.code, Team.id)
    seen: dict[tuple[Any, ...], int] = {}
    new: list[tuple[Row, debrief.DebriefFields]] = []
    big = len(data.raw.rows) >= BULK_ROWS
    for row in data.rows(ctx.problems):
        team_id = reference(ctx, row, "team", codes, sheet=sheets.TEAMS.name, what="team with code")
        base = debrief.DebriefFields(None, team_id)
        fields = fill(row, base, ("date", "author", "topic", "text", "for_statement"))
        if row.failed:
            continue
        key = (fields.date, team_id, fields.author, fields.topic, fields.text)
        if repeated(row, key, seen):
            continue
        if big and key not in existing:
            new.append((row, fields))
            continue
        save(
            ctx,
            count,
            row,
            record=existing.get(key),
            create=debrief.create_debrief_note,
            update=debrief.update_debrief_note,
            fields=fields,
        )
    write_new(ctx, count, new, add_debrief_notes, debrief.create_debrief_note)
