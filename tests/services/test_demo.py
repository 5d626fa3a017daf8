"""The demo mission is the reference statement as data: its figures are the statement's."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from coordinator.db.enums import Phase
from coordinator.services.check import check_mission
from coordinator.services.meetings import statement_key_points
from coordinator.services.mission import get_mission
from coordinator.services.statistics import mission_statistics
from coordinator.services.unit import format_date


def test_the_figures_of_the_statement(demo: Session) -> None:
    figures = mission_statistics(demo)
    assert figures.coverage.stations == 16
    assert [place.name for place in figures.coverage.localities] == ["Bishkek", "Kant"]
    assert len(figures.composition.delegations) == 4
    assert {d.name for d in figures.composition.delegations} == {
        "Secretariat of the OTS",
        "Republic of Azerbaijan",
        "Republic of Kazakhstan",
        "Republic of Uzbekistan",
    }
    # A station visited twice is one station: more observations than stations.
    assert figures.coverage.observations > figures.coverage.stations
    by_phase = {p.phase: p for p in figures.coverage.phases}
    assert by_phase[Phase.TABULATION].observations > 0


def test_nothing_negative_was_found(demo: Session) -> None:
    """The statement reports no campaign material, coercion, leakage, interference..."""
    figures = mission_statistics(demo)
    assert figures.questions, "the demo visits answer the checklist"
    assert all(question.negative == 0 for question in figures.questions)
    assert figures.incidents.incidents == 0


def test_the_mission_and_the_presentation(demo: Session) -> None:
    mission = get_mission(demo)
    assert mission is not None
    assert mission.organisation == "Organization of Turkic States"
    assert format_date(mission.election_date) == "17 November 2024"
    points = statement_key_points(demo)
    assert [point.text for _meeting, point in points] == [
        "The election threshold was reduced from 7% to 5%.",
        "In the elections of Deputies of Local Councils, e-voting system is being used for "
        "the first time.",
        "Updated biometric identification system was adopted.",
    ]
    assert {format_date(meeting.date) for meeting, _point in points} == {"16 November 2024"}


def test_the_demo_passes_its_own_check(demo_path: Path) -> None:
    from coordinator.db.missionfile import open_mission_file

    with open_mission_file(demo_path) as mission_file:
        report = check_mission(mission_file)
    assert report.ok, report.lines()
