"""Writing what an import of submissions decided: visits made, filled and updated, with
their answers and incidents, in the transaction the import holds open.

Answers and incidents take the bulk path (`services.bulk.batch.Insert`: tuples straight
to the driver); visits go through Core so that the new ones' ids come back. Incidents
from a submission get ids made from the submission's first-version id and their place
in it, so that an edit replaces exactly those, never ones typed in by hand.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import VisitStatus
from coordinator.db.models import Answer, Incident, Visit
from coordinator.services.bulk.batch import Insert, new_uuid, table_of
from coordinator.services.submission_values import ParsedVisit
from coordinator.services.visits import REF_PATTERN, next_free_ref

_INCIDENT_NAMESPACE = uuid.UUID("6f0d3c52-35c5-4e5e-9d7b-1f0a4f3c2b10")
_CHUNK = 500  # ids per IN list


@dataclass
class WritePlan:
    """What the import will write: visits to make, to fill and to update."""

    new: list[ParsedVisit] = field(default_factory=list)
    fill: list[tuple[int, ParsedVisit]] = field(default_factory=list)
    update: list[tuple[int, ParsedVisit]] = field(default_factory=list)


def _visit_values(visit: ParsedVisit) -> dict[str, object]:
    submission = visit.submission
    return {
        "team_id": visit.team_id,
        "station_id": visit.station_id,
        "date": visit.date,
        "phase": visit.phase,
        "status": VisitStatus.DONE,
        "actual_arrival": visit.arrival,
        "actual_departure": visit.departure,
        "voters_voted": visit.voters_voted,
        "overall": visit.overall,
        "notes": visit.notes,
        "latitude": visit.latitude,
        "longitude": visit.longitude,
        "submission_id": submission.instance_id[:100],
        "submission_root": submission.stable_id[:100],
        "submitted_at": submission.submitted_at[:40],
        "submitted_by": submission.submitted_by[:200],
        "submission_device": submission.device[:200],
        "form_version": submission.form_version[:60],
    }


def _incident_uuid(stable_id: str, number: int) -> uuid.UUID:
    return uuid.uuid5(_INCIDENT_NAMESPACE, f"{stable_id}/incident[{number}]")


def _new_refs(session: Session, count: int) -> list[str]:
    first = next_free_ref(session)
    match = REF_PATTERN.fullmatch(first)
    number, width = (int(match[1]), len(match[1])) if match else (1, 4)
    taken = set(session.scalars(sa.select(Visit.ref).where(Visit.ref >= "V0", Visit.ref < "V:")))
    refs: list[str] = []
    while len(refs) < count:
        ref = f"V{number:0{width}d}"
        if ref not in taken:
            refs.append(ref)
        number += 1
    return refs


def write_plan(session: Session, plan: WritePlan) -> list[str]:
    """Write the plan in the transaction the caller has open; the new visits' references."""
    table = table_of(Visit)
    refs = _new_refs(session, len(plan.new))
    ids: list[int] = []
    if plan.new:
        rows = [
            {**_visit_values(v), "ref": ref, "uuid": uuid.uuid4()}
            for v, ref in zip(plan.new, refs, strict=True)
        ]
        result = session.execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        ids = [row[0] for row in result]
    changed = plan.fill + plan.update
    if changed:
        session.execute(
            # A save of the visit (and its answers): its version counts it, as a form's does.
            sa.update(table)
            .where(table.c.id == sa.bindparam("visit_id"))
            .values(version=table.c.version + 1),
            [{**_visit_values(v), "visit_id": visit_id} for visit_id, v in changed],
        )
    touched = [visit_id for visit_id, _ in changed]
    for start in range(0, len(touched), _CHUNK):
        chunk = touched[start : start + _CHUNK]
        session.execute(sa.delete(table_of(Answer)).where(table_of(Answer).c.visit_id.in_(chunk)))
    updated_roots = {v.submission.stable_id: visit_id for visit_id, v in plan.update}
    if updated_roots:
        _delete_submitted_incidents(session, updated_roots)
    all_visits = list(zip(ids, plan.new, strict=True)) + changed
    # The bulk path's INSERT: tuples straight to the driver (600,000 answers in one go).
    insert_answers = Insert(
        session, table_of(Answer), ("uuid", "visit_id", "question_id", "value", "comment")
    )
    answers = [
        (new_uuid(), visit_id, question_id, value, "")
        for visit_id, visit in all_visits
        for question_id, value in visit.answers.items()
    ]
    if answers:
        insert_answers(session, answers)
    insert_incidents = Insert(
        session,
        table_of(Incident),
        ("uuid", "visit_id", "time", "category", "severity", "observed", "description"),
    )
    incidents = [
        (
            _incident_uuid(visit.submission.stable_id, number).hex,
            visit_id,
            incident.time,
            incident.category,
            incident.severity,
            True,
            incident.description,
        )
        for visit_id, visit in all_visits
        for number, incident in enumerate(visit.incidents, start=1)
    ]
    if incidents:
        insert_incidents(session, incidents)
    return refs


def _delete_submitted_incidents(session: Session, roots: dict[str, int]) -> None:
    """Delete the incidents earlier versions of these submissions brought (not typed ones)."""
    table = table_of(Incident)
    visit_ids = list(roots.values())
    rows = session.execute(
        sa.select(table.c.id, table.c.uuid, table.c.visit_id).where(table.c.visit_id.in_(visit_ids))
    ).all()
    per_visit: dict[int, int] = defaultdict(int)
    for _id, _uuid, visit_id in rows:
        per_visit[visit_id] += 1
    ours: set[uuid.UUID] = set()
    for root, visit_id in roots.items():
        ours |= {_incident_uuid(root, n) for n in range(1, per_visit[visit_id] + 1)}
    doomed = [row_id for row_id, row_uuid, _ in rows if row_uuid in ours]
    if doomed:
        session.execute(sa.delete(table).where(table.c.id.in_(doomed)))
