"""Visits: which team observes which polling station, when, in which phase, and what it saw.

A visit is one observation. What a team saw at it (its overall assessment, its checklist
answers) belongs to a visit that was done; a cancelled visit has no actual times and no
count of voters. Counting and tabulation often run past midnight, so in those phases a
departure earlier than the arrival is read as the next day. The lists of visits (the
window's, a team's itinerary) are read by `visit_lists`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import Assessment, Phase, VisitStatus
from coordinator.db.models import Answer, Incident, Mission, PollingStation, Team, Visit
from coordinator.services.unit import Problems, clean, format_date, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of

REF_PATTERN = re.compile(r"V(\d+)")
OVERNIGHT_PHASES = frozenset({Phase.COUNTING, Phase.TABULATION})


@dataclass(frozen=True)
class VisitFields:
    """What a coordinator types for a visit. `ref` None or empty: the next free "V0001"."""

    ref: str | None
    team_id: int | None
    station_id: int | None
    date: dt.date | None
    phase: Phase = Phase.VOTING
    planned_arrival: dt.time | None = None
    planned_departure: dt.time | None = None
    status: VisitStatus = VisitStatus.PLANNED
    actual_arrival: dt.time | None = None
    actual_departure: dt.time | None = None
    voters_voted: int | None = None
    overall: Assessment | None = None
    notes: str = ""
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class VisitRow:
    """A visit as the visits list and a team's itinerary show it."""

    id: int
    ref: str
    team_id: int
    team: str
    station_id: int
    station_code: str
    station_name: str
    locality: str
    date: dt.date
    phase: Phase
    planned_arrival: dt.time | None
    planned_departure: dt.time | None
    actual_arrival: dt.time | None
    actual_departure: dt.time | None
    status: VisitStatus
    voters_voted: int | None
    overall: Assessment | None
    answers: int = 0


def next_free_ref(session: Session) -> str:
    """The next reference after the highest "V" + number one, as wide as the last one made.

    "V0001" in a mission without any; after "V001" … "V028", "V029".
    """
    # Refs "V" + digit, read along the unique index on ref: among the longest ones the
    # highest in text order is the highest number (extra leading zeros aside: the loop
    # below steps over any number already taken, however it is written).
    numbered = sa.and_(Visit.ref >= "V0", Visit.ref < "V:")
    longest = session.scalar(sa.select(sa.func.max(sa.func.length(Visit.ref))).where(numbered))
    highest = 0
    for length in range(longest or 0, 1, -1):
        refs = session.scalars(
            sa.select(Visit.ref)
            .where(numbered, sa.func.length(Visit.ref) == length)
            .order_by(Visit.ref.desc())
            .execution_options(yield_per=200)
        )
        with refs:
            highest = next((int(m[1]) for ref in refs if (m := REF_PATTERN.fullmatch(ref))), 0)
        if highest:
            break
    width = 4
    latest = session.scalars(
        sa.select(Visit.ref)
        .where(numbered)
        .order_by(Visit.id.desc())
        .execution_options(yield_per=50)
    )
    with latest:
        if last := next((m for ref in latest if (m := REF_PATTERN.fullmatch(ref))), None):
            width = len(last[1])
    number = highest + 1
    while session.scalar(
        sa.select(Visit.id).where(
            Visit.ref.in_({f"V{number:0{w}d}" for w in range(1, (longest or 0) + 1)})
        )
    ):
        number += 1
    return f"V{number:0{width}d}"


def _check_times(
    problems: Problems,
    phase: Phase,
    arrival: dt.time | None,
    departure: dt.time | None,
    field: str,
) -> None:
    if arrival is None or departure is None:
        return
    if departure == arrival or (departure < arrival and phase not in OVERNIGHT_PHASES):
        problems.add(field, "The departure must be after the arrival.")


def _check_visit(session: Session, fields: VisitFields, visit_id: int | None) -> str:
    """Every problem with `fields` at once; returns the reference the visit will have."""
    ref = clean(fields.ref)
    problems = Problems(f"Visit {ref}" if ref else "The visit")
    if len(ref) > 40:
        problems.add("ref", "A visit reference has at most 40 characters.")
    elif ref:
        other = session.scalar(
            sa.select(Visit.id).where(Visit.ref == ref, Visit.id != (visit_id or -1))
        )
        if other is not None:
            problems.add("ref", f"Another visit already has the reference {ref}.")
    if fields.team_id is None:
        problems.add("team", "Team is required.")
    elif session.get(Team, fields.team_id) is None:
        problems.add("team", "This team is no longer in the mission.")
    station = None
    if fields.station_id is None:
        problems.add("station", "Polling station is required.")
    else:
        station = session.get(PollingStation, fields.station_id)
        if station is None:
            problems.add("station", "This polling station is no longer in the mission.")
    if fields.date is None:
        problems.add("date", "Date is required.")
    else:
        _check_mission_dates(session, problems, fields.date)
    _check_times(
        problems,
        fields.phase,
        fields.planned_arrival,
        fields.planned_departure,
        "planned_departure",
    )
    _check_times(
        problems, fields.phase, fields.actual_arrival, fields.actual_departure, "actual_departure"
    )
    _check_observations(problems, fields, station)
    if visit_id is not None:
        _check_answers_still_fit(session, problems, fields, visit_id)
    problems.raise_if_any()
    return ref or next_free_ref(session)


