"""A big synthetic mission, the same every time, for the benchmarks to write and read.

`synthetic_mission()` returns plain rows (the records of `coordinator.services.bulk` and a
few small dataclasses) that both a benchmark's path through the program and its bare
library baseline can write. Rows refer to each other by the ids a NEW, empty mission file
gives them when they are written in list order (the first locality is 1, and so on):
`write_mission()` writes them that way and checks it.

At full scale: 100,000 stations in 200 localities, 50 teams, 200,000 visits and about
2,000,000 answers over a checklist like the standard one, plus delegations, members and
incidents so that every figure of the statement has something to count.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import (
    AnswerType,
    Assessment,
    IncidentCategory,
    LocalityKind,
    MemberRole,
    Phase,
    Severity,
    VisitStatus,
)
from coordinator.db.missionfile import create_mission_file
from coordinator.db.models import Base, ChecklistQuestion, Delegation, Incident, Member
from coordinator.db.text import search_key
from coordinator.services.bulk import (
    AnswerRecord,
    LocalityRecord,
    StationRecord,
    TeamRecord,
    VisitRecord,
    add_answers,
    add_localities,
    add_stations,
    add_teams,
    add_visits,
)

ELECTION_DAY = dt.date(2024, 11, 17)
SEED = 20241117


@dataclass(frozen=True, slots=True)
class QuestionRow:
    code: str
    phase: Phase
    position_in_list: int
    text: str
    answer_type: AnswerType
    choices: str = ""
    negative_answer: str = ""
    critical_answer: str = ""


@dataclass(frozen=True, slots=True)
class MemberRow:
    full_name: str
    delegation_id: int
    role: MemberRole
    team_id: int | None


@dataclass(frozen=True, slots=True)
class IncidentRow:
    visit_id: int
    time: dt.time | None
    category: IncidentCategory
    severity: Severity
    observed: bool
    description: str


@dataclass
class SyntheticMission:
    questions: list[QuestionRow] = field(default_factory=list)
    localities: list[LocalityRecord] = field(default_factory=list)
    stations: list[StationRecord] = field(default_factory=list)
    teams: list[TeamRecord] = field(default_factory=list)
    visits: list[VisitRecord] = field(default_factory=list)
    answers: list[AnswerRecord] = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    incidents: list[IncidentRow] = field(default_factory=list)


# A checklist like the standard one, with every answer type and negative and critical
# answers of both senses: code | phase | answer type | choices | negative | critical | text.
CHECKLIST = """
OP01 | opening | yes_no |  | no |  | Did the polling station open on time?
OP02 | opening | yes_no |  | no | no | Were the ballot boxes sealed in front of observers?
OP03 | opening | yes_no |  | no |  | Were all election materials present?
OP04 | opening | yes_no |  | no |  | Were unused ballots counted before opening?
OP05 | opening | number |  |  |  | How many voters were waiting at opening?
OP06 | opening | yes_no |  | no |  | Was the station accessible to voters with disabilities?
OP07 | opening | yes_no |  | yes |  | Were unauthorised persons present?
OP08 | opening | number |  |  |  | How many commission members were present?
OP09 | opening | scale |  | 3;4 | 4 | How well were opening procedures followed?
OP10 | opening | choice | none;one party;several parties | none |  | Party agents present
OP11 | opening | yes_no |  | no |  | Was the voter list available?
OP12 | opening | text |  |  |  | Remarks on the opening
V01 | voting | yes_no |  | no | no | Was the secrecy of the vote ensured?
V02 | voting | yes_no |  | no |  | Were identity documents checked?
V03 | voting | yes_no |  | no |  | Did biometric identification work?
V04 | voting | yes_no |  | no |  | Did the e-voting equipment work without interruption?
V05 | voting | yes_no |  | yes |  | Did you see group or family voting?
V06 | voting | yes_no |  | yes |  | Was there campaign material in or near the station?
V07 | voting | yes_no |  | yes | yes | Did you see pressure on voters?
V08 | voting | yes_no |  | yes | yes | Did you see ballot stuffing?
V09 | voting | yes_no |  |  |  | Were national observers present?
V10 | voting | yes_no |  | no | no | Were observers given full access?
V11 | voting | number |  |  |  | How many voters were queuing?
V12 | voting | scale |  | 3;4 |  | How suitable was the layout of the station?
V13 | voting | choice | no;somewhat;very | very |  | Was the station overcrowded?
V14 | voting | text |  |  |  | Remarks on voting
C01 | counting | yes_no |  | no |  | Were unused ballots cancelled before the count?
C02 | counting | yes_no |  | no | no | Was the ballot box intact?
C03 | counting | yes_no |  | no |  | Were the counting procedures followed?
C04 | counting | yes_no |  | no |  | Was the validity of ballots decided reasonably?
C05 | counting | yes_no |  | no | no | Did the e-voting results match the manual count?
C06 | counting | yes_no |  | no |  | Could observers see the marks on ballots?
C07 | counting | yes_no |  | yes | yes | Did unauthorised persons take part in the count?
C08 | counting | number |  |  |  | How many ballots were declared invalid?
C09 | counting | scale |  | 3;4 | 4 | How transparent was the count?
C10 | counting | yes_no |  | no |  | Were the results protocols signed?
C11 | counting | yes_no |  | no |  | Was a copy of the protocol posted publicly?
C12 | counting | text |  |  |  | Remarks on the count
T01 | tabulation | yes_no |  | no | no | Were the observers given full access?
T02 | tabulation | yes_no |  | no |  | Were the premises adequate?
T03 | tabulation | yes_no |  | yes | yes | Were protocols corrected without explanation?
T04 | tabulation | yes_no |  | no |  | Were the procedures followed?
T05 | tabulation | number |  |  |  | How many protocols arrived while you observed?
T06 | tabulation | scale |  | 3;4 |  | How orderly was the tabulation?
T07 | tabulation | yes_no |  | no |  | Were results entered in front of observers?
T08 | tabulation | choice | chairperson;secretary;other | other |  | Who brought the protocols?
T09 | tabulation | yes_no |  | yes |  | Were unauthorised persons present?
T10 | tabulation | yes_no |  | no |  | Was the tabulation process transparent?
T11 | tabulation | text |  |  |  | Remarks on tabulation
"""

REGIONS = ("Бишкек", "Ош", "Чүй", "Ысык-Көл", "Нарын", "Талас", "Жалал-Абад", "Баткен")
PLACES = ("Кант", "Токмок", "Кара-Балта", "Өзгөн", "Каракол", "Балыкчы", "Сүлүктү", "Кызыл-Кыя")
STREETS = ("ул. Ленина", "пр. Чүй", "ул. Токтогула", "Manas avenue", "ул. Ибраимова", "İnönü")
DELEGATIONS = ("Secretariat", "Azerbaijan", "Hungary", "Kazakhstan", "Türkiye", "Uzbekistan")
REMARKS = ("Nothing to report.", "Calm atmosphere.", "Очередь у входа.", "Staff well trained.")
# Share of visits in each phase (teams spend most of election day on voting) and of
# visits that were done; the rest were planned or cancelled.
PHASE_SHARES = ((Phase.OPENING, 0.10), (Phase.VOTING, 0.70), (Phase.COUNTING, 0.15))
DONE_SHARE = 0.95
FIRST_ARRIVAL = {Phase.OPENING: 6, Phase.VOTING: 8, Phase.COUNTING: 20, Phase.TABULATION: 22}


def checklist() -> list[QuestionRow]:
    rows = []
    for position, line in enumerate(CHECKLIST.strip().splitlines()):
        code, phase, kind, choices, negative, critical, text = (p.strip() for p in line.split("|"))
        rows.append(
            QuestionRow(
                code, Phase(phase), position, text, AnswerType(kind), choices, negative, critical
            )
        )
    return rows


def _pick(draw: float, shares: tuple[tuple[Phase, float], ...], rest: Phase) -> Phase:
    for choice, share in shares:
        if draw < share:
            return choice
        draw -= share
    return rest


def _assessment(draw: float) -> Assessment:
    if draw < 0.45:
        return Assessment.VERY_GOOD
    if draw < 0.9:
        return Assessment.GOOD
    return Assessment.BAD if draw < 0.98 else Assessment.VERY_BAD


def _value(rng: random.Random, question: QuestionRow) -> str:
    """A plausible canonical answer: mostly fine, now and then negative."""
    draw = rng.random()
    kind = question.answer_type
    if kind is AnswerType.YES_NO:
        bad = question.negative_answer or "no"
        good = "yes" if bad == "no" else "no"
        return bad if draw < 0.06 else good
    if kind is AnswerType.SCALE:
        return "1" if draw < 0.5 else "2" if draw < 0.85 else "3" if draw < 0.96 else "4"
    if kind is AnswerType.NUMBER:
        return str(int(draw * 60))
    if kind is AnswerType.CHOICE:
        options = question.choices.split(";")
        return options[0] if draw < 0.7 else options[int(draw * 10) % len(options)]
    return REMARKS[int(draw * len(REMARKS))]


def _clock(minutes: int) -> dt.time:
    minutes = min(minutes, 23 * 60 + 59)
    return dt.time(minutes // 60, minutes % 60)


def _places(mission: SyntheticMission, rng: random.Random, stations: int, localities: int) -> None:
    for number in range(localities):
        region = REGIONS[number % len(REGIONS)]
        name = f"{PLACES[number % len(PLACES)]}-{number // len(PLACES) + 1}"
        size = LocalityKind.CITY if number % 5 == 0 else LocalityKind.VILLAGE
        mission.localities.append(LocalityRecord(name, f"{region} district", region, size))
    for number in range(stations):
        mission.stations.append(
            StationRecord(
                code=f"{number + 1:06d}",
                locality_id=number * localities // stations + 1,
                name=f"Школа № {number % 170 + 1}",
                address=f"{STREETS[number % len(STREETS)]} {number % 300 + 1}",
                registered_voters=rng.randrange(200, 3000),
                latitude=round(39.5 + rng.random() * 3.5, 6),
                longitude=round(69.5 + rng.random() * 10.5, 6),
                accessible=rng.random() < 0.7,
            )
        )


def _people(mission: SyntheticMission, teams: int) -> None:
    for number in range(teams):
        mission.teams.append(
            TeamRecord(
                f"T{number + 1:02d}",
                interpreter=f"Interpreter {number + 1}",
                driver=f"Driver {number + 1}",
                vehicle=f"Toyota 01KG{number:03d}",
                area=f"{REGIONS[number % len(REGIONS)]} area",
            )
        )
    mission.delegations = list(DELEGATIONS)
    leaders = (MemberRole.HEAD_OF_MISSION, MemberRole.DEPUTY, MemberRole.COORDINATOR)
    mission.members += [
        MemberRow(f"Leader {n + 1}", 1, role, None) for n, role in enumerate(leaders)
    ]
    for team in range(1, teams + 1):
        for seat in (1, 2):
            delegation = (team * 2 + seat) % (len(DELEGATIONS) - 1) + 2
            role = MemberRole.OBSERVER
            mission.members.append(MemberRow(f"Observer {team}-{seat}", delegation, role, team))
        mission.members.append(MemberRow(f"Interpreter {team}", 1, MemberRole.INTERPRETER, team))
        mission.members.append(MemberRow(f"Driver {team}", 1, MemberRole.DRIVER, team))


def _visit(rng: random.Random, visit_id: int, station: int, team: int) -> VisitRecord:
    phase = _pick(rng.random(), PHASE_SHARES, Phase.TABULATION)
    draw = rng.random()
    done = draw < DONE_SHARE
    status = (
        VisitStatus.DONE if done else VisitStatus.PLANNED if draw < 0.98 else VisitStatus.CANCELLED
    )
    arrival = FIRST_ARRIVAL[phase] * 60 + rng.randrange(0, 600 if phase is Phase.VOTING else 90)
    return VisitRecord(
        ref=f"V{visit_id:06d}",
        team_id=team,
        station_id=station,
        date=ELECTION_DAY + dt.timedelta(days=1 if phase is Phase.TABULATION else 0),
        phase=phase,
        status=status,
        planned_arrival=_clock(arrival),
        planned_departure=_clock(arrival + 45),
        actual_arrival=_clock(arrival + rng.randrange(0, 20)) if done else None,
        actual_departure=_clock(arrival + rng.randrange(40, 80)) if done else None,
        voters_voted=rng.randrange(0, 200) if done and phase is Phase.VOTING else None,
        overall=_assessment(rng.random()) if done else None,
        notes="" if rng.random() < 0.9 else REMARKS[visit_id % len(REMARKS)],
    )


def _observations(
    mission: SyntheticMission, rng: random.Random, visits: int, answers_per_visit: int
) -> None:
    """Visits, with answers and now and then an incident for those that were done."""
    asked: dict[Phase, list[int]] = {}
    for question_id, question in enumerate(mission.questions, 1):
        asked.setdefault(question.phase, []).append(question_id)
    # Done visits answer more, so that the average over all visits is answers_per_visit.
    per_done_visit = answers_per_visit / DONE_SHARE
    stations, localities, teams = len(mission.stations), len(mission.localities), len(mission.teams)
    for visit_id in range(1, visits + 1):
        station = rng.randrange(stations)
        team = station * localities // stations % teams + 1  # a team covers whole localities
        visit = _visit(rng, visit_id, station + 1, team)
        mission.visits.append(visit)
        if visit.status is not VisitStatus.DONE:
            continue
        questions = asked[visit.phase]
        count = min(len(questions), int(per_done_visit + rng.random()))
        for question_id in sorted(rng.sample(questions, count)):
            value = _value(rng, mission.questions[question_id - 1])
            comment = "" if rng.random() < 0.98 else "Наблюдатели отметили задержку."
            mission.answers.append(AnswerRecord(visit_id, question_id, value, comment))
        if rng.random() < 0.01:
            severity = (Severity.MINOR, Severity.MINOR, Severity.SERIOUS, Severity.CRITICAL)
            mission.incidents.append(
                IncidentRow(
                    visit_id,
                    visit.actual_arrival,
                    rng.choice(list(IncidentCategory)),
                    rng.choice(severity),
                    rng.random() < 0.7,
                    "Synthetic incident for the benchmark.",
                )
            )


def synthetic_mission(
    *,
    stations: int = 100_000,
    visits: int = 200_000,
    answers_per_visit: int = 10,
    teams: int = 50,
    localities: int = 200,
    seed: int = SEED,
) -> SyntheticMission:
    """The rows of a mission of this size, the same for the same arguments."""
    rng = random.Random(seed)
    mission = SyntheticMission(questions=checklist())
    _places(mission, rng, stations, localities)
    _people(mission, teams)
    _observations(mission, rng, visits, answers_per_visit)
    return mission


def at_scale(scale: float, seed: int = SEED) -> SyntheticMission:
    """The full-size mission (100,000 stations, 200,000 visits) times `scale`."""
    return synthetic_mission(
        stations=max(1, round(100_000 * scale)), visits=max(1, round(200_000 * scale)), seed=seed
    )


def table_of(model: type[Base]) -> sa.Table:
    return cast(sa.Table, model.__table__)


def _with_uuids(rows: list[Any], **computed: Callable[[Any], object]) -> list[dict[str, Any]]:
    """Insert values of rows whose fields are named as their table's columns."""
    return [
        {"uuid": uuid.uuid4(), **asdict(row), **{k: f(row) for k, f in computed.items()}}
        for row in rows
    ]


