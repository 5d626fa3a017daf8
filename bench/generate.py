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
from dataclasses import dataclass, field
from pathlib import Path

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
from coordinator.db.models import ChecklistQuestion, Delegation, Incident, Member
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

Y, SCALE, NUMBER, TEXT, CHOICE = (
    AnswerType.YES_NO,
    AnswerType.SCALE,
    AnswerType.NUMBER,
    AnswerType.TEXT,
    AnswerType.CHOICE,
)


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


# (phase, code, text, answer type, choices, negative answer, critical answer): like the
# standard checklist, with every answer type and negative/critical answers of both senses.
CHECKLIST: tuple[tuple[Phase, str, str, AnswerType, str, str, str], ...] = (
    (Phase.OPENING, "OP01", "Did the polling station open on time?", Y, "", "no", ""),
    (
        Phase.OPENING,
        "OP02",
        "Were the ballot boxes sealed in front of observers?",
        Y,
        "",
        "no",
        "no",
    ),
    (Phase.OPENING, "OP03", "Were all election materials present?", Y, "", "no", ""),
    (Phase.OPENING, "OP04", "Were unused ballots counted before opening?", Y, "", "no", ""),
    (Phase.OPENING, "OP05", "How many voters were waiting at opening?", NUMBER, "", "", ""),
    (
        Phase.OPENING,
        "OP06",
        "Was the station accessible to voters with disabilities?",
        Y,
        "",
        "no",
        "",
    ),
    (Phase.OPENING, "OP07", "Were unauthorised persons present?", Y, "", "yes", ""),
    (Phase.OPENING, "OP08", "How many commission members were present?", NUMBER, "", "", ""),
    (Phase.OPENING, "OP09", "How well were opening procedures followed?", SCALE, "", "3;4", "4"),
    (
        Phase.OPENING,
        "OP10",
        "Party representatives present",
        CHOICE,
        "none;one party;several parties",
        "none",
        "",
    ),
    (Phase.OPENING, "OP11", "Was the voter list available?", Y, "", "no", ""),
    (Phase.OPENING, "OP12", "Remarks on the opening", TEXT, "", "", ""),
    (Phase.VOTING, "V01", "Was the secrecy of the vote ensured?", Y, "", "no", "no"),
    (Phase.VOTING, "V02", "Were identity documents checked?", Y, "", "no", ""),
    (Phase.VOTING, "V03", "Did biometric identification work?", Y, "", "no", ""),
    (Phase.VOTING, "V04", "Did the e-voting equipment work without interruption?", Y, "", "no", ""),
    (Phase.VOTING, "V05", "Did you see group or family voting?", Y, "", "yes", ""),
    (Phase.VOTING, "V06", "Was there campaign material in or near the station?", Y, "", "yes", ""),
    (Phase.VOTING, "V07", "Did you see pressure on voters?", Y, "", "yes", "yes"),
    (Phase.VOTING, "V08", "Did you see ballot stuffing?", Y, "", "yes", "yes"),
    (Phase.VOTING, "V09", "Were national observers present?", Y, "", "", ""),
    (Phase.VOTING, "V10", "Were observers given full access?", Y, "", "no", "no"),
    (Phase.VOTING, "V11", "How many voters were queuing?", NUMBER, "", "", ""),
    (Phase.VOTING, "V12", "How suitable was the layout of the station?", SCALE, "", "3;4", ""),
    (Phase.VOTING, "V13", "Was the station overcrowded?", CHOICE, "no;somewhat;very", "very", ""),
    (Phase.VOTING, "V14", "Remarks on voting", TEXT, "", "", ""),
    (Phase.COUNTING, "C01", "Were unused ballots cancelled before the count?", Y, "", "no", ""),
    (Phase.COUNTING, "C02", "Was the ballot box intact?", Y, "", "no", "no"),
    (Phase.COUNTING, "C03", "Were the counting procedures followed?", Y, "", "no", ""),
    (Phase.COUNTING, "C04", "Was the validity of ballots decided reasonably?", Y, "", "no", ""),
    (Phase.COUNTING, "C05", "Did the e-voting results match the manual count?", Y, "", "no", "no"),
    (Phase.COUNTING, "C06", "Were observers able to see the marks on ballots?", Y, "", "no", ""),
    (
        Phase.COUNTING,
        "C07",
        "Did unauthorised persons take part in the count?",
        Y,
        "",
        "yes",
        "yes",
    ),
    (Phase.COUNTING, "C08", "How many ballots were declared invalid?", NUMBER, "", "", ""),
    (Phase.COUNTING, "C09", "How transparent was the count?", SCALE, "", "3;4", "4"),
    (Phase.COUNTING, "C10", "Were the results protocols signed?", Y, "", "no", ""),
    (Phase.COUNTING, "C11", "Was a copy of the protocol posted publicly?", Y, "", "no", ""),
    (Phase.COUNTING, "C12", "Remarks on the count", TEXT, "", "", ""),
    (Phase.TABULATION, "T01", "Were the observers given full access?", Y, "", "no", "no"),
    (Phase.TABULATION, "T02", "Were the premises adequate?", Y, "", "no", ""),
    (Phase.TABULATION, "T03", "Were protocols corrected without explanation?", Y, "", "yes", "yes"),
    (Phase.TABULATION, "T04", "Were the procedures followed?", Y, "", "no", ""),
    (
        Phase.TABULATION,
        "T05",
        "How many protocols were received while you observed?",
        NUMBER,
        "",
        "",
        "",
    ),
    (Phase.TABULATION, "T06", "How orderly was the tabulation?", SCALE, "", "3;4", ""),
    (
        Phase.TABULATION,
        "T07",
        "Were results entered in the system in front of observers?",
        Y,
        "",
        "no",
        "",
    ),
    (
        Phase.TABULATION,
        "T08",
        "Who brought the protocols?",
        CHOICE,
        "chairperson;secretary;other",
        "other",
        "",
    ),
    (Phase.TABULATION, "T09", "Were unauthorised persons present?", Y, "", "yes", ""),
    (Phase.TABULATION, "T10", "Was the tabulation process transparent?", Y, "", "no", ""),
    (Phase.TABULATION, "T11", "Remarks on tabulation", TEXT, "", "", ""),
)

