"""A visit as its form reads and saves it: the fields, the station's name, the answers.

A visit and its checklist are saved together, in one transaction, so the status that
allows answers ("done") and the answers themselves are written or refused as one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from coordinator.db.models import Visit
from coordinator.services.answers import AnswerInput, answers_of_visit, set_answers
from coordinator.services.errors import StaleRecordError
from coordinator.services.unit import get, unit_of_work
from coordinator.services.versions import REPLAYING, refuse_if_changed, version_of
from coordinator.services.visits import VisitFields, create_visit, update_visit, visit_fields


@dataclass(frozen=True)
class VisitRecord:
    """A visit as the form loads it: its fields, its station's name and its answers."""

    id: int
    fields: VisitFields
    team: str
    station: str
    answers: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return self.fields.ref or ""


def station_label(code: str, name: str, locality: str) -> str:
    return " · ".join(part for part in (code, name, locality) if part)


def _read(session: Session, visit_id: int) -> VisitRecord:
    visit = get(session, Visit, visit_id, "visit")
    station = visit.station
    return VisitRecord(
        visit.id,
        visit_fields(visit),
        visit.team.code,
        station_label(station.code, station.name, station.locality.name),
    )


def read_visit(session: Session, visit_id: int) -> VisitRecord:
    """The visit #visit_id with its answers; NotFoundError if it is no longer there."""
    with unit_of_work(session):
        record = _read(session, visit_id)
    answers = {
        row.question_id: (row.value, row.comment) for row in answers_of_visit(session, visit_id)
    }
    return VisitRecord(record.id, record.fields, record.team, record.station, answers)


def visit_and_station(session: Session, visit_id: int) -> tuple[VisitFields, str]:
    """The visit's fields and its station as the station chooser labels it."""
    with unit_of_work(session):
        record = _read(session, visit_id)
    return record.fields, record.station


def _answers_first(answers: AnswerInput) -> bool:
    # Answers need a visit that was done, and a visit may stop being done only once its
    # answers are gone: clearing answers goes before the visit, giving them goes after.
    return not any(value for value, _comment in answers.values())


def create_visit_with_answers(session: Session, fields: VisitFields, answers: AnswerInput) -> Visit:
    """A new visit and its checklist answers, in one transaction."""
    with unit_of_work(session):
        visit = create_visit(session, fields)
        session.flush()
        if answers:
            set_answers(session, visit.id, answers)
    return visit


def _refuse_if_changed(session: Session, visit_id: int, read: VisitRecord) -> None:
    """StaleRecordError if someone else saved the visit or its answers since the form read
    `read`, naming the fields that changed, and its answers when they did."""
    visit = get(session, Visit, visit_id, "visit")
    try:
        refuse_if_changed(
            visit, version_of(read.fields), read=read.fields, now=lambda: visit_fields(visit)
        )
    except StaleRecordError as error:
        now = {
            row.question_id: (row.value, row.comment) for row in answers_of_visit(session, visit_id)
        }
        if now == read.answers:
            raise
        changes = [*error.changes, ("Answers", None)]
        raise StaleRecordError(error.record, changes, since=error.since) from None


def update_visit_with_answers(
    session: Session,
    visit_id: int,
    fields: VisitFields | None,
    answers: AnswerInput,
    *,
    read: VisitRecord | None = None,
) -> None:
    """Change a visit (`fields` None: as it is) and some of its answers, in one transaction.

    `read`: the visit and its answers as the form read them; if someone else saved either
    since, StaleRecordError says what changed and nothing is written.
    """
    with unit_of_work(session):
        if read is not None and not session.info.get(REPLAYING):
            _refuse_if_changed(session, visit_id, read)
        if answers and _answers_first(answers):
            set_answers(session, visit_id, answers)
        if fields is not None:
            update_visit(session, visit_id, fields)
        if answers and not _answers_first(answers):
            set_answers(session, visit_id, answers)
