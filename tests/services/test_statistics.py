"""The mission's statistics: small missions with known figures, and random missions whose
figures must equal a plain recount in Python and agree with each other."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import example, given, settings
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
)
from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.db.models import (
    Answer,
    ChecklistQuestion,
    Delegation,
    Incident,
    Locality,
    Member,
    PollingStation,
    Visit,
)
from coordinator.services.statistics import (
    AccreditationCount,
    AssessmentCounts,
    CategoryCount,
    CategorySeverityCount,
    CompositionCounts,
    Coverage,
    DelegationCount,
    IncidentCounts,
    LocalityCount,
    MissionStatistics,
    PhaseCount,
    QuestionStatistics,
    RoleCount,
    SeverityCount,
    ValueCount,
    assessments,
    composition,
    coverage,
    incident_counts,
    mission_statistics,
    question_statistics,
)
from tests.services.builders import (
    CANCELLED,
    COUNTING,
    DONE,
    OPENING,
    PLANNED,
    TABULATION,
    VOTING,
    RandomMission,
    building,
    random_missions,
    write,
)


def test_a_station_visited_twice_is_one_station_and_two_observations(session: Session) -> None:
    with building(session) as mission:
        bishkek = mission.locality("Bishkek", region="Bishkek city")
        kant = mission.locality("Kant", district="Ysyk-Ata", region="Chuy")
        school, gymnasium, kant_school = (mission.station(loc) for loc in (bishkek, bishkek, kant))
        mission.visit(school, OPENING)
        mission.visit(school, VOTING)
        mission.visit(gymnasium, VOTING)
        mission.visit(kant_school, COUNTING)
        mission.visit(kant_school, VOTING, PLANNED)
        mission.visit(gymnasium, COUNTING, CANCELLED)
        mission.visit(mission.station(kant), VOTING, PLANNED)

    seen = coverage(session)

    assert (seen.stations, seen.observations) == (3, 4)
    assert [(p.phase, p.observations, p.stations) for p in seen.phases] == [
        (OPENING, 1, 1),
        (VOTING, 2, 2),
        (COUNTING, 1, 1),
        (TABULATION, 0, 0),
    ]
    assert [(x.name, x.region, x.stations, x.observations) for x in seen.localities] == [
        ("Bishkek", "Bishkek city", 2, 3),
        ("Kant", "Chuy", 1, 1),
    ]
    assert seen.locality_names == ("Bishkek", "Kant")


def test_localities_with_as_many_stations_are_listed_by_name(session: Session) -> None:
    with building(session) as mission:
        for name in ("Osh", "Kant", "Bishkek"):
            mission.visit(mission.station(mission.locality(name)))
        mission.visit(mission.station(mission.locality("Kant", district="Other")))

    assert coverage(session).locality_names == ("Bishkek", "Kant", "Osh")
    assert [x.district for x in coverage(session).localities if x.name == "Kant"] == ["", "Other"]


def test_negative_answers_are_counted_per_observation_and_per_station(session: Session) -> None:
    with building(session) as mission:
        bishkek = mission.locality("Bishkek")
        school, gymnasium, lyceum = (mission.station(bishkek) for _ in range(3))
        secrecy = mission.question(VOTING, negative="no", critical="no", code="V1")
        queue = mission.question(VOTING, AnswerType.SCALE, negative="3;4", critical="4", code="V2")
        remarks = mission.question(VOTING, AnswerType.TEXT, code="V3")
        visits = [mission.visit(school), mission.visit(school)]
        visits += [mission.visit(gymnasium), mission.visit(lyceum)]
        planned = mission.visit(lyceum, VOTING, PLANNED)
        for visit, value in zip(visits, ["no", "no", "yes", "yes"], strict=True):
            mission.answer(visit, secrecy, value)
        mission.answer(planned, secrecy, "no")
        for visit, value in zip(visits, ["3", "4", "1", ""], strict=True):
            mission.answer(visit, queue, value)
        mission.answer(visits[0], remarks, "Long queue outside")
        mission.answer(visits[1], remarks, "")

    found = {q.code: q for q in question_statistics(session)}

    secret = found["V1"]
    assert (secret.answered, secret.negative, secret.critical, secret.negative_stations) == (
        4,
        2,
        2,
        1,
    )
    assert secret.share_negative == 0.5
    scale = found["V2"]
    assert (scale.answered, scale.negative, scale.critical, scale.negative_stations) == (3, 2, 1, 1)
    assert scale.values == (
        ValueCount("1", 1, negative=False, critical=False),
        ValueCount("3", 1, negative=True, critical=False),
        ValueCount("4", 1, negative=True, critical=True),
    )
    text = found["V3"]
    assert (text.answered, text.negative, text.values, text.share_negative) == (1, 0, (), 0.0)


def test_negative_stations_when_no_station_was_observed_twice(session: Session) -> None:
    with building(session) as mission:
        bishkek = mission.locality("Bishkek")
        queue = mission.question(VOTING, negative="no")
        for value in ["no", "no", "yes", "yes", "no"]:
            mission.answer(mission.visit(mission.station(bishkek)), queue, value)
        mission.visit(mission.station(bishkek), OPENING)
        mission.visit(mission.station(bishkek), OPENING)

    [found] = question_statistics(session)

    assert (found.answered, found.negative, found.negative_stations) == (5, 3, 3)


def test_answers_at_a_visit_of_another_phase_are_not_counted(session: Session) -> None:
    with building(session) as mission:
        station = mission.station(mission.locality("Kant"))
        opening = mission.question(OPENING, negative="no", code="O1")
        mission.answer(mission.visit(station, VOTING), opening, "no")

    [found] = question_statistics(session)

    assert (found.code, found.phase, found.answered, found.negative) == ("O1", OPENING, 0, 0)
    assert found.share_negative is None
    assert found.negative_stations == 0


def test_assessments_add_up_to_the_observations_of_each_phase(session: Session) -> None:
    with building(session) as mission:
        station = mission.station(mission.locality("Bishkek"))
        for overall in (Assessment.VERY_GOOD, Assessment.GOOD, Assessment.GOOD, None):
            mission.visit(station, VOTING, overall=overall)
        mission.visit(station, VOTING, PLANNED, overall=Assessment.BAD)
        mission.visit(station, COUNTING, overall=Assessment.VERY_BAD)

    found = {a.phase: a for a in assessments(session)}

    assert found[VOTING] == AssessmentCounts(VOTING, 1, 2, 0, 0, 1)
    assert found[VOTING].count(Assessment.GOOD) == 2
    assert (found[VOTING].assessed, found[VOTING].observations) == (3, 4)
    assert found[COUNTING] == AssessmentCounts(COUNTING, 0, 0, 0, 1, 0)
    assert found[OPENING].observations == 0


def test_incidents_count_unless_their_visit_was_cancelled(session: Session) -> None:
    campaign, order = IncidentCategory.CAMPAIGN_MATERIAL, IncidentCategory.PUBLIC_ORDER
    with building(session) as mission:
        bishkek = mission.locality("Bishkek")
        school, gymnasium, lyceum = (mission.station(bishkek) for _ in range(3))
        done = mission.visit(school)
        mission.incident(done, campaign)
        mission.incident(mission.visit(school), campaign, observed=False)
        mission.incident(mission.visit(gymnasium, status=PLANNED), order, Severity.SERIOUS)
        mission.incident(
            mission.visit(lyceum, status=CANCELLED),
            IncidentCategory.BALLOT_STUFFING_OR_LEAKAGE,
            Severity.CRITICAL,
        )

    found = incident_counts(session)

    assert (found.incidents, found.stations) == (3, 2)
    assert found.category(campaign) == CategoryCount(campaign, 2, 1, 1)
    assert found.category(IncidentCategory.BALLOT_STUFFING_OR_LEAKAGE).incidents == 0
    assert [(s.severity, s.incidents) for s in found.severities] == [
        (Severity.MINOR, 2),
        (Severity.SERIOUS, 1),
        (Severity.CRITICAL, 0),
    ]
    assert found.count(order, Severity.SERIOUS) == 1
    assert found.count(order, Severity.MINOR) == 0


def test_composition_counts_delegations_roles_and_accreditation(session: Session) -> None:
    with building(session) as mission:
        secretariat = mission.delegation("OTS Secretariat", DelegationKind.SECRETARIAT)
        azerbaijan = mission.delegation("Republic of Azerbaijan")
        mission.delegation("Republic of Kazakhstan")
        mission.member(secretariat, MemberRole.HEAD_OF_MISSION)
        mission.member(secretariat, MemberRole.COORDINATOR, AccreditationStatus.SUBMITTED)
        mission.member(azerbaijan)

    found = composition(session)

    assert (found.members, found.delegation_count) == (3, 3)
    assert found.delegations == (
        DelegationCount("OTS Secretariat", DelegationKind.SECRETARIAT, 2),
        DelegationCount("Republic of Azerbaijan", DelegationKind.MEMBER_STATE, 1),
        DelegationCount("Republic of Kazakhstan", DelegationKind.MEMBER_STATE, 0),
    )
    roles = {r.role: r.members for r in found.roles}
    assert (
        roles[MemberRole.HEAD_OF_MISSION],
        roles[MemberRole.OBSERVER],
        roles[MemberRole.DRIVER],
    ) == (
        1,
        1,
        0,
    )
    assert {a.status: a.members for a in found.accreditation}[AccreditationStatus.ACCREDITED] == 2


def test_an_empty_mission_has_every_phase_and_category_at_zero(session: Session) -> None:
    found = mission_statistics(session)

    assert (found.coverage.stations, found.coverage.observations) == (0, 0)
    assert [p.phase for p in found.coverage.phases] == list(Phase)
    assert found.coverage.localities == ()
    assert [a.observations for a in found.assessments] == [0, 0, 0, 0]
    assert found.questions == ()
    assert [c.incidents for c in found.incidents.categories] == [0] * len(IncidentCategory)
    assert found.composition == CompositionCounts(
        0,
        (),
        tuple(RoleCount(role, 0) for role in MemberRole),
        tuple(AccreditationCount(status, 0) for status in AccreditationStatus),
    )


# --- random missions -----------------------------------------------------------------------


def recount(session: Session) -> MissionStatistics:
    """The same figures, counted row by row in Python from everything in the file."""
    with session.begin():
        visits = session.scalars(sa.select(Visit)).all()
        station_locality = {s.id: s.locality_id for s in session.scalars(sa.select(PollingStation))}
        localities = {x.id: x for x in session.scalars(sa.select(Locality))}
        questions = session.scalars(sa.select(ChecklistQuestion)).all()
        answers = session.scalars(sa.select(Answer)).all()
        incidents = session.scalars(sa.select(Incident)).all()
        delegations = session.scalars(sa.select(Delegation)).all()
        members = session.scalars(sa.select(Member)).all()
    done = [v for v in visits if v.status is DONE]
    by_id = {v.id: v for v in visits}

    phases = tuple(
        PhaseCount(
            p,
            len([v for v in done if v.phase is p]),
            len({v.station_id for v in done if v.phase is p}),
        )
        for p in Phase
    )
    seen_at: dict[int, list[int]] = {}
    for v in done:
        seen_at.setdefault(station_locality[v.station_id], []).append(v.station_id)
    located = [
        LocalityCount(
            i, localities[i].name, localities[i].district, localities[i].region, len(set(s)), len(s)
        )
        for i, s in seen_at.items()
    ]
    located.sort(key=lambda x: (-x.stations, x.name, x.district, x.region, x.locality_id))
    assessed = tuple(
        AssessmentCounts(
            p,
            *(len([v for v in done if v.phase is p and v.overall is a]) for a in Assessment),
            len([v for v in done if v.phase is p and v.overall is None]),
        )
        for p in Phase
    )

    figures = []
    for q in sorted(questions, key=lambda q: (list(Phase).index(q.phase), q.position_in_list)):
        negative, critical = set(), set()
        if q.answer_type is not AnswerType.TEXT:
            negative = {x.strip() for x in q.negative_answer.split(";")} - {""}
            critical = {x.strip() for x in q.critical_answer.split(";")} - {""}
        counted = [
            (a.value, by_id[a.visit_id].station_id)
            for a in answers
            if a.question_id == q.id
            and by_id[a.visit_id].status is DONE
            and by_id[a.visit_id].phase is q.phase
            and a.value != ""
        ]
        tally = Counter(value for value, _ in counted)
        values = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
        figures.append(
            QuestionStatistics(
                q.id,
                q.code,
                q.phase,
                q.text,
                q.answer_type,
                len(counted),
                len([1 for value, _ in counted if value in negative]),
                len([1 for value, _ in counted if value in critical]),
                len({station for value, station in counted if value in negative}),
                ()
                if q.answer_type is AnswerType.TEXT
                else tuple(ValueCount(v, n, v in negative, v in critical) for v, n in values),
            )
        )

    held = [i for i in incidents if by_id[i.visit_id].status is not CANCELLED]
    combinations = Counter((i.category, i.severity) for i in held)
    incident_figures = IncidentCounts(
        len(held),
        len({by_id[i.visit_id].station_id for i in held}),
        tuple(
            CategoryCount(
                c,
                len([i for i in held if i.category is c]),
                len([i for i in held if i.category is c and i.observed]),
                len({by_id[i.visit_id].station_id for i in held if i.category is c}),
            )
            for c in IncidentCategory
        ),
        tuple(SeverityCount(s, len([i for i in held if i.severity is s])) for s in Severity),
        tuple(
            CategorySeverityCount(c, s, n)
            for (c, s), n in sorted(
                combinations.items(), key=lambda item: (item[0][0].value, item[0][1].value)
            )
        ),
    )
    people = CompositionCounts(
        len(members),
        tuple(
            DelegationCount(d.name, d.kind, len([m for m in members if m.delegation_id == d.id]))
            for d in sorted(delegations, key=lambda d: d.name)
        ),
        tuple(RoleCount(r, len([m for m in members if m.role is r])) for r in MemberRole),
        tuple(
            AccreditationCount(s, len([m for m in members if m.accreditation_status is s]))
            for s in AccreditationStatus
        ),
    )
    return MissionStatistics(
        Coverage(len({v.station_id for v in done}), len(done), phases, tuple(located)),
        assessed,
        tuple(figures),
        incident_figures,
        people,
    )


def assert_figures_agree(found: MissionStatistics) -> None:
    seen = found.coverage
    assert seen.observations == sum(p.observations for p in seen.phases)
    assert seen.stations == sum(x.stations for x in seen.localities)
    assert seen.observations == sum(x.observations for x in seen.localities)
    assert all(p.stations <= min(p.observations, seen.stations) for p in seen.phases)
    assert seen.stations <= sum(p.stations for p in seen.phases)
    for counts in found.assessments:
        assert counts.observations == seen.phase(counts.phase).observations
    for q in found.questions:
        phase = seen.phase(q.phase)
        assert q.answered <= phase.observations
        assert q.negative <= q.answered and q.critical <= q.answered
        assert q.negative_stations <= min(q.negative, phase.stations)
        assert (q.negative_stations == 0) == (q.negative == 0)
    incidents = found.incidents
    assert incidents.incidents == sum(c.incidents for c in incidents.categories)
    assert incidents.incidents == sum(s.incidents for s in incidents.severities)
    assert incidents.incidents == sum(c.incidents for c in incidents.category_severities)
    assert all(c.stations <= min(c.incidents, incidents.stations) for c in incidents.categories)
    people = found.composition
    assert people.members == sum(r.members for r in people.roles)
    assert people.members == sum(a.members for a in people.accreditation)
    assert people.members == sum(d.members for d in people.delegations)


@pytest.fixture(scope="module")
def empty_mission(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.eom"
    create_mission_file(path).close()
    return path


TWICE_NEGATIVE = RandomMission(
    localities=1,
    stations=[0, 0],
    questions=[(VOTING, AnswerType.YES_NO, "no", "")],
    visits=[(0, VOTING, DONE, None), (0, VOTING, DONE, None), (1, VOTING, DONE, None)],
    answers={(0, 0): 1, (1, 0): 1, (2, 0): 1},
    incidents=[],
    members=[],
)


@settings(max_examples=25, deadline=None)
@given(plan=random_missions())
@example(plan=TWICE_NEGATIVE)
def test_random_missions_agree_with_a_recount_row_by_row(
    empty_mission: Path, plan: RandomMission
) -> None:
    # A fresh copy of an empty file per example, so examples never see each other's records.
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "random.eom"
        shutil.copyfile(empty_mission, copy)
        mission_file = open_mission_file(copy)
        try:
            with mission_file.session() as session:
                write(session, plan)
                found = mission_statistics(session)
                assert_figures_agree(found)
                assert found == recount(session)
                assert found.coverage == coverage(session)
                assert found.assessments == assessments(session)
                assert found.questions == question_statistics(session)
        finally:
            mission_file.close()
