"""Writing many records at once: the path of workbook imports and of the benchmarks.

A form saves one record through an entity service; an import of 100,000 stations or
2,000,000 answers cannot afford an ORM object per row. These functions take plain rows,
check them as the services would (required fields, codes used twice, records they point
to, canonical answers), compute what the services compute (uuid, search key, stored
values of vocabularies and times) and insert them with executemany, in chunks so
memory stays bounded, all in ONE transaction per call. A problem on any row raises
ValidationError naming the rows and fields (the first MAX_PROBLEMS), and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter
from typing import Any, Generic, NamedTuple, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import (
    AnswerType,
    Assessment,
    LocalityKind,
    Phase,
    VisitStatus,
    Vocabulary,
)
from coordinator.db.models import (
    Answer,
    Base,
    ChecklistQuestion,
    Locality,
    Mission,
    PollingStation,
    Team,
    Visit,
)
from coordinator.db.text import search_key
from coordinator.services.checklist import MAX_NUMBER, SCALE_VALUES, split_list
from coordinator.services.errors import FieldProblem, ValidationError
from coordinator.services.unit import clean, unit_of_work
from coordinator.services.visits import OVERNIGHT_PHASES

# Rows are read, checked and inserted this many at a time, so that a call holds one chunk
# of parameters however many rows its iterable yields.
CHUNK_ROWS = 20_000
MAX_PROBLEMS = 50
# Short enough for any database's limit on parameters in one statement.
_IN_LIST = 500

RowT = TypeVar("RowT")
_MEMBERS: dict[type[Vocabulary], frozenset[Vocabulary]] = {
    vocabulary: frozenset(vocabulary)
    for vocabulary in (Phase, VisitStatus, Assessment, LocalityKind)
}


@dataclass(frozen=True, slots=True)
class LocalityRecord:
    name: str
    district: str = ""
    region: str = ""
    kind: LocalityKind = LocalityKind.CITY


@dataclass(frozen=True, slots=True)
class StationRecord:
    """A polling station to add; `code` is text so that "0012" keeps its zeros."""

    code: str
    locality_id: int
    name: str = ""
    address: str = ""
    registered_voters: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    accessible: bool | None = None


@dataclass(frozen=True, slots=True)
class TeamRecord:
    code: str
    interpreter: str = ""
    interpreter_phone: str = ""
    driver: str = ""
    driver_phone: str = ""
    vehicle: str = ""
    area: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """A visit to add; `ref` is its key in workbooks (the Visits sheet's id)."""

    ref: str
    team_id: int
    station_id: int
    date: dt.date
    phase: Phase
    status: VisitStatus = VisitStatus.PLANNED
    planned_arrival: dt.time | None = None
    planned_departure: dt.time | None = None
    actual_arrival: dt.time | None = None
    actual_departure: dt.time | None = None
    voters_voted: int | None = None
    overall: Assessment | None = None
    notes: str = ""


class AnswerRecord(NamedTuple):
    """A visit's answer as canonical text: "yes"/"no", "12", "1".."4", a choice, any text."""

    visit_id: int
    question_id: int
    value: str
    comment: str = ""


@dataclass(frozen=True)
class RowProblem(FieldProblem):
    """What is wrong with one field of one row; `row` counts the rows given from 1."""

    row: int = 0


class _Problems:
    """The problems of one call, capped so that a wrong column does not list a million."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.items: list[RowProblem] = []

    def add(self, row: int, field: str, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(RowProblem(field, f"Row {row}: {message}", row))

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS

    def check_in(self, row: int, field: str, value: object, vocabulary: type[Vocabulary]) -> None:
        # A set of the members, not the enum class: `in` is a hash lookup and takes any value.
        if value not in _MEMBERS[vocabulary]:
            self.add(row, field, f"'{value}' is not one of: {vocabulary.choices()}.")

    def non_negative(self, row: int, field: str, value: float | None) -> None:
        if value is not None and value < 0:
            self.add(row, field, f"{field.replace('_', ' ')} cannot be negative.")

    def raise_if_any(self) -> None:
        if self.items:
            first = f" (the first {MAX_PROBLEMS} problems are listed)" if self.full else ""
            raise ValidationError(f"This batch of {self.what}{first}", list(self.items))


def _chunks(rows: Iterable[RowT]) -> Iterator[tuple[int, list[RowT]]]:
    """The rows in lists of CHUNK_ROWS, each with the number of its first row."""
    iterator = iter(rows)
    first = 1
    while chunk := list(islice(iterator, CHUNK_ROWS)):
        yield first, chunk
        first += len(chunk)


def _table(model: type[Base]) -> sa.Table:
    return cast(sa.Table, model.__table__)


def _matching(column: Any, values: Collection[Any]) -> Iterator[sa.ColumnElement[bool]]:
    """Conditions that together select the rows whose `column` is one of `values`.

    A dense run of ids (what an import has just written) is one range, one walk of the
    index; anything else is IN lists. A range may select more: callers intersect.
    """
    if not values:
        return
    if all(type(value) is int for value in values):
        low, high = min(values), max(values)
        if high - low < 4 * len(values) + 1000:
            yield column.between(low, high)
            return
    ordered = sorted(values)
    for start in range(0, len(ordered), _IN_LIST):
        yield column.in_(ordered[start : start + _IN_LIST])


class _Insert:
    """An INSERT of whole rows given as tuples, run with the driver's executemany.

    Core's executemany of dicts costs more per row in parameter handling than SQLite
    takes to write the row. Here each column's own bind processor (dates, times,
    vocabularies, booleans) is applied to the tuple directly, the scalar defaults of the
    columns not given are added once, and the tuples go to the driver as they are.
    `uuid` is given as the hex text the column stores (see `new_uuid`).
    """

    def __init__(self, session: Session, table: sa.Table, columns: tuple[str, ...]) -> None:
        dialect = session.get_bind().dialect
        assert dialect.paramstyle == "qmark"  # SQLite's driver
        defaults = {
            column.name: column.default.arg
            for column in table.columns
            if column.name not in columns
            and isinstance(column.default, sa.ColumnDefault)
            and column.default.is_scalar
        }
        self.tail = tuple(defaults.values())
        names = (*columns, *defaults)
        quote = dialect.identifier_preparer.quote
        self.sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in names)}) "
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        self.processors: list[tuple[int, Callable[[Any], Any]]] = []
        for position, name in enumerate(columns):
            processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None and name != "uuid":
                self.processors.append((position, processor))

    def __call__(self, session: Session, rows: list[tuple[Any, ...]]) -> None:
        processors, tail = self.processors, self.tail
        if processors:
            processed = []
            for row in rows:
                values = list(row)
                for position, processor in processors:
                    values[position] = processor(values[position])
                processed.append((*values, *tail))
        elif tail:
            processed = [(*row, *tail) for row in rows]
        else:
            processed = rows
        session.connection().exec_driver_sql(self.sql, processed)


def new_uuid() -> str:
    """A new record's uuid as its column stores it."""
    return uuid.uuid4().hex