REGIONS = ("Бишкек", "Ош", "Чүй", "Ысык-Көл", "Нарын", "Талас", "Жалал-Абад", "Баткен")
PLACES = ("Кант", "Токмок", "Кара-Балта", "Өзгөн", "Каракол", "Балыкчы", "Сүлүктү", "Кызыл-Кыя")
STREETS = ("ул. Ленина", "пр. Чүй", "ул. Токтогула", "Manas avenue", "ул. Ибраимова", "İnönü")
DELEGATIONS = (
    "Secretariat",
    "Azerbaijan",
    "Hungary",
    "Kazakhstan",
    "Türkiye",
    "Turkmenistan",
    "Uzbekistan",
    "Northern Cyprus",
)
REMARKS = ("Nothing to report.", "Calm atmosphere.", "Очередь у входа.", "Staff well trained.")
# Phase of each visit, in proportion (ODIHR teams spend most of election day on voting).
PHASE_SHARES = ((Phase.OPENING, 0.10), (Phase.VOTING, 0.70), (Phase.COUNTING, 0.15))
FIRST_ARRIVAL = {Phase.OPENING: 6, Phase.VOTING: 8, Phase.COUNTING: 20, Phase.TABULATION: 22}


def _phase(draw: float) -> Phase:
    for phase, share in PHASE_SHARES:
        if draw < share:
            return phase
        draw -= share
    return Phase.TABULATION


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
    mission = SyntheticMission()
    for position, (phase, code, text, kind, choices, negative, critical) in enumerate(CHECKLIST):
        mission.questions.append(
            QuestionRow(code, phase, position, text, kind, choices, negative, critical)
        )
    by_phase: dict[Phase, list[int]] = {}
    for question_id, question in enumerate(mission.questions, 1):
        by_phase.setdefault(question.phase, []).append(question_id)

    for number in range(localities):
        region = REGIONS[number % len(REGIONS)]
        name = f"{PLACES[number % len(PLACES)]}-{number // len(PLACES) + 1}"
        kind = LocalityKind.CITY if number % 5 == 0 else LocalityKind.VILLAGE
        mission.localities.append(LocalityRecord(name, f"{region} district", region, kind))
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
    for number in range(stations):
        locality = number * localities // stations
        mission.stations.append(
            StationRecord(
                code=f"{number + 1:06d}",
                locality_id=locality + 1,
                name=f"Школа № {number % 170 + 1}",
                address=f"{STREETS[number % len(STREETS)]} {number % 300 + 1}",
                registered_voters=rng.randrange(200, 3000),
                latitude=round(39.5 + rng.random() * 3.5, 6),
                longitude=round(69.5 + rng.random() * 10.5, 6),
                accessible=rng.random() < 0.7,
            )
        )

    # Each done visit answers a share of its phase's questions, so that the total is
    # answers_per_visit per visit on average although planned and cancelled ones have none.
    done_share = 0.95
    per_done_visit = answers_per_visit / done_share
    for number in range(visits):
        visit_id = number + 1
        station = rng.randrange(stations)
        locality = station * localities // stations
        phase = _phase(rng.random())
        draw = rng.random()
        status = (
            VisitStatus.DONE
            if draw < done_share
            else VisitStatus.PLANNED
            if draw < 0.98
            else VisitStatus.CANCELLED
        )
        arrival = FIRST_ARRIVAL[phase] * 60 + rng.randrange(0, 600 if phase is Phase.VOTING else 90)
        done = status is VisitStatus.DONE
        overall = None
        if done:
            draw = rng.random()
            overall = (
                Assessment.VERY_GOOD
                if draw < 0.45
                else Assessment.GOOD
                if draw < 0.9
                else Assessment.BAD
                if draw < 0.98
                else Assessment.VERY_BAD
            )
        mission.visits.append(
            VisitRecord(
                ref=f"V{visit_id:06d}",
                team_id=locality % teams + 1,
                station_id=station + 1,
                date=ELECTION_DAY + dt.timedelta(days=1 if phase is Phase.TABULATION else 0),
                phase=phase,
                status=status,
                planned_arrival=_clock(arrival),
                planned_departure=_clock(arrival + 45),
                actual_arrival=_clock(arrival + rng.randrange(0, 20)) if done else None,
                actual_departure=_clock(arrival + rng.randrange(40, 80)) if done else None,
                voters_voted=rng.randrange(0, 2000) if done and phase is Phase.VOTING else None,
                overall=overall,
                notes="" if rng.random() < 0.9 else REMARKS[number % len(REMARKS)],
            )
        )
        if not done:
            continue
        asked = by_phase[phase]
        count = min(len(asked), int(per_done_visit + rng.random()))
        for question_id in sorted(rng.sample(asked, count)):
            value = _value(rng, mission.questions[question_id - 1])
            comment = "" if rng.random() < 0.98 else "Наблюдатели отметили задержку."
            mission.answers.append(AnswerRecord(visit_id, question_id, value, comment))
        if rng.random() < 0.01:
            mission.incidents.append(
                IncidentRow(
                    visit_id,
                    _clock(arrival + 10),
                    rng.choice(list(IncidentCategory)),
                    rng.choice(
                        (Severity.MINOR, Severity.MINOR, Severity.SERIOUS, Severity.CRITICAL)
                    ),
                    rng.random() < 0.7,
                    "Synthetic incident for the benchmark.",
                )
            )

    mission.delegations = list(DELEGATIONS)
    leaders = (MemberRole.HEAD_OF_MISSION, MemberRole.DEPUTY, MemberRole.COORDINATOR)
    for number, role in enumerate(leaders):
        mission.members.append(MemberRow(f"Leader {number + 1}", 1, role, None))
    for team in range(teams):
        for seat in range(2):
            delegation = (team * 2 + seat) % (len(DELEGATIONS) - 1) + 2
            mission.members.append(
                MemberRow(
                    f"Observer {team + 1}-{seat + 1}", delegation, MemberRole.OBSERVER, team + 1
                )
            )
        mission.members.append(
            MemberRow(f"Interpreter {team + 1}", 1, MemberRole.INTERPRETER, team + 1)
        )
        mission.members.append(MemberRow(f"Driver {team + 1}", 1, MemberRole.DRIVER, team + 1))
    return mission