def write_checklist(session: Session, mission: SyntheticMission) -> None:
    """The checklist, written straight into its table (the checklist service is not the
    subject of these benchmarks)."""
    with session.begin():
        session.execute(sa.insert(table_of(ChecklistQuestion)), _with_uuids(mission.questions))


def write_people_and_incidents(session: Session, mission: SyntheticMission) -> None:
    """Delegations, members and incidents, written straight into their tables."""
    delegations = [
        {"uuid": uuid.uuid4(), "name": name, "search_key": search_key(name)}
        for name in mission.delegations
    ]
    members = _with_uuids(mission.members, search_key=lambda m: search_key(m.full_name))
    with session.begin():
        session.execute(sa.insert(table_of(Delegation)), delegations)
        session.execute(sa.insert(table_of(Member)), members)
        session.execute(sa.insert(table_of(Incident)), _with_uuids(mission.incidents))


def check_ids(
    mission: SyntheticMission,
    localities: dict[tuple[str, str, str], int],
    stations: dict[str, int],
    teams: dict[str, int],
    visits: dict[str, int],
) -> None:
    """Raise unless the file gave the rows the ids they assume (it was new and empty)."""
    in_order = (
        [localities[r.name, r.district, r.region] for r in mission.localities],
        [stations[r.code] for r in mission.stations],
        [teams[r.code] for r in mission.teams],
        [visits[r.ref] for r in mission.visits],
    )
    for ids in in_order:
        if ids != list(range(1, len(ids) + 1)):
            raise RuntimeError("The mission file was not empty: ids differ from the rows'.")


def write_through_services(session: Session, mission: SyntheticMission) -> None:
    """Localities, stations, teams, visits and answers through the bulk write path."""
    localities = add_localities(session, mission.localities)
    stations = add_stations(session, mission.stations)
    teams = add_teams(session, mission.teams)
    visits = add_visits(session, mission.visits)
    add_answers(session, mission.answers)
    check_ids(mission, localities, stations, teams, visits)


def write_mission(path: Path, mission: SyntheticMission) -> None:
    """A new mission file at `path` holding the whole synthetic mission."""
    opened = create_mission_file(path, replace=True)
    try:
        with opened.session() as session:
            write_checklist(session, mission)
            write_through_services(session, mission)
            write_people_and_incidents(session, mission)
    finally:
        opened.close()
