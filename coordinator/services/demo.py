"""The demo mission: the OTS statement on the Kyrgyz local council elections, as data.

`resources/demo/ots-kyrgyzstan-2024.json` holds the mission as a coordinator would have
typed it: the settings, four delegations and their members, the teams, sixteen polling
stations in Bishkek and Kant, the election-day visits, the meetings and the debrief. It
goes in through the same services as the window's forms, so the demo obeys every rule a
real mission does. Checklist answers are written from each visit's findings: nothing
negative was seen, as the statement says.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from coordinator.db.enums import (
    AccreditationStatus,
    AnswerType,
    Assessment,
    DelegationKind,
    LocalityKind,
    MeetingKind,
    MemberRole,
    Phase,
    VisitStatus,
)
from coordinator.db.models import ChecklistQuestion
from coordinator.resources import resource_path
from coordinator.services.answers import set_answers
from coordinator.services.checklist import load_standard_checklist, questions_for_phase, split_list
from coordinator.services.debrief import DebriefFields, create_debrief_note
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.meetings import (
    InterlocutorFields,
    KeyPointFields,
    MeetingFields,
    create_meeting,
)
from coordinator.services.members import MemberFields, create_member
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.statement_languages import save_translations, set_statement_languages
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.teams import TeamFields, create_team, set_team_members
from coordinator.services.unit import unit_of_work
from coordinator.services.visits import VisitFields, create_visit

DEMO_FILE = ("demo", "ots-kyrgyzstan-2024.json")

# Voters waiting when the team arrived, by the hour of arrival (a quiet election day).
QUEUE_BY_HOUR = {9: 4, 11: 7, 13: 3, 15: 2}


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _time(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def demo_data() -> dict[str, Any]:
    with resource_path(*DEMO_FILE).open(encoding="utf-8") as stream:
        data: dict[str, Any] = json.load(stream)
    return data


def finding(question: ChecklistQuestion, visit: dict[str, Any]) -> str:
    """What a team answered to `question` at `visit`: never a negative answer."""
    negative = set(split_list(question.negative_answer))
    if question.answer_type is AnswerType.YES_NO:
        return "no" if "yes" in negative else "yes"
    if question.answer_type is AnswerType.SCALE:
        return "1" if visit["overall"] == "very_good" else "2"
    if question.answer_type is AnswerType.NUMBER:
        hour = int(visit["actual_arrival"][:2])
        return str(QUEUE_BY_HOUR.get(hour, 0))
    if question.answer_type is AnswerType.CHOICE:
        choices = [c for c in split_list(question.choices) if c not in negative]
        return choices[-1] if choices else ""
    return ""


def default_demo_path() -> Path:
    """Where the demo mission is kept between uses: the user's data folder."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("Mission Coordinator", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "demo.eom"


def kept_demo_mission(path: Path | None = None) -> Path:
    """The demo mission file at `path` (default_demo_path()), written if it is not there.

    One that is there is kept as it is, with whatever the user changed in it.
    """
    path = path or default_demo_path()
    if not path.exists():
        write_demo_file(path)
    return path


def write_demo_file(path: Path, *, replace: bool = False) -> None:
    """A new mission file at `path` holding the demo mission (`replace`: over one there)."""
    from coordinator.services.files import new_mission_with

    new_mission_with(path, write_demo_mission, replace=replace).close()


