"""The mission's settings through the services, on a real mission file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.models import Mission
from coordinator.services.errors import ValidationError
from coordinator.services.mission import (
    MissionFields,
    get_mission,
    mission_dates,
    mission_day,
    mission_fields,
    save_mission,
)
from coordinator.services.unit import unit_of_work
from tests.conftest import ELECTION_DAY, FILE_ONLY, new_empty_mission

OTS_KYRGYZSTAN = MissionFields(
    name="International Election Observation Mission of the Organization of Turkic States",
    organisation="Organization of Turkic States",
    organisation_short="OTS",
    election="Elections of Deputies of Local Councils of the Kyrgyz Republic",
    country="Kyrgyz Republic",
    election_date=ELECTION_DAY,
    mission_start=dt.date(2024, 11, 14),
    mission_end=dt.date(2024, 11, 19),
    invited_by="Central Commission on Elections and Referendums of the Kyrgyz Republic",
    statement_place="Bishkek",
    statement_date=dt.date(2024, 11, 18),
)


def kyrgyzstan(**changes: object) -> MissionFields:
    return dataclasses.replace(OTS_KYRGYZSTAN, **changes)  # type: ignore[arg-type]


def mission_count(session: Session) -> int:
    with unit_of_work(session):
        return int(session.scalar(sa.select(sa.func.count()).select_from(Mission)) or 0)


def test_a_new_file_has_no_mission_yet(session: Session) -> None:
    assert get_mission(session) is None
    assert mission_dates(session) == (None, None)


def test_first_save_creates_the_mission_and_later_saves_change_it(session: Session) -> None:
    created = save_mission(session, kyrgyzstan(name="  Draft name\u00a0"))
    assert created.name == "Draft name"
    changed = save_mission(session, kyrgyzstan(head_of_mission="Mr. Ömer Kocaman"))
    assert changed.id == created.id
    assert mission_count(session) == 1
    stored = get_mission(session)
    assert stored is not None
    assert mission_fields(stored) == kyrgyzstan(head_of_mission="Mr. Ömer Kocaman")
    assert mission_dates(session) == (dt.date(2024, 11, 14), dt.date(2024, 11, 19))


def test_every_missing_required_field_is_named(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        save_mission(
            session,
            MissionFields(name=" ", organisation="", election="", country="", election_date=None),
        )
    assert {p.field for p in raised.value.problems} == {
        "name",
        "organisation",
        "election",
        "country",
        "election_date",
    }
    assert raised.value.for_field("election_date") == "Election day is required."
    assert mission_count(session) == 0


def test_mission_cannot_end_before_it_starts(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        save_mission(
            session,
            kyrgyzstan(mission_start=dt.date(2024, 11, 20), mission_end=dt.date(2024, 11, 10)),
        )
    assert raised.value.for_field("mission_end") == (
        "The mission cannot end (10 November 2024) before it starts (20 November 2024)."
    )
    assert mission_count(session) == 0


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            dt.date(2024, 11, 18),
            None,
            "Election day (17 November 2024) is before the mission starts (18 November 2024).",
        ),
        (
            None,
            dt.date(2024, 11, 16),
            "Election day (17 November 2024) is after the mission ends (16 November 2024).",
        ),
    ],
)
def test_election_day_must_fall_within_the_mission(
    session: Session, start: dt.date | None, end: dt.date | None, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        save_mission(session, kyrgyzstan(mission_start=start, mission_end=end))
    assert raised.value.for_field("election_date") == message


def test_a_refused_change_leaves_the_saved_mission_as_it_was(session: Session) -> None:
    save_mission(session, OTS_KYRGYZSTAN)
    with pytest.raises(ValidationError):
        save_mission(session, kyrgyzstan(name="Changed", statement_date=dt.date(2024, 11, 16)))
    stored = get_mission(session)
    assert stored is not None
    assert mission_fields(stored) == OTS_KYRGYZSTAN


def test_statement_may_be_dated_election_day_but_not_before(session: Session) -> None:
    save_mission(session, kyrgyzstan(statement_date=ELECTION_DAY))
    with pytest.raises(ValidationError) as raised:
        save_mission(session, kyrgyzstan(statement_date=dt.date(2024, 11, 16)))
    assert raised.value.for_field("statement_date") == (
        "The statement cannot be dated before election day (17 November 2024)."
    )


# How a typed language code is read is the program's own: on the file only.
@FILE_ONLY
@pytest.mark.parametrize(
    ("typed", "stored"), [("EN", "en"), ("", "en"), (" ky ", "ky"), ("uz_Latn", "uz-latn")]
)
def test_language_codes_are_stored_in_one_form(session: Session, typed: str, stored: str) -> None:
    assert save_mission(session, kyrgyzstan(language=typed)).language == stored


@FILE_ONLY
@pytest.mark.parametrize("typed", ["English", "e", "русский", "en-"])
def test_a_language_name_is_not_a_code(session: Session, typed: str) -> None:
    with pytest.raises(ValidationError) as raised:
        save_mission(session, kyrgyzstan(language=typed))
    message = raised.value.for_field("language")
    assert message is not None
    assert message.startswith(f"'{typed}' is not a language code")


def test_other_services_read_the_dates_inside_their_own_transaction(session: Session) -> None:
    save_mission(session, OTS_KYRGYZSTAN)
    with unit_of_work(session):
        assert mission_dates(session) == (dt.date(2024, 11, 14), dt.date(2024, 11, 19))
        mission = get_mission(session)
        assert mission is not None
        assert mission.country == "Kyrgyz Republic"


days = st.dates(min_value=dt.date(2024, 11, 1), max_value=dt.date(2024, 11, 30))


@settings(max_examples=25, deadline=None)
@given(start=st.none() | days, end=st.none() | days)
def test_mission_period_is_saved_exactly_when_it_is_in_order(
    empty_original: Path, start: dt.date | None, end: dt.date | None
) -> None:
    # A fresh file per example (a copy of the run's empty mission): function-scoped
    # fixtures would be shared between examples.
    fields = kyrgyzstan(mission_start=start, mission_end=end)
    in_order = start is None or end is None or start <= end
    election_inside = (start is None or start <= ELECTION_DAY) and (
        end is None or end >= ELECTION_DAY
    )
    with (
        tempfile.TemporaryDirectory() as folder,
        new_empty_mission(empty_original, Path(folder) / "mission.eom") as mission_file,
        mission_file.session() as session,
    ):
        try:
            save_mission(session, fields)
        except ValidationError as refused:
            assert not (in_order and election_inside)
            assert (refused.for_field("mission_end") is None) == in_order
            assert (refused.for_field("election_date") is None) == election_inside
            assert mission_count(session) == 0
        else:
            assert in_order
            assert election_inside
            assert mission_dates(session) == (start, end)


def test_new_records_start_on_the_day_most_likely_entered(session: Session) -> None:
    today = dt.date(2026, 11, 28)
    assert mission_day(session, today) == today  # no mission yet
    save_mission(session, OTS_KYRGYZSTAN)
    # Today while the mission runs; before or after it, election day (not its last day).
    assert mission_day(session, dt.date(2024, 11, 16)) == dt.date(2024, 11, 16)
    assert mission_day(session, dt.date(2024, 11, 19)) == dt.date(2024, 11, 19)
    assert mission_day(session, today) == ELECTION_DAY
    assert mission_day(session, dt.date(2024, 11, 1)) == ELECTION_DAY
    save_mission(session, kyrgyzstan(mission_end=None))
    assert mission_day(session, today) == today  # the mission has not ended
    save_mission(session, kyrgyzstan(mission_start=None, mission_end=None))
    assert mission_day(session, today) == ELECTION_DAY