def _present(session: Session, column: Any, values: Collection[Any]) -> set[Any]:
    """Which of `values` the file already holds in `column`."""
    found: set[Any] = set()
    for condition in _matching(column, values):
        found.update(session.scalars(sa.select(column).where(condition)))
    return found.intersection(values)


# --- records with a code: stations, teams, visits -----------------------------------------


@dataclass(frozen=True)
class _Keyed(Generic[RowT]):
    """How to write one kind of row whose `key` (code, ref) is unique in the mission.

    `references` maps each field holding another record's id to that record's model and
    name; `checker(session)` gives the function that checks a row's other fields and
    returns its insert's values, one for each of `columns`.
    """

    model: type[Base]
    plural: str
    singular: str
    key: str
    references: dict[str, tuple[type[Base], str]]
    columns: tuple[str, ...]
    checker: Callable[[Session], Callable[[_Problems, int, RowT, str], tuple[Any, ...]]]


def _add_keyed(session: Session, rows: Iterable[RowT], kind: _Keyed[RowT]) -> dict[str, int]:
    """Check and insert the rows; their new ids by key."""
    table = _table(kind.model)
    key, key_column = kind.key, table.c[kind.key]
    longest = getattr(key_column.type, "length", None) or 1000
    problems = _Problems(kind.plural)
    first_row: dict[str, int] = {}
    known: dict[str, set[int]] = {field: set() for field in kind.references}
    ids: dict[str, int] = {}
    with unit_of_work(session):
        make_values = kind.checker(session)
        insert = _Insert(session, table, kind.columns)
        for first, chunk in _chunks(rows):
            keys = [clean(getattr(row, key)) for row in chunk]
            in_file = _present(session, key_column, set(keys) - first_row.keys())
            for field, (target, _name) in kind.references.items():
                wanted = {getattr(row, field) for row in chunk} - known[field]
                known[field].update(_present(session, _table(target).c.id, wanted))
            values = []
            for number, (row, code) in enumerate(zip(chunk, keys, strict=True), first):
                if not code:
                    problems.add(number, key, f"the {key} is required.")
                elif len(code) > longest:
                    problems.add(number, key, f"{key} {code} is longer than {longest} characters.")
                elif code in first_row:
                    problems.add(number, key, f"{key} {code} is also on row {first_row[code]}.")
                elif code in in_file:
                    problems.add(number, key, f"{kind.singular} {code} is already in the mission.")
                else:
                    first_row[code] = number
                for field, (_target, name) in kind.references.items():
                    if (target_id := getattr(row, field)) not in known[field]:
                        problems.add(number, field, f"{name} #{target_id} is not in the mission.")
                values.append(make_values(problems, number, row, code))
            if problems.items:
                if problems.full:
                    break
                continue
            insert(session, values)
            for condition in _matching(key_column, keys):
                select = sa.select(key_column, table.c.id).where(condition)
                ids.update((code, record_id) for code, record_id in session.execute(select))
        problems.raise_if_any()
    return ids


