"""What the sheets of one import share: the session, the problems, the counts per sheet.

Each row is written through the entity's service inside the import's transaction; the
service's own unit of work becomes a savepoint, so a row the service refuses is rolled
back alone and its problems are collected under the row's sheet, number and column.
Whether a row changed anything is told by comparing the record's stored values before
and after, so importing the same workbook twice reports every row unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.models import Base, ChecklistQuestion, Record
from coordinator.exchange.rows import ProblemList, Row, SheetData
from coordinator.exchange.sheets import name_key
from coordinator.services.errors import NotFoundError, ValidationError

T = TypeVar("T")
F = TypeVar("F")
RecordT = TypeVar("RecordT", bound=Record)


@dataclass
class SheetCount:
    sheet: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.sheet}: {self.new} new, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class ImportContext:
    session: Session
    problems: ProblemList = field(default_factory=ProblemList)
    warnings: list[str] = field(default_factory=list)
    counts: list[SheetCount] = field(default_factory=list)
    # Keys of rows that had problems, by sheet: references to them are not reported again.
    failed: dict[str, set[str]] = field(default_factory=dict)
    # Keys of rows that changed nothing, by sheet: a later step may still change them.
    unchanged: dict[str, set[str]] = field(default_factory=dict)
    # Localities found or created so far, by (name, district, region).
    localities: dict[tuple[str, str, str], int] = field(default_factory=dict)
    # Their kind, and the row that gave it ("row 4", "Localities row 2"; None: as the file
    # had it), by the same key.
    locality_kinds: dict[tuple[str, str, str], tuple[Any, str | None]] = field(default_factory=dict)
    _ids: dict[int, dict[Any, int]] = field(default_factory=dict)
    _questions: dict[str, ChecklistQuestion] | None = None

    def questions(self) -> dict[str, ChecklistQuestion]:
        """The checklist's questions by their code as columns are matched."""
        from coordinator.services.checklist import code_key

        if self._questions is None:
            found = self.session.scalars(sa.select(ChecklistQuestion))
            self._questions = {code_key(question.code): question for question in found}
        return self._questions

    def ids(self, column: Any, id_column: Any) -> dict[Any, int]:
        """Every record's id by `column` (a code, a name), read once per import.

        Read when a later sheet first refers to them, after their own sheet was written.
        """
        # By the attribute itself (a class attribute of its model, there for good): its
        # name as text takes longer to make than a row of 200,000 takes to look up.
        name = id(column)
        if name not in self._ids:
            select = sa.select(column, id_column)
            self._ids[name] = dict(self.session.execute(select).all())
        return self._ids[name]

    def count(self, sheet: str) -> SheetCount:
        counted = SheetCount(sheet)
        self.counts.append(counted)
        return counted

    def fail(self, sheet: str, key: str) -> None:
        self.failed.setdefault(sheet, set()).add(key)

    def has_failed(self, sheet: str, key: str) -> bool:
        return key in self.failed.get(sheet, set())


def state(record: Base) -> tuple[Any, ...]:
    """The record's stored column values, to tell whether an update changed anything."""
    return tuple(getattr(record, a.key) for a in sa.inspect(type(record)).column_attrs)


def attempt(row: Row, write: Callable[[], T], columns: dict[str, str] | None = None) -> T | None:
    """`write()`'s result, or None with the service's problems noted against the row."""
    try:
        return write()
    except ValidationError as error:
        for problem in error.problems:
            column = (columns or {}).get(problem.field, problem.field)
            row.problem(column if is_column(row, column) else None, problem.message)
    except NotFoundError as error:
        row.problem(None, str(error))
    return None


def is_column(row: Row, column: str) -> bool:
    from coordinator.exchange.sheets import name_key

    return row.has(column) or name_key(column) in row.sheet.extra


def fill(row: Row, base: T, columns: Iterable[str], rename: dict[str, str] | None = None) -> T:
    """`base` (a *Fields dataclass) with the value of each column the sheet has.

    An empty cell gives the field's default (a new record's), so the row is the record.
    """
    return replaced(base, read_columns(row, type(base), columns, rename))


def read_columns(
    row: Row, fields_type: type[Any], columns: Iterable[str], rename: dict[str, str] | None = None
) -> dict[str, Any]:
    """The value of each of `columns` the sheet has, by field of `fields_type` (an empty
    cell: the field's default)."""
    defaults = _defaults(fields_type)
    changes: dict[str, Any] = {}
    for name, spec, index in _plan(row.sheet, tuple(columns), rename):
        value = row.value_at(spec, index)
        changes[name] = defaults[name] if value is None else value
    return changes


def replaced(base: T, changes: dict[str, Any]) -> T:
    """What `dataclasses.replace(base, **changes)` gives, made in one call: a row of a
    sheet of 200,000 spent more in `replace`'s look at each field than in its reading.
    (The *Fields dataclasses have no __post_init__ and no field outside __init__.)"""
    return type(base)(**{**vars(base), **changes})


def _plan(
    sheet: SheetData, columns: tuple[str, ...], rename: dict[str, str] | None
) -> list[tuple[str, Any, int]]:
    """The field, column and cell position of each of `columns` the sheet has: looked up
    once per sheet, not once per row of 200,000."""
    key = (columns, tuple(sorted((rename or {}).items())))
    if key not in sheet.plans:
        sheet.plans[key] = [
            ((rename or {}).get(column, column), sheet.spec.by_key[found], sheet.positions[found])
            for column in columns
            if (found := name_key(column)) in sheet.positions
        ]
    return sheet.plans[key]


_DEFAULTS: dict[type[Any], dict[str, Any]] = {}


def _defaults(fields_type: type[Any]) -> dict[str, Any]:
    """Each field's default (None for one without): read once per kind of row, not per row."""
    if fields_type not in _DEFAULTS:
        _DEFAULTS[fields_type] = {
            f.name: None if f.default is dataclasses.MISSING else f.default
            for f in dataclasses.fields(fields_type)
        }
    return _DEFAULTS[fields_type]


def save(
    ctx: ImportContext,
    count: SheetCount,
    row: Row,
    *,
    record: RecordT | None,
    create: Callable[[Session, F], RecordT],
    update: Callable[[Session, int, F], RecordT],
    fields: F,
    columns: dict[str, str] | None = None,
) -> RecordT | None:
    """Create the record, or update the one the row's key found; counts which it was."""
    session = ctx.session
    if record is None:
        created = attempt(row, lambda: create(session, fields), columns)
        if created is not None:
            count.new += 1
        return created
    before = state(record)
    updated = attempt(row, lambda: update(session, record.id, fields), columns)
    if updated is not None:
        if state(updated) == before:
            count.unchanged += 1
        else:
            count.updated += 1
    return updated


def first_of_key(row: Row, key: str, seen: dict[str, int], column: str) -> bool:
    """False (and a problem) when `key` already appeared on an earlier row of the sheet."""
    if key in seen:
        row.problem(column, f"'{key}' appears twice (rows {seen[key]} and {row.number}).")
        return False
    seen[key] = row.number
    return True


def repeated(row: Row, key: tuple[Any, ...], seen: dict[tuple[Any, ...], int]) -> bool:
    """True (and a problem) when an earlier row of the sheet is the same record."""
    if key in seen:
        row.problem(None, f"this row repeats row {seen[key]}.")
        return True
    seen[key] = row.number
    return False