def write_demo_mission(session: Session) -> None:
    """Fill an empty mission file with the demo mission, all in one transaction."""
    data = demo_data()
    with unit_of_work(session):
        load_standard_checklist(session)
        m = data["mission"]
        save_mission(
            session,
            MissionFields(
                name=m["name"],
                organisation=m["organisation"],
                organisation_short=m["organisation_short"],
                election=m["election"],
                country=m["country"],
                election_date=dt.date.fromisoformat(m["election_date"]),
                mission_start=_date(m["mission_start"]),
                mission_end=_date(m["mission_end"]),
                invited_by=m["invited_by"],
                head_of_mission=m["head_of_mission"],
                statement_place=m["statement_place"],
                statement_date=_date(m["statement_date"]),
                language=m["language"],
            ),
        )
        delegations = {
            d["name"]: create_delegation(
                session,
                DelegationFields(
                    d["name"], DelegationKind.parse(d["kind"]), d["country"], d["notes"]
                ),
            ).id
            for d in data["delegations"]
        }
        teams = {
            t["code"]: create_team(
                session,
                TeamFields(
                    code=t["code"],
                    interpreter=t["interpreter"],
                    interpreter_phone=t["interpreter_phone"],
                    driver=t["driver"],
                    driver_phone=t["driver_phone"],
                    vehicle=t["vehicle"],
                    area=t["area"],
                    base=t.get("base", ""),
                    base_latitude=t.get("base_latitude"),
                    base_longitude=t.get("base_longitude"),
                ),
            ).id
            for t in data["teams"]
        }
        members: dict[str, int] = {}
        team_members: dict[str, list[int]] = {code: [] for code in teams}
        for p in data["members"]:
            member = create_member(
                session,
                MemberFields(
                    full_name=p["full_name"],
                    delegation_id=delegations[p["delegation"]],
                    position=p["position"],
                    role=MemberRole.parse(p["role"]),
                    email=p["email"],
                    phone=p["phone"],
                    passport_no=p["passport_no"],
                    accreditation_no=p["accreditation_no"],
                    accreditation_status=AccreditationStatus.parse(p["accreditation_status"]),
                    arrival=_date(p["arrival"]),
                    departure=_date(p["departure"]),
                    languages=p["languages"],
                ),
            )
            members[p["full_name"]] = member.id
            if p["team"]:
                team_members[p["team"]].append(member.id)
        for code, member_ids in team_members.items():
            set_team_members(session, teams[code], member_ids)

        localities = {
            place["name"]: create_locality(
                session,
                LocalityFields(
                    place["name"],
                    LocalityKind.parse(place["kind"]),
                    place["district"],
                    place["region"],
                ),
            ).id
            for place in data["localities"]
        }
        stations = {
            s["code"]: create_station(
                session,
                StationFields(
                    code=s["code"],
                    locality_id=localities[s["locality"]],
                    name=s["name"],
                    address=s["address"],
                    registered_voters=s["registered_voters"],
                    latitude=s["latitude"],
                    longitude=s["longitude"],
                    accessible=s["accessible"],
                ),
            ).id
            for s in data["stations"]
        }
        checklist = {phase: questions_for_phase(session, phase) for phase in Phase}
        for v in data["visits"]:
            phase = Phase.parse(v["phase"])
            visit = create_visit(
                session,
                VisitFields(
                    ref=v["id"],
                    team_id=teams[v["team"]],
                    station_id=stations[v["station"]],
                    date=dt.date.fromisoformat(v["date"]),
                    phase=phase,
                    planned_arrival=_time(v["planned_arrival"]),
                    planned_departure=_time(v["planned_departure"]),
                    status=VisitStatus.parse(v["status"]),
                    actual_arrival=_time(v["actual_arrival"]),
                    actual_departure=_time(v["actual_departure"]),
                    voters_voted=v["voters_voted"],
                    overall=Assessment.parse(v["overall"]) if v["overall"] else None,
                    notes=v["notes"],
                ),
            )
            answers = {q.id: (value, "") for q in checklist[phase] if (value := finding(q, v))}
            set_answers(session, visit.id, answers)

        for meeting in data["meetings"]:
            create_meeting(
                session,
                MeetingFields(
                    date=dt.date.fromisoformat(meeting["date"]),
                    start=_time(meeting["start"]),
                    end=_time(meeting["end"]),
                    location=meeting["location"],
                    kind=MeetingKind.parse(meeting["kind"]),
                    summary=meeting["summary"],
                    interlocutors=tuple(
                        InterlocutorFields(i["name"], i["position"], i["institution"])
                        for i in meeting["interlocutors"]
                    ),
                    key_points=tuple(
                        KeyPointFields(k["text"], k["for_statement"]) for k in meeting["key_points"]
                    ),
                    participant_ids=tuple(members[name] for name in meeting["participants"]),
                ),
            )
        # The statement in Russian and Turkish too, with the names those languages write.
        set_statement_languages(session, data.get("statement_languages", []))
        for language, names in data.get("translations", {}).items():
            save_translations(session, language, names)
        for note in data["debrief"]:
            create_debrief_note(
                session,
                DebriefFields(
                    date=dt.date.fromisoformat(note["date"]),
                    team_id=teams[note["team"]] if note["team"] else None,
                    author=note["author"],
                    topic=note["topic"],
                    text=note["text"],
                    for_statement=note["for_statement"],
                ),
            )