_STATION_COLUMNS = ("locality_id", "registered_voters", "latitude", "longitude", "accessible")
_VISIT_COLUMNS = (
    *("team_id", "station_id", "date", "phase", "status", "voters_voted", "overall"),
    *("planned_arrival", "planned_departure", "actual_arrival", "actual_departure"),
)
_TEAM_COLUMNS = ("interpreter", "interpreter_phone", "driver", "driver_phone", "vehicle", "area")
_station_columns = attrgetter(*_STATION_COLUMNS)
_visit_columns = attrgetter(*_VISIT_COLUMNS)


def _station_values(
    problems: _Problems, number: int, row: StationRecord, code: str
) -> tuple[Any, ...]:
    problems.non_negative(number, "registered_voters", row.registered_voters)
    if row.latitude is not None and not -90 <= row.latitude <= 90:
        problems.add(number, "latitude", "latitude must be between -90 and 90.")
    if row.longitude is not None and not -180 <= row.longitude <= 180:
        problems.add(number, "longitude", "longitude must be between -180 and 180.")
    name, address = clean(row.name), clean(row.address)
    key = search_key(code, name, address)
    return (new_uuid(), code, name, address, key, *_station_columns(row))


def _team_values(_problems: _Problems, _number: int, row: TeamRecord, code: str) -> tuple[Any, ...]:
    values = tuple(clean(getattr(row, field)) for field in _TEAM_COLUMNS)
    return (new_uuid(), code, row.notes.strip(), *values)


def _check_times(problems: _Problems, number: int, row: VisitRecord, which: str) -> None:
    arrival, departure = getattr(row, f"{which}_arrival"), getattr(row, f"{which}_departure")
    if arrival is None or departure is None:
        return
    if departure == arrival or (departure < arrival and row.phase not in OVERNIGHT_PHASES):
        problems.add(number, f"{which}_departure", "the departure must be after the arrival.")


