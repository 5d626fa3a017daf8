"""New records of every keyed sheet (delegations, teams, members, stations, checklist
questions, visits with their answers) and of the Meetings, Incidents and Debrief sheets
in bulk, for sheets of thousands of rows.

A station list of 100,000 rows cannot afford an ORM object and a savepoint per row;
`coordinator.services.bulk` checks rows as the services do and inserts them with
executemany. Its problems, numbered by position in the batch, are turned back into
the spreadsheet's sheet, row and column here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import LocalityKind
from coordinator.db.models import ChecklistQuestion, Locality
from coordinator.exchange.cells import restore
from coordinator.exchange.context import ImportContext, SheetCount, attempt, is_column
from coordinator.exchange.rows import ProblemList, Row, SheetData
from coordinator.services import bulk
from coordinator.services.checklist import QuestionFields, canonical_answer
from coordinator.services.debrief import DebriefFields
from coordinator.services.delegations import DelegationFields
from coordinator.services.errors import ValidationError
from coordinator.services.incidents import IncidentFields
from coordinator.services.meetings import MeetingFields
from coordinator.services.members import MemberFields
from coordinator.services.stations import StationFields
from coordinator.services.teams import TeamFields
from coordinator.services.visits import VisitFields

F = TypeVar("F")
# Fewer new rows than this go through the entity services one by one.
BULK_ROWS = 500
# Where a batch row came from: the sheet's row and the column its problems are about.
Locate = Callable[[int], "tuple[Row, str | None] | None"]


def _add(add: Callable[[], Any], locate: Locate, columns: dict[str, str]) -> Any:
    """`add()`'s result; None with its problems noted against the rows they are about.

    `locate(number)` gives the sheet row a batch row came from (numbered from 1) and the
    column its problems belong to (an answer's question code), or None to name the
    column after the problem's field; `columns` names the column of a field wherever
    the problem is. The same problem said of several batch rows (each answer of a visit
    that was not done) is noted once.
    """
    try:
        return add()
    except ValidationError as error:
        noted: set[tuple[int, str | None, str]] = set()
        stopped_looking = len(error.problems) >= bulk.MAX_PROBLEMS  # there may be more
        for problem in error.problems:
            found = locate(getattr(problem, "row", 0))
            if found is not None:
                row, column = found
                column = columns.get(problem.field, column or problem.field)
                column = column if is_column(row, column) else None
                message = problem.message.split(": ", 1)[-1]
                if (row.number, column, message) not in noted:
                    noted.add((row.number, column, message))
                    row.problem(column, message)
                row.problems.more = row.problems.more or stopped_looking
        return None


def _rows_of(pending: Sequence[tuple[Row, object]]) -> Locate:
    def locate(number: int) -> tuple[Row, str | None] | None:
        return (pending[number - 1][0], None) if 1 <= number <= len(pending) else None

    return locate


def add_delegations(ctx: ImportContext, pending: list[tuple[Row, DelegationFields]]) -> bool:
    records = [fields for _row, fields in pending]
    added = _add(lambda: bulk.add_delegations(ctx.session, records), _rows_of(pending), {})
    return added is not None


def add_questions(ctx: ImportContext, pending: list[tuple[Row, QuestionFields]]) -> bool:
    records = [fields for _row, fields in pending]
    added = _add(lambda: bulk.add_questions(ctx.session, records), _rows_of(pending), {})
    return added is not None


def add_incidents(ctx: ImportContext, pending: list[tuple[Row, IncidentFields]]) -> bool:
    records = [fields for _row, fields in pending]
    added = _add(lambda: bulk.add_incidents(ctx.session, records), _rows_of(pending), {})
    return added is not None


def add_debrief_notes(ctx: ImportContext, pending: list[tuple[Row, DebriefFields]]) -> bool:
    records = [fields for _row, fields in pending]
    added = _add(lambda: bulk.add_debrief_notes(ctx.session, records), _rows_of(pending), {})
    return added is not None


def add_meetings(ctx: ImportContext, pending: list[tuple[Row, MeetingFields]]) -> bool:
    records = [fields for _row, fields in pending]
    columns = {"interlocutors": "interlocutor"}
    added = _add(lambda: bulk.add_meetings(ctx.session, records), _rows_of(pending), columns)
    return added is not None


def add_teams(ctx: ImportContext, pending: list[tuple[Row, TeamFields]]) -> bool:
    records = [fields for _row, fields in pending]
    added = _add(lambda: bulk.add_teams(ctx.session, records), _rows_of(pending), {})
    return added is not None


def add_members(ctx: ImportContext, pending: list[tuple[Row, MemberFields]]) -> bool:
    records = [fields for _row, fields in pending]
    columns = {"delegation_id": "delegation", "team_id": "team"}
    added = _add(lambda: bulk.add_members(ctx.session, records), _rows_of(pending), columns)
    return added is not None


def add_localities(ctx: ImportContext, data: SheetData) -> None:
    """Make at once the localities a big Stations sheet names that the mission lacks.

    One by one, each would be a lookup and an insert of its own (on a server, a few
    round trips each). The rows then find them made, as they would have made them: each
    of the kind its first row gives. Rows are read here for their places alone; what is
    wrong with a row is said when it is read for real, so any locality that could not be
    made here (a name too long) is left for its row to make and refuse.
    """
    if len(data.raw.rows) < BULK_ROWS:
        return
    scratch = ProblemList()  # this reading's problems: the rows' reading says them
    places = sa.select(Locality.name, Locality.district, Locality.region)
    known = {(name, district, region) for name, district, region in ctx.session.execute(places)}
    new: dict[tuple[str, str, str], tuple[Any, str]] = {}  # kind and the row that gave it
    for number, cells in data.raw.rows:
        row = Row(data, number, cells, scratch)
        place = (row.text("locality"), row.text("district"), row.text("region"))
        if place[0] and place not in new and place not in known:
            new[place] = (row.value("locality_kind") or LocalityKind.CITY, f"row {number}")
    records = [
        bulk.LocalityRecord(name, district, region, kind)
        for (name, district, region), (kind, _number) in new.items()
    ]
    try:
        ids = bulk.add_localities(ctx.session, records)
    except ValidationError:
        return
    for place, (kind, given_on) in new.items():
        if place in ids:
            ctx.localities[place] = ids[place]
            ctx.locality_kinds[place] = (kind, given_on)


def add_stations(ctx: ImportContext, pending: list[tuple[Row, StationFields]]) -> bool:
    records = [fields for _row, fields in pending]
    added = _add(
        lambda: bulk.add_stations(ctx.session, records),
        _rows_of(pending),
        {"locality_id": "locality"},
    )
    return added is not None


def add_visits(ctx: ImportContext, pending: list[tuple[Row, VisitFields]]) -> bool:
    """Add the visits, then their answers (from the question columns) in one batch."""
    session: Session = ctx.session
    records = [fields for _row, fields in pending]
    columns = {"team_id": "team", "station_id": "station", "ref": "id"}
    ids = _add(lambda: bulk.add_visits(session, records), _rows_of(pending), columns)
    if ids is None:
        return False
    answers = _Answers(ctx, [row for row, _ in pending], [ids[record.ref] for record in records])
    _add(lambda: bulk.add_answers(session, answers), answers.locate, {"status": "status"})
    # The visits are written even when some of their answers were not: rows naming them
    # find them; the rows of answers with problems have them said (and failed).
    return True


def write_new(
    ctx: ImportContext,
    count: SheetCount,
    new: list[tuple[Row, F]],
    add: Callable[[ImportContext, list[tuple[Row, F]]], bool],
    create: Callable[[Session, F], object],
    *,
    columns: dict[str, str] | None = None,
) -> None:
    """Write the new records of a big sheet (gathered while its rows were read, those
    matching a record having been saved then): at once when there are enough of them,
    otherwise one by one as a small sheet's are."""
    if len(new) >= BULK_ROWS:
        if add(ctx, new):
            count.new += len(new)
        return
    for row, fields in new:
        if attempt(row, functools.partial(create, ctx.session, fields), columns) is not None:
            count.new += 1


class _Answers:
    """The answers in the visits' question columns, read as the bulk path takes them.

    Iterating yields them row by row (so a visit's answers are written together) without
    holding two million records at once; each answer's row and question are remembered
    in two plain lists so that a problem can be put back on its cell.
    """

    def __init__(self, ctx: ImportContext, rows: list[Row], visit_ids: list[int]) -> None:
        self.rows = rows
        self.visit_ids = visit_ids
        questions = ctx.questions()
        self.columns = [
            (questions[key], index)
            for key, index in (rows[0].sheet.extra.items() if rows else ())
            if key in questions
        ]
        self.owners: list[int] = []  # the index in `rows` of each answer yielded
        self.codes: list[str] = []  # and its question's code

    def __iter__(self) -> Iterator[tuple[int, int, str, str]]:
        # Answers repeat ("yes", "no"): each distinct cell of a question is read once.
        # "" stands for an empty cell; a ValueError for a cell that is not an answer.
        canonical: dict[tuple[int, str], str | ValueError] = {}
        owners, codes = self.owners, self.codes
        for number, (row, visit_id) in enumerate(zip(self.rows, self.visit_ids, strict=True)):
            cells = row.cells
            for question, index in self.columns:
                cell = cells[index]
                value = canonical.get((question.id, cell))
                if value is None:
                    value = canonical[question.id, cell] = _canonical(question, cell)
                if value == "":
                    continue
                if isinstance(value, ValueError):
                    row.problem(question.code, str(value))
                    continue
                owners.append(number)
                codes.append(question.code)
                yield visit_id, question.id, value, ""

    def locate(self, number: int) -> tuple[Row, str | None] | None:
        if 1 <= number <= len(self.owners):
            return self.rows[self.owners[number - 1]], self.codes[number - 1]
        return None


def _canonical(question: ChecklistQuestion, cell: str) -> str | ValueError:
    """The stored answer a cell gives ("" when empty), or the ValueError saying why not."""
    raw = restore(cell)
    if not raw:
        return ""
    try:
        return canonical_answer(question, raw)
    except ValueError as error:
        return ValueError(str(error))
