"""What every bulk write shares: problems capped and numbered by row, rows in chunks,
lookups of many keys at once, and the INSERT that hands tuples to the driver."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import (
    AccreditationStatus,
    Assessment,
    LocalityKind,
    MemberRole,
    Phase,
    VisitStatus,
    Vocabulary,
)
from coordinator.db.models import Base
from coordinator.db.transfer import write_by_copy
from coordinator.services.bulk.records import RowProblem
from coordinator.services.errors import ValidationError

# Rows are read, checked and inserted this many at a time, so that a call holds one chunk
# of parameters however many rows its iterable yields.
CHUNK_ROWS = 20_000
MAX_PROBLEMS = 100  # as many as an import lists
# Short enough for any database's limit on parameters in one statement.
_IN_LIST = 500

RowT = TypeVar("RowT")
_MEMBERS: dict[type[Vocabulary], frozenset[Vocabulary]] = {
    vocabulary: frozenset(vocabulary)
    for vocabulary in (
        Phase,
        VisitStatus,
        Assessment,
        LocalityKind,
        MemberRole,
        AccreditationStatus,
    )
}


class Problems:
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

    def lengths(self, row: int, limits: dict[str, int], values: dict[str, Any]) -> None:
        """Text longer than its column allows, said as the services say it."""
        for name, value in values.items():
            length = limits.get(name)
            if length is not None and isinstance(value, str) and len(value) > length:
                label = name.replace("_", " ").capitalize()
                self.add(row, name, f"{label} is too long: at most {length} characters.")

    def raise_if_any(self) -> None:
        if self.items:
            first = f" (the first {MAX_PROBLEMS} problems are listed)" if self.full else ""
            raise ValidationError(f"This batch of {self.what}{first}", list(self.items))


def chunks(rows: Iterable[RowT]) -> Iterator[tuple[int, list[RowT]]]:
    """The rows in lists of CHUNK_ROWS, each with the number of its first row."""
    iterator = iter(rows)
    first = 1
    while chunk := list(islice(iterator, CHUNK_ROWS)):
        yield first, chunk
        first += len(chunk)


def table_of(model: type[Base]) -> sa.Table:
    return cast(sa.Table, model.__table__)


def matching(column: Any, values: Collection[Any]) -> Iterator[sa.ColumnElement[bool]]:
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


class Insert:
    """An INSERT of whole rows given as tuples, run with the driver's executemany.

    Core's executemany of dicts costs more per row in parameter handling than SQLite
    takes to write the row. Here each column's own bind processor (dates, times,
    vocabularies, booleans) is applied to the tuple directly, the scalar defaults of the
    columns not given are added once, and the tuples go to the driver as they are.
    `uuid` is given as the hex text the column stores (see `new_uuid`). On PostgreSQL the
    tuples go in with COPY instead (the one place services know the database: speed).
    """

    def __init__(self, session: Session, table: sa.Table, columns: tuple[str, ...]) -> None:
        dialect = session.get_bind().dialect
        self.by_copy = dialect.name == "postgresql"
        assert self.by_copy or dialect.paramstyle == "qmark"  # SQLite's driver
        defaults = {
            column.name: column.default.arg
            for column in table.columns
            if column.name not in columns
            and isinstance(column.default, sa.ColumnDefault)
            and column.default.is_scalar
        }
        self.tail = tuple(defaults.values())
        names = (*columns, *defaults)
        self.table, self.names = table.name, names
        self.written = self.analysed = 0  # rows, by this insert and at its last ANALYZE
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
        if self.by_copy:
            connection = session.connection()
            write_by_copy(connection, self.table, self.names, processed)
            # The planner's idea of the table's size is from before the COPY: a table it
            # believes empty is scanned whole for each lookup of the next chunk's keys.
            # Told again each time the rows written have doubled: often enough for its
            # plans, and not a sample of a growing table after every chunk.
            self.written += len(rows)
            if self.written >= 2 * self.analysed:
                connection.exec_driver_sql(f"ANALYZE {self.table}")
                self.analysed = self.written
        else:
            session.connection().exec_driver_sql(self.sql, processed)


def text_limits(table: sa.Table) -> dict[str, int]:
    """The most characters each text column of `table` holds, by column."""
    return {
        column.name: length
        for column in table.columns
        if (length := getattr(column.type, "length", None))
    }


def new_uuid() -> str:
    """A new record's uuid as its column stores it: a random (version 4) uuid's hex.

    What uuid.uuid4().hex gives, made from the random bytes as text in less than half its
    time, which counts for two million answers.
    """
    text = os.urandom(16).hex()
    # The version (4) in the 13th digit, the variant (binary 10) in the 17th's top bits.
    return f"{text[:12]}4{text[13:16]}{_VARIANT[text[16]]}{text[17:]}"


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def present(session: Session, column: Any, values: Collection[Any]) -> set[Any]:
    """Which of `values` the file already holds in `column`."""
    found: set[Any] = set()
    for condition in matching(column, values):
        found.update(session.scalars(sa.select(column).where(condition)))
    return found.intersection(values)
