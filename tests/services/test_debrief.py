"""Debrief notes through the services, on a real mission file."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.models import DebriefNote, Team
from coordinator.db.text import search_key
from coordinator.services.debrief import (
    DebriefFields,
    create_debrief_note,
    debrief_fields,
    delete_debrief_note,
    list_debrief_notes,
    set_debrief_note_for_statement,
    statement_debrief_notes,
    update_debrief_note,
)
from coordinator.services.errors import NotFoundError, ValidationError
from coordinator.services.paging import PageRequest
from coordinator.services.unit import unit_of_work
from tests.conftest import ELECTION_DAY

DAY_AFTER = ELECTION_DAY + dt.timedelta(days=1)


def add_teams(session: Session, *codes: str) -> list[int]:
    with unit_of_work(session):
        teams = [Team(code=code) for code in codes]
        session.add_all(teams)
    return [t.id for t in teams]


def note_count(session: Session) -> int:
    with unit_of_work(session):
        return int(session.scalar(sa.select(sa.func.count()).select_from(DebriefNote)) or 0)


def test_note_is_saved_with_its_text_trimmed(session: Session) -> None:
    [team] = add_teams(session, "T01")
    fields = DebriefFields(
        ELECTION_DAY, team, author=" Aida M. ", topic="Opening", text=" All in order.\n"
    )
    created = create_debrief_note(session, fields)
    assert debrief_fields(created) == DebriefFields(
        ELECTION_DAY, team, author="Aida M.", topic="Opening", text="All in order."
    )


def test_date_text_and_team_are_checked_together(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_debrief_note(session, DebriefFields(None, team_id=99, text=" \u00a0"))
    assert {p.field: p.message for p in raised.value.problems} == {
        "date": "Date is required.",
        "text": "Text is required.",
        "team": "This team is no longer in the mission.",
    }
    assert note_count(session) == 0


def test_update_and_delete(session: Session) -> None:
    note_id = create_debrief_note(session, DebriefFields(ELECTION_DAY, text="Queues.")).id
    update_debrief_note(session, note_id, DebriefFields(DAY_AFTER, text="Long queues."))
    [row] = list_debrief_notes(session, PageRequest()).rows
    assert (row.date, row.text, row.team) == (DAY_AFTER, "Long queues.", "")
    with pytest.raises(ValidationError):
        update_debrief_note(session, note_id, DebriefFields(DAY_AFTER, text=""))
    assert list_debrief_notes(session, PageRequest()).rows == [row]
    delete_debrief_note(session, note_id)
    assert note_count(session) == 0
    with pytest.raises(NotFoundError):
        delete_debrief_note(session, note_id)


def test_a_deleted_team_leaves_its_notes(session: Session) -> None:
    [team] = add_teams(session, "T07")
    create_debrief_note(session, DebriefFields(ELECTION_DAY, team, text="Ok.", for_statement=True))
    assert [r.team for r in list_debrief_notes(session, PageRequest()).rows] == ["T07"]
    with unit_of_work(session):
        session.delete(session.get(Team, team))
    assert [r.team for r in list_debrief_notes(session, PageRequest()).rows] == [""]
    [note] = statement_debrief_notes(session)
    assert (note.team_id, note.team) == (None, None)


def test_filters_and_sort_by_team(session: Session) -> None:
    t01, t02 = add_teams(session, "T01", "T02")
    create_debrief_note(session, DebriefFields(ELECTION_DAY, t02, text="a", for_statement=True))
    create_debrief_note(session, DebriefFields(ELECTION_DAY, None, text="b"))
    create_debrief_note(session, DebriefFields(DAY_AFTER, t01, text="c", for_statement=True))
    create_debrief_note(session, DebriefFields(DAY_AFTER, t02, text="d"))

    def texts(sort: str = "", **filters: object) -> list[str]:
        page = list_debrief_notes(session, PageRequest(sort=sort, filters=filters))
        assert page.total == len(page.rows)
        return [r.text for r in page.rows]

    assert texts() == ["a", "b", "c", "d"]
    assert texts(team_id=t02) == ["a", "d"]
    assert texts(date=DAY_AFTER) == ["c", "d"]
    assert texts(for_statement=True) == ["a", "c"]
    assert texts(for_statement=False, date=ELECTION_DAY) == ["b"]
    assert texts(sort="team") == ["b", "c", "a", "d"]


def test_search_ignores_case_and_accents(session: Session) -> None:
    create_debrief_note(
        session, DebriefFields(ELECTION_DAY, author="Ömer", topic="Кезек", text="Очередь у входа.")
    )
    create_debrief_note(session, DebriefFields(ELECTION_DAY, author="Aida", text="Calm."))

    def authors(text: str) -> list[str]:
        return [r.author for r in list_debrief_notes(session, PageRequest(search=text)).rows]

    assert authors("omer") == ["Ömer"]
    assert authors("КЕЗЕК очередь") == ["Ömer"]
    assert authors("calm") == ["Aida"]
    assert authors("calm omer") == []


def test_search_key_is_the_one_the_migration_computes(session: Session) -> None:
    note = create_debrief_note(
        session, DebriefFields(ELECTION_DAY, author="Ömer", topic="Кезек", text="Line one.\nTwo.")
    )
    migration = importlib.import_module("coordinator.db.migrations.versions.0002_search_keys")
    columns = ", ".join(migration.SEARCHED["debrief_note"])
    with unit_of_work(session):
        row = session.execute(
            sa.text(f"SELECT search_key, {columns} FROM debrief_note WHERE id = :id"),
            {"id": note.id},
        ).one()
    assert row[0] == search_key(*row[1:])


def test_statement_gets_flagged_notes_oldest_first(session: Session) -> None:
    [team] = add_teams(session, "T03")
    later = create_debrief_note(session, DebriefFields(DAY_AFTER, text="Later", for_statement=True))
    create_debrief_note(session, DebriefFields(ELECTION_DAY, team, text="Not flagged"))
    create_debrief_note(
        session, DebriefFields(ELECTION_DAY, team, text="Early", for_statement=True)
    )
    notes = statement_debrief_notes(session)
    assert [n.text for n in notes] == ["Early", "Later"]
    assert notes[0].team is not None
    assert notes[0].team.code == "T03"
    assert not session.in_transaction()

    set_debrief_note_for_statement(session, later.id, False)
    assert [n.text for n in statement_debrief_notes(session)] == ["Early"]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.none() | st.dates(),
    text=st.text(alphabet=" \u00a0\tаbc", max_size=4),
)
def test_note_is_saved_exactly_when_it_has_a_date_and_words(
    session: Session, day: dt.date | None, text: str
) -> None:
    # Examples share the file, so each one compares the count before and after itself.
    before = note_count(session)
    acceptable = day is not None and text.replace("\u00a0", " ").strip() != ""
    try:
        create_debrief_note(session, DebriefFields(day, text=text))
    except ValidationError as refused:
        assert not acceptable
        assert {p.field for p in refused.problems} <= {"date", "text"}
        assert note_count(session) == before
    else:
        assert acceptable
        assert note_count(session) == before + 1
