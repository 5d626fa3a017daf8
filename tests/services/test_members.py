"""Members through the services, on a real mission file."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.enums import AccreditationStatus, MemberRole
from coordinator.db.missionfile import MissionFile
from coordinator.db.models import Meeting
from coordinator.db.text import search_key
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.errors import ValidationError
from coordinator.services.members import (
    MemberFields,
    create_member,
    delete_member,
    list_members,
    member_delete_impact,
    member_fields,
    update_member,
)
from coordinator.services.paging import PageRequest
from coordinator.services.teams import TeamFields, create_team
from tests.conftest import ELECTION_DAY


@pytest.fixture
def kyrgyzstan(session: Session) -> int:
    return create_delegation(session, DelegationFields("Kyrgyz Republic", country="Кыргызстан")).id


def names(session: Session, request: PageRequest) -> list[str]:
    return [row.full_name for row in list_members(session, request).rows]


def test_text_is_trimmed_and_row_shows_delegation_and_team(
    session: Session, kyrgyzstan: int
) -> None:
    team = create_team(session, TeamFields("T1")).id
    create_member(
        session,
        MemberFields(" Aibek Toktogulov\u00a0", kyrgyzstan, position=" MP ", team_id=team),
    )
    [row] = list_members(session, PageRequest()).rows
    assert (row.full_name, row.position, row.delegation, row.team, row.team_id) == (
        "Aibek Toktogulov",
        "MP",
        "Kyrgyz Republic",
        "T1",
        team,
    )
    assert (row.role, row.accreditation_status) == (
        MemberRole.OBSERVER,
        AccreditationStatus.REQUESTED,
    )


def test_search_key_uses_the_columns_the_migration_lists(session: Session, kyrgyzstan: int) -> None:
    migration = importlib.import_module("coordinator.db.migrations.versions.0002_search_keys")
    member = create_member(
        session,
        MemberFields(
            "Өмүрбек Бакиров",
            kyrgyzstan,
            position="Deputy",
            email="o.bakirov@example.org",
            phone="+996 555 123",
            passport_no="AC123",
            accreditation_no="OTS-7",
            languages="Kyrgyz; Russian",
        ),
    )
    columns = migration.SEARCHED["member"]
    assert member.search_key == search_key(*(getattr(member, c) for c in columns))


def test_missing_name_and_delegation_are_both_reported(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_member(session, MemberFields("", None))
    assert raised.value.for_field("full_name") == "Full name is required."
    assert raised.value.for_field("delegation") == "Delegation is required."
    assert list_members(session, PageRequest()).total == 0


def test_two_members_cannot_share_a_full_name(session: Session, kyrgyzstan: int) -> None:
    create_member(session, MemberFields("Ali Yılmaz", kyrgyzstan))
    with pytest.raises(ValidationError) as raised:
        create_member(session, MemberFields("Ali Yılmaz ", kyrgyzstan))
    message = raised.value.for_field("full_name")
    assert message is not None
    assert message.startswith("Another member is already called Ali Yılmaz.")
    assert list_members(session, PageRequest()).total == 1


def test_unknown_delegation_and_team_and_bad_vocabularies_are_refused(
    session: Session, kyrgyzstan: int
) -> None:
    fields = MemberFields(
        "Someone",
        kyrgyzstan + 100,
        role="boss",  # type: ignore[arg-type]
        accreditation_status="maybe",  # type: ignore[arg-type]
        email="someone at example.org",
        team_id=999,
    )
    with pytest.raises(ValidationError) as raised:
        create_member(session, fields)
    assert {p.field for p in raised.value.problems} == {
        "delegation",
        "team",
        "role",
        "accreditation_status",
        "email",
    }
    assert raised.value.for_field("delegation") == "This delegation is no longer in the mission."
    role = raised.value.for_field("role")
    assert role is not None
    assert "observer" in role
    assert "interpreter" in role
    assert list_members(session, PageRequest()).total == 0


def test_departure_before_arrival_is_refused_in_words(session: Session, kyrgyzstan: int) -> None:
    fields = MemberFields(
        "Late Arrival", kyrgyzstan, arrival=dt.date(2024, 11, 14), departure=dt.date(2024, 11, 12)
    )
    with pytest.raises(ValidationError) as raised:
        create_member(session, fields)
    assert raised.value.for_field("departure") == (
        "Departure (12 November 2024) is before arrival (14 November 2024)."
    )


_unique = itertools.count()
_days = st.none() | st.dates(dt.date(2024, 10, 1), dt.date(2024, 12, 31))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(arrival=_days, departure=_days)
def test_member_is_saved_exactly_when_departure_is_not_before_arrival(
    session: Session, kyrgyzstan: int, arrival: dt.date | None, departure: dt.date | None
) -> None:
    # Examples share the test's mission file, so each uses its own name and counts its own rows.
    name = f"Observer {next(_unique)}"
    before = list_members(session, PageRequest()).total
    fields = MemberFields(name, kyrgyzstan, arrival=arrival, departure=departure)
    in_order = arrival is None or departure is None or departure >= arrival
    try:
        create_member(session, fields)
    except ValidationError as refused:
        assert not in_order
        assert [p.field for p in refused.problems] == ["departure"]
        assert list_members(session, PageRequest()).total == before
    else:
        assert in_order
        [row] = list_members(session, PageRequest(search=name)).rows
        assert (row.arrival, row.departure) == (arrival, departure)


def test_search_finds_member_words_and_delegation_name_folded(
    session: Session, kyrgyzstan: int
) -> None:
    turkey = create_delegation(session, DelegationFields("Türkiye")).id
    create_member(session, MemberFields("Асель Жумабаева", kyrgyzstan, passport_no="AN0012"))
    create_member(session, MemberFields("Şükrü Öztürk", turkey, email="s.ozturk@tbmm.gov.tr"))

    def found(text: str) -> list[str]:
        return names(session, PageRequest(search=text))

    assert found("АСЕЛЬ") == ["Асель Жумабаева"]
    assert found("sukru") == ["Şükrü Öztürk"]
    assert found("turkiye") == ["Şükrü Öztürk"]
    assert found("kyrgyz an0012") == ["Асель Жумабаева"]
    assert found("tbmm") == ["Şükrü Öztürk"]
    assert found("kyrgyz tbmm") == []
    assert found("%") == []


def test_filters_narrow_the_list_in_sql(session: Session, kyrgyzstan: int) -> None:
    turkey = create_delegation(session, DelegationFields("Türkiye")).id
    team = create_team(session, TeamFields("T1")).id
    create_member(session, MemberFields("A Observer", kyrgyzstan, team_id=team))
    create_member(
        session,
        MemberFields(
            "B Interpreter",
            kyrgyzstan,
            role=MemberRole.INTERPRETER,
            accreditation_status=AccreditationStatus.ACCREDITED,
            team_id=team,
        ),
    )
    create_member(
        session,
        MemberFields("C Analyst", turkey, accreditation_status=AccreditationStatus.ACCREDITED),
    )

    def filtered(**filters: object) -> list[str]:
        return names(session, PageRequest(filters=filters))

    assert filtered(delegation_id=turkey) == ["C Analyst"]
    assert filtered(team_id=team) == ["A Observer", "B Interpreter"]
    assert filtered(team_id=None) == ["C Analyst"]
    assert filtered(role=MemberRole.INTERPRETER) == ["B Interpreter"]
    assert filtered(accreditation_status=AccreditationStatus.ACCREDITED) == [
        "B Interpreter",
        "C Analyst",
    ]
    assert filtered(
        delegation_id=kyrgyzstan, accreditation_status=AccreditationStatus.REQUESTED
    ) == ["A Observer"]
    assert list_members(session, PageRequest(filters={"team_id": team})).total == 2


def test_pages_sort_by_team_and_delegation_without_overlap(
    session: Session, kyrgyzstan: int
) -> None:
    azerbaijan = create_delegation(session, DelegationFields("Azerbaijan")).id
    teams = [create_team(session, TeamFields(code)).id for code in ("T1", "T2")]
    for number in range(23):
        team = None if number % 3 == 0 else teams[number % 3 - 1]
        delegation = azerbaijan if number % 2 else kyrgyzstan
        create_member(session, MemberFields(f"Member {number:02d}", delegation, team_id=team))

    seen: list[str] = []
    for offset in range(0, 23, 10):
        page = list_members(session, PageRequest(sort="team", offset=offset, limit=10))
        assert page.total == 23
        seen += [row.team for row in page.rows]
    assert seen == sorted(seen)
    assert seen[:8] == [""] * 8

    rows = list_members(session, PageRequest(sort="delegation", descending=True, limit=100)).rows
    assert [r.delegation for r in rows] == ["Kyrgyz Republic"] * 12 + ["Azerbaijan"] * 11


def test_delete_takes_the_member_off_meetings_but_keeps_them(
    session: Session, mission_file: MissionFile, kyrgyzstan: int
) -> None:
    member = create_member(session, MemberFields("Participant", kyrgyzstan))
    other = create_member(session, MemberFields("Colleague", kyrgyzstan))
    with session.begin():
        for day in (ELECTION_DAY - dt.timedelta(days=2), ELECTION_DAY - dt.timedelta(days=1)):
            session.add(Meeting(date=day, participants=[member, other]))
    assert member_delete_impact(session, member.id) == {"meetings": 2}
    assert member_delete_impact(session, other.id) == {"meetings": 2}

    delete_member(session, member.id)
    assert names(session, PageRequest()) == ["Colleague"]
    assert member_delete_impact(session, other.id) == {"meetings": 2}
    with mission_file.session() as fresh:
        meetings = fresh.scalars(sa.select(Meeting)).all()
        assert [[p.full_name for p in m.participants] for m in meetings] == [["Colleague"]] * 2


def test_fields_round_trip_and_update_changes_team(session: Session, kyrgyzstan: int) -> None:
    team = create_team(session, TeamFields("T7")).id
    fields = MemberFields(
        "Nurlan Abdrakhmanov",
        kyrgyzstan,
        position="Head of delegation",
        role=MemberRole.HEAD_OF_MISSION,
        email="n@example.org",
        phone="+996 700 000 000",
        passport_no="AN123",
        accreditation_no="42",
        accreditation_status=AccreditationStatus.ACCREDITED,
        arrival=dt.date(2024, 11, 12),
        departure=dt.date(2024, 11, 18),
        languages="Kyrgyz; Russian; English",
    )
    member = create_member(session, fields)
    assert member_fields(member) == fields
    moved = update_member(session, member.id, MemberFields(**{**vars(fields), "team_id": team}))
    assert member_fields(moved).team_id == team
    assert [r.team for r in list_members(session, PageRequest()).rows] == ["T7"]