def at_scale(scale: float, seed: int = SEED) -> SyntheticMission:
    """The full-size mission (100,000 stations, 200,000 visits) times `scale`."""
    return synthetic_mission(
        stations=max(1, round(100_000 * scale)), visits=max(1, round(200_000 * scale)), seed=seed
    )


def question_values(mission: SyntheticMission) -> list[dict[str, object]]:
    """The checklist as insert values for the model's table (uuid and all)."""
    return [
        {
            "uuid": uuid.uuid4(),
            "code": q.code,
            "phase": q.phase,
            "position_in_list": q.position_in_list,
            "text": q.text,
            "answer_type": q.answer_type,
            "choices": q.choices,
            "negative_answer": q.negative_answer,
            "critical_answer": q.critical_answer,
        }
        for q in mission.questions
    ]


def write_checklist(session: Session, mission: SyntheticMission) -> None:
    """The checklist, written straight into its table (the checklist service is not the
    subject of these benchmarks)."""
    with session.begin():
        session.execute(sa.insert(ChecklistQuestion.__table__), question_values(mission))


def write_people_and_incidents(session: Session, mission: SyntheticMission) -> None:
    """Delegations, members and incidents, written straight into their tables."""
    with session.begin():
        session.execute(
            sa.insert(Delegation.__table__),
            [
                {"uuid": uuid.uuid4(), "name": name, "search_key": search_key(name)}
                for name in mission.delegations
            ],
        )
        session.execute(
            sa.insert(Member.__table__),
            [
                {
                    "uuid": uuid.uuid4(),
                    "full_name": m.full_name,
                    "delegation_id": m.delegation_id,
                    "role": m.role,
                    "team_id": m.team_id,
                    "search_key": search_key(m.full_name),
                }
                for m in mission.members
            ],
        )
        session.execute(
            sa.insert(Incident.__table__),
            [
                {
                    "uuid": uuid.uuid4(),
                    "visit_id": i.visit_id,
                    "time": i.time,
                    "category": i.category,
                    "severity": i.severity,
                    "observed": i.observed,
                    "description": i.description,
                }
                for i in mission.incidents
            ],
        )


def check_ids(
    mission: SyntheticMission,
    localities: dict[tuple[str, str, str], int],
    stations: dict[str, int],
    teams: dict[str, int],
    visits: dict[str, int],
) -> None:
    """Raise unless the file gave the rows the ids they assume (it was new and empty)."""
    expected = (
        ([(r.name, r.district, r.region) for r in mission.localities], localities),
        ([r.code for r in mission.stations], stations),
        ([r.code for r in mission.teams], teams),
        ([r.ref for r in mission.visits], visits),
    )
    for keys, ids in expected:
        if [ids[key] for key in keys] != list(range(1, len(keys) + 1)):
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