def _visit_checker(
    session: Session,
) -> Callable[[_Problems, int, VisitRecord, str], tuple[Any, ...]]:
    """The checks of the visits service that need no other row than the mission's."""
    span = session.execute(
        sa.select(Mission.mission_start, Mission.mission_end).order_by(Mission.id).limit(1)
    ).first()
    start, end = span or (None, None)

    def visit_values(
        problems: _Problems, number: int, row: VisitRecord, ref: str
    ) -> tuple[Any, ...]:
        problems.check_in(number, "phase", row.phase, Phase)
        problems.check_in(number, "status", row.status, VisitStatus)
        if row.date is None:
            problems.add(number, "date", "the date is required.")
        elif (start is not None and row.date < start) or (end is not None and row.date > end):
            problems.add(number, "date", f"{row.date} is not within the mission's dates.")
        _check_times(problems, number, row, "planned")
        _check_times(problems, number, row, "actual")
        problems.non_negative(number, "voters_voted", row.voters_voted)
        if row.overall is not None:
            problems.check_in(number, "overall", row.overall, Assessment)
            if row.status is not VisitStatus.DONE:
                problems.add(number, "overall", "only a visit that was done has an assessment.")
        observed = (row.actual_arrival, row.actual_departure, row.voters_voted)
        if row.status is VisitStatus.CANCELLED and observed != (None, None, None):
            problems.add(number, "status", "a cancelled visit has no actual times or voters.")
        # Vocabularies, dates and times go in as they are: the columns' types store them.
        return (new_uuid(), ref, row.notes.strip(), *_visit_columns(row))

    return visit_values


_STATIONS = _Keyed(
    PollingStation,
    "polling stations",
    "Polling station",
    "code",
    {"locality_id": (Locality, "Locality")},
    ("uuid", "code", "name", "address", "search_key", *_STATION_COLUMNS),
    lambda _session: _station_values,
)
_TEAMS = _Keyed(
    Team,
    "teams",
    "Team",
    "code",
    {},
    ("uuid", "code", "notes", *_TEAM_COLUMNS),
    lambda _session: _team_values,
)
_VISITS = _Keyed(
    Visit,
    "visits",
    "Visit",
    "ref",
    {"team_id": (Team, "Team"), "station_id": (PollingStation, "Polling station")},
    ("uuid", "ref", "notes", *_VISIT_COLUMNS),
    _visit_checker,
)


def add_stations(session: Session, rows: Iterable[StationRecord]) -> dict[str, int]:
    """Add polling stations; returns each new station's id by its code."""
    return _add_keyed(session, rows, _STATIONS)


def add_teams(session: Session, rows: Iterable[TeamRecord]) -> dict[str, int]:
    """Add teams; returns each new team's id by its code."""
    return _add_keyed(session, rows, _TEAMS)


def add_visits(session: Session, rows: Iterable[VisitRecord]) -> dict[str, int]:
    """Add visits; returns each new visit's id by its ref."""
    return _add_keyed(session, rows, _VISITS)


def add_localities(
    session: Session, rows: Iterable[LocalityRecord]
) -> dict[tuple[str, str, str], int]:
    """Add localities; returns each new one's id by (name, district, region).

    A mission has hundreds of localities, not millions: they are checked in one piece.
    """
    table = _table(Locality)
    select = sa.select(table.c.name, table.c.district, table.c.region, table.c.id)
    problems = _Problems("localities")
    first_row: dict[tuple[str, str, str], int] = {}
    values: list[dict[str, Any]] = []
    with unit_of_work(session):
        in_file = {
            (name, district, region) for name, district, region, _ in session.execute(select)
        }
        for number, row in enumerate(rows, 1):
            key = name, district, region = clean(row.name), clean(row.district), clean(row.region)
            if not name:
                problems.add(number, "name", "the name is required.")
            elif key in first_row:
                problems.add(number, "name", f"{name} is also on row {first_row[key]}.")
            elif key in in_file:
                problems.add(number, "name", f"{name} is already in the mission.")
            first_row.setdefault(key, number)
            problems.check_in(number, "kind", row.kind, LocalityKind)
            values.append(
                {
                    "uuid": uuid.uuid4(),
                    "name": name,
                    "kind": row.kind,
                    "district": district,
                    "region": region,
                    "search_key": search_key(name, district, region),
                }
            )
        problems.raise_if_any()
        if values:
            session.execute(sa.insert(table), values)
        return {
            (name, district, region): locality_id
            for name, district, region, locality_id in session.execute(select)
            if (name, district, region) in first_row
        }


# --- answers ------------------------------------------------------------------------------


