"""Hypothesis-generated missions round-trip through export and import, as .xlsx and as CSV."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.enums import (
    AccreditationStatus,
    AnswerType,
    Assessment,
    DelegationKind,
    IncidentCategory,
    MemberRole,
    Phase,
    Severity,
    VisitStatus,
)
from coordinator.db.missionfile import open_mission_file
from coordinator.exchange.exporter import export_mission
from coordinator.exchange.importer import import_workbook
from coordinator.services import (
    debrief,
    delegations,
    incidents,
    meetings,
    members,
    mission,
    statement_sections,
    stations,
    teams,
    visits,
)
from coordinator.services.answers import set_answers
from coordinator.services.checklist import questions_for_phase
from coordinator.services.files import new_mission
from tests.exchange.workbooks import dump

ELECTION_DAY = dt.date(2024, 11, 17)
# Letters and digits of any script, spaces inside, and the characters a formula starts with.
WORDS = (
    st.text(st.characters(categories=["L", "N"], include_characters=" '=+-@"), max_size=10)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
ANSWERS = {
    AnswerType.YES_NO: st.sampled_from(["yes", "no"]),
    AnswerType.NUMBER: st.integers(0, 5000).map(str),
    AnswerType.SCALE: st.sampled_from(["1", "2", "3", "4"]),
}
TIMES = st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0))


def _unique(strategy: st.SearchStrategy[str], most: int) -> st.SearchStrategy[list[str]]:
    return st.lists(strategy, min_size=1, max_size=most, unique=True)


def _write_mission(session: Session, data: st.DataObject) -> None:
    draw = data.draw
    mission.save_mission(
        session,
        mission.MissionFields(
            draw(WORDS),
            draw(WORDS),
            draw(WORDS),
            draw(WORDS),
            ELECTION_DAY,
            organisation_short=draw(WORDS),
            statement_place=draw(st.just("") | WORDS),
        ),
    )
    delegation_ids = [
        delegations.create_delegation(
            session,
            delegations.DelegationFields(name, draw(st.sampled_from(DelegationKind)), draw(WORDS)),
        ).id
        for name in draw(_unique(WORDS, 3))
    ]
    team_ids = [
        teams.create_team(session, teams.TeamFields(code, vehicle=draw(WORDS))).id
        for code in draw(_unique(st.from_regex(r"T[0-9]{1,2}", fullmatch=True), 3))
    ]
    member_ids = [
        members.create_member(
            session,
            members.MemberFields(
                name,
                draw(st.sampled_from(delegation_ids)),
                role=draw(st.sampled_from(MemberRole)),
                accreditation_status=draw(st.sampled_from(AccreditationStatus)),
                passport_no=draw(st.from_regex(r"0[0-9]{3}", fullmatch=True)),
                team_id=draw(st.none() | st.sampled_from(team_ids)),
            ),
        ).id
        for name in draw(_unique(WORDS, 4))
    ]
    station_ids = []
    for code in draw(_unique(st.from_regex(r"0[0-9]{1,3}|NA", fullmatch=True), 4)):
        locality = stations.find_or_create_locality(
            session, stations.LocalityFields(draw(WORDS), region=draw(st.just("") | WORDS))
        )
        station_ids.append(
            stations.create_station(
                session,
                stations.StationFields(
                    code,
                    locality.id,
                    name=draw(WORDS),
                    registered_voters=draw(st.none() | st.integers(500, 3000)),
                    # GPS precision: Excel keeps 15 significant digits, not all 17 of a double.
                    latitude=draw(st.none() | st.floats(-90, 90).map(lambda x: round(x, 6))),
                    accessible=draw(st.none() | st.booleans()),
                ),
            ).id
        )
    questions = questions_for_phase(session, Phase.VOTING)
    for number in range(draw(st.integers(0, 4))):
        done = draw(st.booleans())
        visit = visits.create_visit(
            session,
            visits.VisitFields(
                f"V{number + 1:04d}",
                draw(st.sampled_from(team_ids)),
                draw(st.sampled_from(station_ids)),
                ELECTION_DAY,
                Phase.VOTING,
                planned_arrival=draw(TIMES),
                status=VisitStatus.DONE if done else VisitStatus.PLANNED,
                voters_voted=draw(st.none() | st.integers(0, 400)) if done else None,
                overall=draw(st.none() | st.sampled_from(Assessment)) if done else None,
                notes=draw(st.just("") | WORDS),
            ),
        )
        if done:
            chosen = draw(st.lists(st.sampled_from(questions), max_size=3, unique=True))
            answers = {q.id: (draw(ANSWERS[q.answer_type]), "") for q in chosen}
            set_answers(session, visit.id, answers)
            if draw(st.booleans()):
                incidents.create_incident(
                    session,
                    incidents.IncidentFields(
                        visit.id,
                        draw(TIMES),
                        draw(st.sampled_from(IncidentCategory)),
                        draw(st.sampled_from(Severity)),
                        draw(st.booleans()),
                        draw(WORDS),
                    ),
                )
    for _ in range(draw(st.integers(0, 2))):
        debrief.create_debrief_note(
            session,
            debrief.DebriefFields(
                ELECTION_DAY,
                draw(st.none() | st.sampled_from(team_ids)),
                draw(WORDS),
                draw(WORDS),
                draw(WORDS),
                draw(st.booleans()),
            ),
        )
    for day in range(draw(st.integers(0, 2))):
        people = draw(st.lists(WORDS, min_size=1, max_size=2))
        meetings.create_meeting(
            session,
            meetings.MeetingFields(
                ELECTION_DAY - dt.timedelta(days=day),
                location=draw(WORDS),
                interlocutors=tuple(
                    meetings.InterlocutorFields(p, draw(st.just("") | WORDS)) for p in people
                ),
                key_points=tuple(
                    meetings.KeyPointFields(draw(WORDS), draw(st.booleans()))
                    for _ in range(draw(st.integers(0, 3)))
                ),
                participant_ids=tuple(draw(st.lists(st.sampled_from(member_ids), unique=True))),
            ),
        )
    statement_sections.replace_sections(
        session, draw(st.lists(st.tuples(WORDS, WORDS), max_size=2))
    )


@pytest.fixture(scope="module")
def standard_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new mission holding the standard checklist (File > New Mission), made once: each
    example writes into a copy of it instead of running the migrations again."""
    path = tmp_path_factory.mktemp("standard") / "standard.eom"
    new_mission(path).close()
    return path


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), as_csv=st.booleans())
def test_generated_missions_round_trip(
    standard_original: Path, data: st.DataObject, as_csv: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "first.eom", Path(folder) / "second.eom"
        shutil.copyfile(standard_original, first)
        with open_mission_file(first) as mission_file, mission_file.session() as session:
            _write_mission(session, data)
            out = export_mission(session, Path(folder) / ("csv" if as_csv else "out.xlsx"))
        import_workbook(second, out)
        expected, got = dump(first, by_value=True), dump(second, by_value=True)
        # Only the tables that differ, so that a failure shows what was lost.
        assert {t: got[t] for t in got if got[t] != expected[t]} == {
            t: expected[t] for t in got if got[t] != expected[t]
        }
        again = import_workbook(second, out)
        assert all(c.new == 0 and c.updated == 0 for c in again.counts), again.lines()