def _check_mission_dates(session: Session, problems: Problems, day: dt.date) -> None:
    mission = session.scalar(sa.select(Mission).order_by(Mission.id).limit(1))
    if mission is None:
        return
    start, end = mission.mission_start, mission.mission_end
    if (start is not None and day < start) or (end is not None and day > end):
        span = " to ".join(format_date(d) if d else "…" for d in (start, end))
        problems.add("date", f"The date must be within the mission ({span}).")


def _check_observations(
    problems: Problems, fields: VisitFields, station: PollingStation | None
) -> None:
    """What a team saw must belong to a visit that could have seen it."""
    voters = fields.voters_voted
    problems.non_negative("voters_voted", voters, "Voters who had voted")
    registered = station.registered_voters if station is not None else None
    if voters is not None and registered is not None and voters > registered:
        problems.add(
            "voters_voted",
            f"{voters} voters cannot have voted: the station has {registered} registered.",
        )
    if fields.status is VisitStatus.CANCELLED:
        if fields.actual_arrival is not None or fields.actual_departure is not None:
            problems.add("actual_arrival", "A cancelled visit has no actual arrival or departure.")
        if voters is not None:
            problems.add("voters_voted", "A cancelled visit has no count of voters.")
    if fields.overall is not None and fields.status is not VisitStatus.DONE:
        problems.add(
            "overall", "Only a visit that was done has an overall assessment: set it to done."
        )


def _check_answers_still_fit(
    session: Session, problems: Problems, fields: VisitFields, visit_id: int
) -> None:
    answers = session.scalar(sa.select(sa.func.count()).where(Answer.visit_id == visit_id))
    if not answers:
        return
    visit = get(session, Visit, visit_id, "visit")
    if fields.status is not VisitStatus.DONE:
        problems.add(
            "status",
            f"The visit has {answers} checklist answer(s), which only a visit that was done "
            "has. Keep it done, or clear its checklist first.",
        )
    if fields.phase is not visit.phase:
        problems.add(
            "phase",
            f"The visit has answers to {visit.phase.label.lower()} questions. "
            "Clear its checklist first to change its phase.",
        )


def _apply_visit(visit: Visit, fields: VisitFields, ref: str) -> None:
    assert fields.team_id is not None and fields.station_id is not None
    assert fields.date is not None
    visit.ref = ref
    visit.team_id = fields.team_id
    visit.station_id = fields.station_id
    visit.date = fields.date
    visit.phase = fields.phase
    visit.planned_arrival = fields.planned_arrival
    visit.planned_departure = fields.planned_departure
    visit.status = fields.status
    visit.actual_arrival = fields.actual_arrival
    visit.actual_departure = fields.actual_departure
    visit.voters_voted = fields.voters_voted
    visit.overall = fields.overall
    visit.notes = clean(fields.notes)


def create_visit(session: Session, fields: VisitFields) -> Visit:
    with unit_of_work(session):
        ref = _check_visit(session, fields, None)
        visit = Visit()
        _apply_visit(visit, fields, ref)
        session.add(visit)
    return visit


def update_visit(
    session: Session, visit_id: int, fields: VisitFields, *, read: VisitFields | None = None
) -> Visit:
    """Change a visit; a `ref` left empty keeps the one it has.

    `read`: the record as the form read it (its version included); if someone
    else saved it since, StaleRecordError says what changed.
    """
    with unit_of_work(session):
        visit = get(session, Visit, visit_id, "visit")
        refuse_if_changed(visit, version_of(read), read=read, now=lambda: visit_fields(visit))
        if not clean(fields.ref):
            fields = replace(fields, ref=visit.ref)
        ref = _check_visit(session, fields, visit_id)
        _apply_visit(visit, fields, ref)
    return visit


def visit_delete_impact(session: Session, visit_id: int) -> dict[str, int]:
    """What else goes when the visit is deleted: {"answers": 25, "incidents": 1}."""
    with unit_of_work(session):
        answers = session.scalar(sa.select(sa.func.count()).where(Answer.visit_id == visit_id))
        incidents = session.scalar(sa.select(sa.func.count()).where(Incident.visit_id == visit_id))
    return {"answers": int(answers or 0), "incidents": int(incidents or 0)}


def delete_visit(session: Session, visit_id: int, *, expected_version: int | None = None) -> None:
    """Delete the visit with its answers and incidents."""
    with unit_of_work(session):
        visit = get(session, Visit, visit_id, "visit")
        refuse_if_changed(visit, expected_version, since="you chose to delete it")
        session.execute(sa.delete(Answer).where(Answer.visit_id == visit_id))
        session.execute(sa.delete(Incident).where(Incident.visit_id == visit_id))
        session.delete(visit)


def visit_fields(visit: Visit) -> VisitFields:
    return VisitFields(
        ref=visit.ref,
        team_id=visit.team_id,
        station_id=visit.station_id,
        date=visit.date,
        phase=visit.phase,
        planned_arrival=visit.planned_arrival,
        planned_departure=visit.planned_departure,
        status=visit.status,
        actual_arrival=visit.actual_arrival,
        actual_departure=visit.actual_departure,
        voters_voted=visit.voters_voted,
        overall=visit.overall,
        notes=visit.notes,
        version=visit.version,
    )


# --- lists ----------------------------------------------------------------------------------
