"""The meeting log through the services, on a real mission file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.enums import MeetingKind
from coordinator.db.models import Delegation, Interlocutor, KeyPoint, Meeting, Member
from coordinator.db.text import search_key
from coordinator.services.errors import NotFoundError, ValidationError
from coordinator.services.meetings import (
    InterlocutorFields,
    KeyPointFields,
    MeetingFields,
    create_meeting,
    delete_meeting,
    get_meeting,
    list_meetings,
    meeting_delete_impact,
    meeting_fields,
    set_key_point_for_statement,
    statement_key_points,
    update_meeting,
)
from coordinator.services.paging import PageRequest
from coordinator.services.unit import unit_of_work
from tests.conftest import FILE_ONLY

CEC = "Central Commission on Elections and Referendums"
THRESHOLD = "The election threshold was reduced from 7% to 5%."
E_VOTING = "E-voting is used in local council elections for the first time."
BIOMETRICS = "An updated biometric identification system was adopted."

PRESENTATION = MeetingFields(
    date=dt.date(2024, 11, 16),
    start=dt.time(10, 0),
    end=dt.time(12, 30),
    location="ЦИК, Бишкек",
    kind=MeetingKind.PRESENTATION,
    summary="Presentation for the international observation missions.",
    interlocutors=(
        InterlocutorFields("Nurzhan Shaildabekova", "Chairman", CEC),
        InterlocutorFields("Айгүл Өмүрова", "Secretary", CEC),
    ),
    key_points=(
        KeyPointFields(THRESHOLD, for_statement=True),
        KeyPointFields("Questions were answered clearly."),
        KeyPointFields(E_VOTING, for_statement=True),
    ),
)


def meeting(**changes: object) -> MeetingFields:
    return dataclasses.replace(PRESENTATION, **changes)  # type: ignore[arg-type]


def add_members(session: Session, *names: str) -> list[int]:
    with unit_of_work(session):
        delegation = Delegation(name="Secretariat")
        members = [Member(delegation=delegation, full_name=name) for name in names]
        session.add_all(members)
    return [m.id for m in members]


def count(session: Session, model: type[Meeting | Interlocutor | KeyPoint]) -> int:
    with unit_of_work(session):
        return int(session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def test_meeting_keeps_its_lists_in_the_order_given(session: Session) -> None:
    ids = add_members(session, "Zhanibek K.", "Aida M.")
    created = create_meeting(session, meeting(participant_ids=(ids[0], ids[1], ids[0])))
    loaded = get_meeting(session, created.id)
    assert meeting_fields(loaded) == meeting(participant_ids=(ids[1], ids[0]))
    assert [i.position_in_list for i in loaded.interlocutors] == [0, 1]
    assert [p.position_in_list for p in loaded.key_points] == [0, 1, 2]


def test_text_is_trimmed_and_times_kept_to_the_minute(session: Session) -> None:
    created = create_meeting(
        session,
        meeting(
            start=dt.time(9, 5, 42),
            location="  CEC\u00a0",
            interlocutors=(InterlocutorFields(" Nurzhan Shaildabekova ", " Chairman"),),
            key_points=(KeyPointFields(" A point. "),),
        ),
    )
    fields = meeting_fields(get_meeting(session, created.id))
    assert fields.start == dt.time(9, 5)
    assert fields.location == "CEC"
    assert fields.interlocutors == (InterlocutorFields("Nurzhan Shaildabekova", "Chairman"),)
    assert fields.key_points == (KeyPointFields("A point."),)


def test_every_problem_is_reported_at_once_and_nothing_is_written(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_meeting(
            session,
            MeetingFields(
                date=None,
                start=dt.time(11, 0),
                end=dt.time(10, 0),
                key_points=(KeyPointFields("  ", for_statement=True),),
                participant_ids=(404,),
            ),
        )
    problems = raised.value
    assert {p.field for p in problems.problems} == {
        "date",
        "end",
        "interlocutors",
        "key_points",
        "participants",
    }
    assert (
        problems.for_field("end")
        == "The meeting must end after it starts (11:00); it ends at 10:00."
    )
    assert problems.for_field("interlocutors") == "Name at least one interlocutor."
    assert problems.for_field("key_points") == "Key point 1 has no text; write it or remove it."
    assert (
        problems.for_field("participants")
        == "Participant #404 is no longer a member of the mission."
    )
    assert count(session, Meeting) == 0


def test_an_interlocutor_needs_a_name(session: Session) -> None:
    unnamed = (InterlocutorFields("Nurzhan Shaildabekova"), InterlocutorFields("", "Deputy", CEC))
    with pytest.raises(ValidationError) as raised:
        create_meeting(session, meeting(interlocutors=unnamed))
    assert raised.value.for_field("interlocutors") == "Interlocutor 2 has no name."


def test_update_rewrites_lists_in_place_and_drops_the_rest(session: Session) -> None:
    created = create_meeting(session, PRESENTATION)
    first = get_meeting(session, created.id)
    uuid_of_chairman = first.interlocutors[0].uuid
    update_meeting(
        session,
        created.id,
        meeting(
            interlocutors=(InterlocutorFields("Nurzhan Shaildabekova", "Chairwoman", CEC),),
            key_points=(KeyPointFields(BIOMETRICS, for_statement=True),),
        ),
    )
    again = get_meeting(session, created.id)
    assert [(i.uuid, i.position) for i in again.interlocutors] == [(uuid_of_chairman, "Chairwoman")]
    assert [p.text for p in again.key_points] == [BIOMETRICS]
    assert count(session, Interlocutor) == 1
    assert count(session, KeyPoint) == 1


def test_refused_update_leaves_the_meeting_unchanged(session: Session) -> None:
    meeting_id = create_meeting(session, PRESENTATION).id
    with pytest.raises(ValidationError):
        update_meeting(session, meeting_id, meeting(location="Elsewhere", interlocutors=()))
    assert meeting_fields(get_meeting(session, meeting_id)) == PRESENTATION


def test_search_finds_interlocutors_in_any_case_and_script(session: Session) -> None:
    create_meeting(session, PRESENTATION)
    create_meeting(
        session,
        meeting(
            location="Hotel Hyatt",
            summary="Courtesy call.",
            kind=MeetingKind.COURTESY_CALL,
            interlocutors=(InterlocutorFields("Ömer Yıldız", "Ambassador", "Embassy of Türkiye"),),
        ),
    )

    def locations(text: str) -> list[str]:
        return [r.location for r in list_meetings(session, PageRequest(search=text)).rows]

    assert locations("айгүл ӨМҮРОВА") == ["ЦИК, Бишкек"]
    assert locations("omer yildiz") == ["Hotel Hyatt"]
    assert locations("turkiye ambassador") == ["Hotel Hyatt"]
    assert locations("бишкек") == ["ЦИК, Бишкек"]
    assert locations("7%") == []  # key points are not part of the meeting's search


# On a file only: a shared database is made empty, the migration fills no key there.
@FILE_ONLY
def test_search_key_is_the_one_the_migration_computes(session: Session) -> None:
    """Older files upgraded by migration 0002 must be found the same way as new ones."""
    created = create_meeting(session, PRESENTATION)
    migration = importlib.import_module("coordinator.db.migrations.versions.0002_search_keys")
    columns = ", ".join(migration.SEARCHED["meeting"])
    with unit_of_work(session):
        row = session.execute(
            sa.text(f"SELECT search_key, {columns} FROM meeting WHERE id = :id"), {"id": created.id}
        ).one()
    assert row[0] == search_key(*row[1:])


def test_list_rows_show_the_first_interlocutor_and_counts(session: Session) -> None:
    create_meeting(session, PRESENTATION)
    [row] = list_meetings(session, PageRequest()).rows
    assert (row.interlocutor, row.institution) == ("Nurzhan Shaildabekova", CEC)
    assert (row.key_points, row.for_statement) == (3, 2)
    assert row.kind is MeetingKind.PRESENTATION


def test_meetings_of_a_day_sort_by_their_start(session: Session) -> None:
    day = dt.date(2024, 11, 15)
    for name, start in [("B", dt.time(15, 0)), ("C", None), ("A", dt.time(9, 30))]:
        create_meeting(
            session,
            meeting(date=day, start=start, end=None, interlocutors=(InterlocutorFields(name),)),
        )
    create_meeting(session, meeting(date=dt.date(2024, 11, 14), start=dt.time(18, 0), end=None))

    def names(**request: object) -> list[str]:
        rows = list_meetings(session, PageRequest(**request)).rows  # type: ignore[arg-type]
        return [r.interlocutor for r in rows]

    assert names() == ["Nurzhan Shaildabekova", "C", "A", "B"]
    assert names(descending=True) == ["B", "A", "C", "Nurzhan Shaildabekova"]
    assert names(sort="interlocutor") == ["A", "B", "C", "Nurzhan Shaildabekova"]


def test_filters_by_kind_and_dates(session: Session) -> None:
    for day in (14, 15, 16, 17):
        kind = MeetingKind.BRIEFING if day % 2 else MeetingKind.MEETING
        create_meeting(session, meeting(date=dt.date(2024, 11, day), kind=kind))

    def days(**filters: object) -> list[int]:
        page = list_meetings(session, PageRequest(filters=filters))
        assert page.total == len(page.rows)
        return [r.date.day for r in page.rows]

    assert days(kind=MeetingKind.BRIEFING) == [15, 17]
    assert days(kind="meeting") == [14, 16]
    assert days(date_from=dt.date(2024, 11, 15), date_to=dt.date(2024, 11, 16)) == [15, 16]
    assert days(date_from=dt.date(2024, 11, 16), kind=MeetingKind.BRIEFING) == [17]


def test_statement_gets_flagged_points_in_the_order_of_meetings(session: Session) -> None:
    create_meeting(session, PRESENTATION)
    earlier = create_meeting(
        session,
        meeting(
            date=dt.date(2024, 11, 15),
            interlocutors=(InterlocutorFields("Nurzhan Shaildabekova", "Chairman", CEC),),
            key_points=(KeyPointFields(BIOMETRICS, for_statement=True), KeyPointFields("Other")),
        ),
    )
    points = statement_key_points(session)
    assert [p.text for _, p in points] == [BIOMETRICS, THRESHOLD, E_VOTING]
    assert points[0][0].id == earlier.id
    # Interlocutors come loaded: reading them opens no transaction behind the services' back.
    assert points[1][0].interlocutors[1].name == "Айгүл Өмүрова"
    assert not session.in_transaction()

    set_key_point_for_statement(session, points[0][1].id, False)
    assert [p.text for _, p in statement_key_points(session)] == [THRESHOLD, E_VOTING]


def test_delete_takes_interlocutors_and_points_but_not_members(session: Session) -> None:
    ids = add_members(session, "Aida M.")
    created = create_meeting(session, meeting(participant_ids=tuple(ids)))
    assert meeting_delete_impact(session, created.id) == {"key_points": 3, "for_statement": 2}
    delete_meeting(session, created.id)
    assert (count(session, Meeting), count(session, Interlocutor), count(session, KeyPoint)) == (
        0,
        0,
        0,
    )
    with unit_of_work(session):
        assert session.get(Member, ids[0]) is not None
    with pytest.raises(NotFoundError):
        get_meeting(session, created.id)


def test_a_deleted_member_leaves_the_meetings_they_attended(session: Session) -> None:
    ids = add_members(session, "Aida M.", "Zhanibek K.")
    created = create_meeting(session, meeting(participant_ids=tuple(ids)))
    with unit_of_work(session):
        session.delete(session.get(Member, ids[0]))
    assert meeting_fields(get_meeting(session, created.id)).participant_ids == (ids[1],)


times = st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start=times, end=times)
def test_meeting_is_saved_exactly_when_it_ends_after_it_starts(
    session: Session, start: dt.time | None, end: dt.time | None
) -> None:
    # Examples share the file, so each one compares counts before and after itself.
    before = count(session, Meeting)
    fits = start is None or end is None or end > start
    try:
        created = create_meeting(session, meeting(start=start, end=end))
    except ValidationError as refused:
        assert not fits
        assert [p.field for p in refused.problems] == ["end"]
        assert count(session, Meeting) == before
    else:
        assert fits
        assert (created.start, created.end) == (start, end)
        assert count(session, Meeting) == before + 1
