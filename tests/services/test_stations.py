"""Stations and localities through the services, on a real mission file."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from coordinator.services.errors import ValidationError
from coordinator.services.paging import PageRequest
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
    delete_station,
    list_stations,
    update_station,
)


@pytest.fixture
def bishkek(session: Session) -> int:
    return create_locality(session, LocalityFields("Бишкек", region="Bishkek city")).id


def test_code_keeps_leading_zeros_and_spaces_are_trimmed(session: Session, bishkek: int) -> None:
    station = create_station(session, StationFields(" 0012\u00a0", bishkek, name="School 5"))
    assert station.code == "0012"


def test_duplicate_code_is_refused_naming_the_field(session: Session, bishkek: int) -> None:
    create_station(session, StationFields("1001", bishkek))
    with pytest.raises(ValidationError) as raised:
        create_station(session, StationFields("1001", bishkek))
    assert raised.value.for_field("code") == "Another polling station already has the code 1001."
    assert list_stations(session, PageRequest()).total == 1


def test_missing_code_and_locality_are_both_reported(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_station(session, StationFields("", None, registered_voters=-3))
    fields = {p.field for p in raised.value.problems}
    assert fields == {"code", "locality", "registered_voters"}


def test_update_to_own_code_is_allowed(session: Session, bishkek: int) -> None:
    station = create_station(session, StationFields("1001", bishkek))
    update_station(session, station.id, StationFields("1001", bishkek, name="Gymnasium 12"))
    rows = list_stations(session, PageRequest()).rows
    assert [(r.code, r.name) for r in rows] == [("1001", "Gymnasium 12")]


def test_search_ignores_case_and_accents_in_cyrillic_and_turkic(
    session: Session, bishkek: int
) -> None:
    kant = create_locality(session, LocalityFields("Kant", district="Ысык-Ата")).id
    create_station(session, StationFields("1001", bishkek, name="Школа № 5"))
    create_station(session, StationFields("5101", kant, name="İnönü Lisesi", address="Үмөт 3"))

    def codes(text: str) -> list[str]:
        return [r.code for r in list_stations(session, PageRequest(search=text)).rows]

    assert codes("ШКОЛА") == ["1001"]
    assert codes("бишкек") == ["1001"]
    assert codes("inonu") == ["5101"]
    assert codes("ИНӨНҮ") == []
    assert codes("үмөт") == ["5101"]
    assert codes("ысык") == ["5101"]
    assert codes("100%") == []


def test_pages_are_sorted_in_sql_and_never_overlap(session: Session, bishkek: int) -> None:
    for number in range(25):
        create_station(
            session, StationFields(f"{number:04d}", bishkek, registered_voters=number % 3)
        )
    seen: list[str] = []
    for offset in range(0, 25, 10):
        page = list_stations(
            session, PageRequest(sort="registered_voters", descending=True, offset=offset, limit=10)
        )
        assert page.total == 25
        seen += [r.code for r in page.rows]
    assert sorted(seen) == [f"{n:04d}" for n in range(25)]
    voters = [int(code) % 3 for code in seen]
    assert voters == sorted(voters, reverse=True)


def test_delete_removes_the_station(session: Session, bishkek: int) -> None:
    station = create_station(session, StationFields("1001", bishkek))
    delete_station(session, station.id)
    assert list_stations(session, PageRequest()).total == 0


def test_a_refused_edit_leaves_the_session_usable(session: Session, bishkek: int) -> None:
    station = create_station(session, StationFields("1001", bishkek))
    with pytest.raises(ValidationError):
        update_station(session, station.id, StationFields("", bishkek))
    # The form still shows the record after the refusal: reading it must not break the
    # next unit of work.
    assert station.code == "1001"
    update_station(session, station.id, StationFields("1002", bishkek))
    assert [r.code for r in list_stations(session, PageRequest()).rows] == ["1002"]


def test_units_of_work_nest_as_savepoints(session: Session, bishkek: int) -> None:
    from coordinator.services.unit import unit_of_work

    with pytest.raises(ValidationError), unit_of_work(session):
        create_station(session, StationFields("1001", bishkek))
        create_station(session, StationFields("1001", bishkek))
    assert list_stations(session, PageRequest()).total == 0


def test_text_longer_than_its_column_is_refused(session: Session, bishkek: int) -> None:
    with pytest.raises(ValidationError) as raised:
        create_station(session, StationFields("1" * 41, bishkek))
    assert raised.value.for_field("code") == "Code is too long: at most 40 characters."
    assert list_stations(session, PageRequest()).total == 0
