"""Visits through the services, on a real mission file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Assessment, IncidentCategory, Phase, VisitStatus
from coordinator.db.models import Answer, Incident, Mission, Team
from coordinator.services.answers import set_answers
from coordinator.services.checklist import QuestionFields, create_question
from coordinator.services.errors import ValidationError
from coordinator.services.incidents import IncidentFields, create_incident
from coordinator.services.paging import PageRequest
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.unit import unit_of_work
from coordinator.services.visit_lists import list_visits, next_visit_of_team, team_itinerary
from coordinator.services.visits import (
    VisitFields,
    create_visit,
    delete_visit,
    update_visit,
    visit_delete_impact,
    visit_fields,
)
from tests.conftest import ELECTION_DAY


@dataclass(frozen=True)
class Place:
    """Two teams and two stations (one in Bishkek, one in Kant) to plan visits with."""

    team: int
    other_team: int
    school: int
    lyceum: int


@pytest.fixture
def place(session: Session) -> Place:
    bishkek = create_locality(session, LocalityFields("Бишкек", region="Bishkek city"))
    kant = create_locality(session, LocalityFields("Kant", district="Ысык-Ата"))
    school = create_station(
        session, StationFields("1001", bishkek.id, name="Школа № 5", registered_voters=1200)
    )
    lyceum = create_station(session, StationFields("5101", kant.id, name="İnönü Lisesi"))
    with unit_of_work(session):
        teams = [Team(code="T1"), Team(code="T2")]
        session.add_all(teams)
    return Place(teams[0].id, teams[1].id, school.id, lyceum.id)


def at(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


def visit(place: Place, **changes: object) -> VisitFields:
    fields = VisitFields(None, place.team, place.school, ELECTION_DAY, Phase.VOTING)
    return dataclasses.replace(fields, **changes)  # type: ignore[arg-type]


def set_mission_dates(session: Session, start: dt.date | None, end: dt.date | None) -> None:
    with unit_of_work(session):
        session.add(
            Mission(
                name="IEOM",
                organisation="Organization of Turkic States",
                election="Local councils",
                country="Kyrgyz Republic",
                election_date=ELECTION_DAY,
                mission_start=start,
                mission_end=end,
            )
        )


def problems(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.field: p.message for p in error.value.problems}


# --- references -----------------------------------------------------------------------------


def test_references_are_given_in_order_and_kept_unique(session: Session, place: Place) -> None:
    assert create_visit(session, visit(place)).ref == "V0001"
    assert create_visit(session, visit(place, ref="  ")).ref == "V0002"
    assert create_visit(session, visit(place, ref="Bishkek-7")).ref == "Bishkek-7"
    assert create_visit(session, visit(place, ref="V0041")).ref == "V0041"
    assert create_visit(session, visit(place, ref="Vx")).ref == "Vx"
    assert create_visit(session, visit(place, ref="V7-extra-long")).ref == "V7-extra-long"
    assert create_visit(session, visit(place)).ref == "V0042"
    with pytest.raises(ValidationError) as raised:
        create_visit(session, visit(place, ref="V0002"))
    assert raised.value.for_field("ref") == "Another visit already has the reference V0002."


def test_a_reference_with_extra_zeros_does_not_make_a_duplicate(
    session: Session, place: Place
) -> None:
    create_visit(session, visit(place, ref="V00012"))
    create_visit(session, visit(place, ref="V0013"))
    assert create_visit(session, visit(place)).ref == "V0014"


def test_update_keeps_the_reference_when_left_empty(session: Session, place: Place) -> None:
    created = create_visit(session, visit(place, ref="B-1"))
    updated = update_visit(session, created.id, visit(place, ref="", notes=" Late "))
    assert (updated.ref, updated.notes) == ("B-1", "Late")
    assert visit_fields(updated) == visit(place, ref="B-1", notes="Late")


# --- validation -----------------------------------------------------------------------------


def test_missing_team_station_and_date_are_all_reported(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_visit(session, VisitFields(None, None, None, None))
    assert problems(raised) == {
        "team": "Team is required.",
        "station": "Polling station is required.",
        "date": "Date is required.",
    }
    with pytest.raises(ValidationError) as raised:
        create_visit(session, VisitFields(None, 998, 999, ELECTION_DAY))
    assert set(problems(raised)) == {"team", "station"}


def test_the_date_must_fall_within_the_mission(session: Session, place: Place) -> None:
    create_visit(session, visit(place, date=dt.date(2020, 1, 1)))  # no mission yet
    set_mission_dates(session, dt.date(2024, 11, 14), dt.date(2024, 11, 19))
    for day in (dt.date(2024, 11, 13), dt.date(2024, 11, 20)):
        with pytest.raises(ValidationError) as raised:
            create_visit(session, visit(place, date=day))
        assert raised.value.for_field("date") == (
            "The date must be within the mission (14 November 2024 to 19 November 2024)."
        )
    create_visit(session, visit(place, date=dt.date(2024, 11, 19)))


def test_a_mission_without_an_end_checks_only_its_start(session: Session, place: Place) -> None:
    set_mission_dates(session, dt.date(2024, 11, 14), None)
    create_visit(session, visit(place, date=dt.date(2025, 1, 1)))
    with pytest.raises(ValidationError) as raised:
        create_visit(session, visit(place, date=dt.date(2024, 11, 1)))
    assert raised.value.for_field("date") == (
        "The date must be within the mission (14 November 2024 to …)."
    )


def test_departure_comes_after_arrival(session: Session, place: Place) -> None:
    with pytest.raises(ValidationError) as raised:
        create_visit(
            session,
            visit(
                place,
                planned_arrival=at(10),
                planned_departure=at(9, 30),
                status=VisitStatus.DONE,
                actual_arrival=at(10),
                actual_departure=at(10),
            ),
        )
    assert problems(raised) == {
        "planned_departure": "The departure must be after the arrival.",
        "actual_departure": "The departure must be after the arrival.",
    }


def test_counting_may_run_past_midnight(session: Session, place: Place) -> None:
    counted = create_visit(
        session,
        visit(place, phase=Phase.COUNTING, planned_arrival=at(19, 45), planned_departure=at(1)),
    )
    assert counted.planned_departure == at(1)


def test_voters_who_voted_fit_the_station(session: Session, place: Place) -> None:
    with pytest.raises(ValidationError) as raised:
        create_visit(session, visit(place, voters_voted=1201))
    assert raised.value.for_field("voters_voted") == (
        "1201 voters cannot have voted: the station has 1200 registered."
    )
    with pytest.raises(ValidationError) as raised:
        create_visit(session, visit(place, voters_voted=-1))
    assert raised.value.for_field("voters_voted") == "Voters who had voted cannot be negative."
    create_visit(session, visit(place, station_id=place.lyceum, voters_voted=5000))


def test_what_a_team_saw_belongs_to_a_visit_that_took_place(session: Session, place: Place) -> None:
    with pytest.raises(ValidationError) as raised:
        create_visit(session, visit(place, overall=Assessment.GOOD))
    assert raised.value.for_field("overall") == (
        "Only a visit that was done has an overall assessment: set it to done."
    )
    with pytest.raises(ValidationError) as raised:
        create_visit(
            session,
            visit(place, status=VisitStatus.CANCELLED, actual_arrival=at(9), voters_voted=10),
        )
    assert set(problems(raised)) == {"actual_arrival", "voters_voted"}
    done = create_visit(session, visit(place, status=VisitStatus.DONE, overall=Assessment.GOOD))
    assert done.overall is Assessment.GOOD


def test_a_visit_with_answers_stays_done_and_in_its_phase(session: Session, place: Place) -> None:
    visit_id = create_visit(session, visit(place, status=VisitStatus.DONE)).id
    question = create_question(
        session, QuestionFields("V1", Phase.VOTING, "Queue?", AnswerType.YES_NO)
    )
    set_answers(session, visit_id, {question.id: ("no", "")})
    with pytest.raises(ValidationError) as raised:
        update_visit(session, visit_id, visit(place, phase=Phase.OPENING))
    assert set(problems(raised)) == {"status", "phase"}
    assert raised.value.for_field("status") == (
        "The visit has 1 checklist answer(s), which only a visit that was done has. "
        "Keep it done, or clear its checklist first."
    )


# --- deleting -------------------------------------------------------------------------------


def test_deleting_a_visit_deletes_its_answers_and_incidents(session: Session, place: Place) -> None:
    gone = create_visit(session, visit(place, status=VisitStatus.DONE)).id
    kept = create_visit(session, visit(place, status=VisitStatus.DONE)).id
    question = create_question(
        session, QuestionFields("V1", Phase.VOTING, "Queue?", AnswerType.YES_NO)
    ).id
    for visit_id in (gone, kept):
        set_answers(session, visit_id, {question: ("yes", "")})
        create_incident(
            session, IncidentFields(visit_id, at(9), IncidentCategory.OTHER, description="x")
        )
    assert visit_delete_impact(session, gone) == {"answers": 1, "incidents": 1}
    delete_visit(session, gone)
    with unit_of_work(session):
        assert session.scalars(sa.select(Answer.visit_id)).all() == [kept]
        assert session.scalars(sa.select(Incident.visit_id)).all() == [kept]
    assert [r.id for r in list_visits(session, PageRequest()).rows] == [kept]


# --- lists ----------------------------------------------------------------------------------


def test_the_list_shows_where_and_when_with_answer_counts(session: Session, place: Place) -> None:
    visit_id = create_visit(
        session,
        visit(place, planned_arrival=at(8), status=VisitStatus.DONE, overall=Assessment.BAD),
    ).id
    question = create_question(
        session, QuestionFields("V1", Phase.VOTING, "Queue?", AnswerType.YES_NO)
    ).id
    set_answers(session, visit_id, {question: ("yes", "")})
    (row,) = list_visits(session, PageRequest()).rows
    assert (row.ref, row.team, row.station_code, row.station_name, row.locality) == (
        "V0001",
        "T1",
        "1001",
        "Школа № 5",
        "Бишкек",
    )
    assert (row.planned_arrival, row.status, row.overall, row.answers) == (
        at(8),
        VisitStatus.DONE,
        Assessment.BAD,
        1,
    )


def test_search_and_filters_run_in_sql(session: Session, place: Place) -> None:
    create_visit(session, visit(place, ref="A"))
    create_visit(session, visit(place, ref="B", station_id=place.lyceum))
    create_visit(session, visit(place, ref="C", team_id=place.other_team, phase=Phase.COUNTING))
    create_visit(session, visit(place, ref="D", date=dt.date(2024, 11, 18)))
    create_visit(session, visit(place, ref="E", status=VisitStatus.CANCELLED))

    def refs(search: str = "", **filters: object) -> list[str]:
        page = list_visits(session, PageRequest(search=search, sort="ref", filters=filters))
        assert page.total == len(page.rows)
        return [r.ref for r in page.rows]

    assert refs("ШКОЛА") == ["A", "C", "D", "E"]
    assert refs("inonu") == ["B"]
    assert refs("ысык") == ["B"]
    assert refs("t2") == ["C"]
    assert refs("бишкек t1") == ["A", "D", "E"]
    assert refs(team_id=place.other_team) == ["C"]
    assert refs(station_id=place.lyceum) == ["B"]
    assert refs(date=dt.date(2024, 11, 18)) == ["D"]
    assert refs(phase="Counting") == ["C"]
    assert refs(phase=Phase.VOTING, status="cancelled") == ["E"]


def test_pages_sort_vocabularies_in_their_own_order(session: Session, place: Place) -> None:
    for number, overall in enumerate([Assessment.VERY_BAD, Assessment.GOOD, None] * 5):
        create_visit(
            session,
            visit(place, ref=f"R{number:02d}", status=VisitStatus.DONE, overall=overall),
        )
    seen = []
    for offset in range(0, 15, 4):
        page = list_visits(session, PageRequest(sort="overall", offset=offset, limit=4))
        assert page.total == 15
        seen += page.rows
    assert sorted(r.ref for r in seen) == [f"R{n:02d}" for n in range(15)]
    order = [r.overall for r in seen if r.overall is not None]
    assert order == [Assessment.GOOD] * 5 + [Assessment.VERY_BAD] * 5


def test_a_team_itinerary_follows_the_clock(session: Session, place: Place) -> None:
    late = create_visit(session, visit(place, ref="late", planned_arrival=at(15))).id
    untimed = create_visit(session, visit(place, ref="untimed")).id
    early = create_visit(session, visit(place, ref="early", planned_arrival=at(8))).id
    noon = create_visit(
        session,
        visit(place, ref="noon", status=VisitStatus.DONE, actual_arrival=at(12)),
    ).id
    create_visit(session, visit(place, ref="other team", team_id=place.other_team))
    create_visit(session, visit(place, ref="next day", date=dt.date(2024, 11, 18)))

    itinerary = team_itinerary(session, place.team, ELECTION_DAY)
    assert [r.id for r in itinerary] == [early, noon, late, untimed]
    following = next_visit_of_team(session, early)
    assert following is not None and following.id == noon
    following = next_visit_of_team(session, late)
    assert following is not None and following.id == untimed
    assert next_visit_of_team(session, untimed) is None


def test_new_references_are_as_wide_as_the_last_one_made(session: Session, place: Place) -> None:
    for ref in ("V001", "V002", "V028"):
        create_visit(session, visit(place, ref=ref))
    assert create_visit(session, visit(place)).ref == "V029"
    create_visit(session, visit(place, ref="V00099"))
    assert create_visit(session, visit(place)).ref == "V00100"
