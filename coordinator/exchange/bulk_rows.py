"""New stations and visits (with their answers) in bulk, for sheets of thousands of rows.

A station list of 100,000 rows cannot afford an ORM object and a savepoint per row;
`coordinator.services.bulk` checks rows as the services do and inserts them with
executemany. Its problems, numbered by position in the batch, are turned back into
the spreadsheet's sheet, row and column here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from coordinator.exchange.context import ImportContext, is_column
from coordinator.exchange.rows import Row
from coordinator.services import bulk
from coordinator.services.checklist import canonical_answer
from coordinator.services.errors import ValidationError
from coordinator.services.stations import StationFields
from coordinator.services.visits import VisitFields

# Fewer new rows than this go through the entity services one by one.
BULK_ROWS = 500


def _add(
    rows: Sequence[tuple[Row, str | None]],
    add: Callable[[], Any],
    columns: dict[str, str],
) -> Any:
    """`add()`'s result; None with its problems noted against the rows they are about.

    `rows` pairs each batch row with the column its problems belong to (an answer's
    question code), or None to name the column after the problem's field.
    """
    try:
        return add()
    except ValidationError as error:
        for problem in error.problems:
            number = getattr(problem, "row", 0)
            message = problem.message.split(": ", 1)[-1]
            if 1 <= number <= len(rows):
                row, column = rows[number - 1]
                column = column or columns.get(problem.field, problem.field)
                row.problem(column if is_column(row, column) else None, message)
        return None


def add_stations(ctx: ImportContext, pending: list[tuple[Row, StationFields]]) -> bool:
    records = [
        bulk.StationRecord(
            code=fields.code,
            locality_id=fields.locality_id or 0,
            name=fields.name,
            address=fields.address,
            registered_voters=fields.registered_voters,
            latitude=fields.latitude,
            longitude=fields.longitude,
            accessible=fields.accessible,
        )
        for _row, fields in pending
    ]
    rows = [(row, None) for row, _ in pending]
    added = _add(rows, lambda: bulk.add_stations(ctx.session, records), {"locality_id": "locality"})
    return added is not None


def add_visits(ctx: ImportContext, pending: list[tuple[Row, VisitFields]]) -> bool:
    """Add the visits, then their answers (from the question columns) in one batch."""
    session: Session = ctx.session
    records = [
        bulk.VisitRecord(
            ref=fields.ref or "",
            team_id=fields.team_id or 0,
            station_id=fields.station_id or 0,
            date=fields.date,  # type: ignore[arg-type]  # a required column: checked
            phase=fields.phase,
            status=fields.status,
            planned_arrival=fields.planned_arrival,
            planned_departure=fields.planned_departure,
            actual_arrival=fields.actual_arrival,
            actual_departure=fields.actual_departure,
            voters_voted=fields.voters_voted,
            overall=fields.overall,
            notes=fields.notes,
        )
        for _row, fields in pending
    ]
    rows = [row for row, _ in pending]
    columns = {"team_id": "team", "station_id": "station", "ref": "id"}
    ids = _add([(row, None) for row in rows], lambda: bulk.add_visits(session, records), columns)
    if ids is None:
        return False
    questions = ctx.questions()
    answers: list[bulk.AnswerRecord] = []
    answer_rows: list[tuple[Row, str | None]] = []
    canonical: dict[tuple[int, str], str | ValueError] = {}
    for row, record in zip(rows, records, strict=True):
        for key, index in row.sheet.extra.items():
            question = questions.get(key)
            raw = row.extra_text(index)
            if question is None or not raw:
                continue
            # Answers repeat ("yes", "no"): each distinct one is read once.
            if (question.id, raw) not in canonical:
                try:
                    canonical[question.id, raw] = canonical_answer(question, raw)
                except ValueError as error:
                    canonical[question.id, raw] = ValueError(str(error))
            value = canonical[question.id, raw]
            if isinstance(value, ValueError):
                row.problem(question.code, str(value))
                continue
            answers.append(bulk.AnswerRecord(ids[record.ref], question.id, value))
            answer_rows.append((row, question.code))
    if ctx.problems.items:
        return False
    return _add(answer_rows, lambda: bulk.add_answers(session, answers), {}) is not None