class _AnswerRule(NamedTuple):
    """What one question accepts: one of `allowed` (None: any number, or any text)."""

    code: str
    phase: Phase
    answer_type: AnswerType
    allowed: frozenset[str] | None

    def problem(self, value: str) -> str | None:
        """Why `value` is not a stored answer to this question (see `checklist`), if not."""
        if self.allowed is not None:
            if value in self.allowed:
                return None
            return f"'{value}' is not an answer to {self.code}: {', '.join(sorted(self.allowed))}."
        if self.answer_type is AnswerType.NUMBER:
            if value.isascii() and value.isdecimal() and str(int(value)) == value:
                return None if int(value) <= MAX_NUMBER else f"{value} is too large for a count."
            return f"'{value}' is not a whole number written as 12 ({self.code})."
        if value and value == clean(value):
            return None
        return (
            "the answer has spaces at either end." if value.strip() else "the answer is required."
        )


def _answer_rules(session: Session) -> dict[int, _AnswerRule]:
    rules: dict[int, _AnswerRule] = {}
    for question in session.scalars(sa.select(ChecklistQuestion)):
        allowed: Iterable[str] | None = {
            AnswerType.YES_NO: ("yes", "no"),
            AnswerType.SCALE: SCALE_VALUES,
            AnswerType.CHOICE: split_list(question.choices),
        }.get(question.answer_type)
        rules[question.id] = _AnswerRule(
            question.code,
            question.phase,
            question.answer_type,
            None if allowed is None else frozenset(allowed),
        )
    return rules


def add_answers(session: Session, rows: Iterable[tuple[int, int, str, str]]) -> int:
    """Add answers (see AnswerRecord) to visits that were done; returns how many."""
    table, visit = _table(Answer), _table(Visit)
    problems = _Problems("answers")
    written = 0
    phases: dict[int, Phase | None] = {}  # each visit's phase; None when it was not done
    with unit_of_work(session):
        rules = _answer_rules(session)
        insert = _Insert(session, table, ("uuid", "visit_id", "question_id", "value", "comment"))
        for first, chunk in _chunks(rows):
            wanted = {row[0] for row in chunk}
            for condition in _matching(visit.c.id, wanted - phases.keys()):
                select = sa.select(visit.c.id, visit.c.phase, visit.c.status).where(condition)
                for visit_id, phase, status in session.execute(select):
                    phases[visit_id] = phase if status is VisitStatus.DONE else None
            # Answers already in the file, and those written by this call's earlier chunks.
            answered: set[tuple[int, int]] = set()
            for condition in _matching(table.c.visit_id, wanted):
                pairs = sa.select(Answer.visit_id, Answer.question_id).where(condition)
                answered.update(
                    (visit_id, question) for visit_id, question in session.execute(pairs)
                )
            first_row: dict[tuple[int, int], int] = {}
            values = []
            for number, (visit_id, question_id, value, comment) in enumerate(chunk, first):
                rule = rules.get(question_id)
                if rule is None:
                    problems.add(
                        number, "question_id", f"question #{question_id} is not in the checklist."
                    )
                elif (problem := rule.problem(value)) is not None:
                    problems.add(number, "value", problem)
                if visit_id not in phases:
                    problems.add(number, "visit_id", f"visit #{visit_id} is not in the mission.")
                elif (phase := phases[visit_id]) is None:
                    problems.add(number, "visit_id", f"visit #{visit_id} was not done.")
                elif rule is not None and rule.phase is not phase:
                    problems.add(
                        number,
                        "question_id",
                        f"{rule.code} is a {rule.phase.label.lower()} question; the visit "
                        f"observed {phase.label.lower()}.",
                    )
                pair = (visit_id, question_id)
                if pair in first_row or pair in answered:
                    where = f"on row {first_row[pair]}" if pair in first_row else "in the mission"
                    problems.add(number, "question_id", f"this answer is already {where}.")
                first_row.setdefault(pair, number)
                values.append((new_uuid(), visit_id, question_id, value, clean(comment)))
            if problems.items:
                if problems.full:
                    break
                continue
            insert(session, values)
            written += len(values)
        problems.raise_if_any()
    return written
