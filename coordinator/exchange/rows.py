"""An import's problems and the rows it reads: each value parsed by its column's kind.

A problem names the sheet, the row as the spreadsheet numbers it, the column, the value
and what is wrong: "Stations row 14, code: '1045' appears twice (rows 9 and 14)".
Problems are collected up to MAX_PROBLEMS, so that a wrong column does not list a
hundred thousand of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from coordinator.exchange.cells import (
    parse_choice,
    parse_date,
    parse_number,
    parse_time,
    parse_whole_number,
    parse_yes_no,
    restore,
    undo_neutralising,
)
from coordinator.exchange.reader import RawSheet
from coordinator.exchange.sheets import Column, Kind, Sheet, name_key
from coordinator.services.checklist import split_list

MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.sheet if self.row is None else f"{self.sheet} row {self.row}"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class ProblemList:
    """The problems of one import, capped at MAX_PROBLEMS."""

    items: list[Problem] = field(default_factory=list)
    more: bool = False

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(sheet, row, column, message))
        else:
            self.more = True

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS


@dataclass
class SheetData:
    """A sheet of the workbook matched to its spec: which column is in which position."""

    spec: Sheet
    raw: RawSheet
    positions: dict[str, int]  # column key -> index in the row's cells
    extra: dict[str, int]  # headers not in the spec (answers on Visits) -> index
    # How `fill` reads a set of columns from this sheet's rows (context._plan).
    plans: dict[Any, list[Any]] = field(default_factory=dict, repr=False, compare=False)
    # What each distinct cell of a column reads as, by column key (see Row.value_at).
    readings: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def header(self, index: int) -> str:
        """The column's head as the user wrote it (a neutralised code as the code)."""
        return undo_neutralising(self.raw.headers[index])

    @property
    def title(self) -> str:
        return self.spec.name

    def has(self, column: str) -> bool:
        return name_key(column) in self.positions

    def rows(self, problems: ProblemList) -> list[Row]:
        return [Row(self, number, cells, problems) for number, cells in self.raw.rows]


class Row:
    """One row of a sheet: its cells by column, read as the column's kind."""

    def __init__(self, sheet: SheetData, number: int, cells: list[str], problems: ProblemList):
        self.sheet = sheet
        self.number = number
        self.cells = cells
        self.problems = problems
        self.failed = False

    def problem(self, column: str | None, message: str) -> None:
        self.failed = True
        self.problems.add(self.sheet.title, self.number, column, message)

    def has(self, column: str) -> bool:
        return self.sheet.has(column)

    def text(self, column: str) -> str:
        """The cell as trimmed text ("" when the column is not in the sheet)."""
        index = self.sheet.positions.get(name_key(column))
        if index is None:
            return ""
        return restore(self.cells[index])

    def untrimmed_text(self, column: str) -> str:
        """The cell with its neutralising undone but its ends kept (lists that line up)."""
        index = self.sheet.positions.get(name_key(column))
        if index is None:
            return ""
        cell = self.cells[index]
        return undo_neutralising(cell)

    def extra_text(self, header_index: int) -> str:
        return restore(self.cells[header_index])

    def value(self, column: str) -> Any:
        """The cell parsed by its column's kind; None when empty or wrong (a problem)."""
        spec: Column = self.sheet.spec.column(column)
        return self.value_at(spec, self.sheet.positions.get(spec.key))

    def value_at(self, spec: Column, index: int | None) -> Any:
        """`value` of the column `spec` whose cells are at `index` (None: not in the sheet).

        A column of 200,000 rows holds a few distinct dates, phases or counts: each
        distinct cell is read once per sheet and what it reads as (a value, empty, or why
        it is not one) is remembered; each row still has its own problems said.
        """
        if index is None:
            return _absent(spec)
        readings = self.sheet.readings.get(spec.key)
        if readings is None:
            readings = self.sheet.readings[spec.key] = {}
        cell = self.cells[index]
        reading = readings.get(cell, _UNREAD)
        if reading is _UNREAD:
            reading = _read(spec, cell)
            if spec.kind is not Kind.LIST:  # a list is the row's own to change
                readings[cell] = reading
        if reading is _EMPTY:
            if spec.required:
                self.problem(spec.name, "a value is required.")
            return _absent(spec)
        if type(reading) is _Invalid:
            self.problem(spec.name, reading.message)
            return None
        return reading

    def date(self, column: str) -> dt.date | None:
        value = self.value(column)
        assert value is None or isinstance(value, dt.date)
        return value


_UNREAD, _EMPTY = object(), object()


@dataclass(frozen=True, slots=True)
class _Invalid:
    """A cell that is not a value of its column, and why (the problem's message)."""

    message: str


def _absent(spec: Column) -> Any:
    """What an empty cell or a column the sheet lacks gives."""
    if spec.kind is Kind.LIST:
        return []
    return "" if spec.kind is Kind.TEXT else None


def _read(spec: Column, cell: str) -> Any:
    """The cell parsed by the column's kind; _EMPTY, or _Invalid saying why it is not."""
    text = restore(cell)
    if not text:
        return _EMPTY
    try:
        return _parse(spec, text)
    except ValueError as error:
        return _Invalid(str(error))


def _parse(spec: Column, text: str) -> Any:
    if spec.kind is Kind.DATE:
        return parse_date(text)
    if spec.kind is Kind.TIME:
        return parse_time(text)
    if spec.kind is Kind.WHOLE_NUMBER:
        return parse_whole_number(text)
    if spec.kind is Kind.NUMBER:
        return parse_number(text)
    if spec.kind is Kind.YES_NO:
        return parse_yes_no(text)
    if spec.kind is Kind.CHOICE:
        assert spec.vocabulary is not None
        return parse_choice(text, spec.vocabulary)
    if spec.kind is Kind.LIST:
        return split_list(text)
    return text


# What Excel shows in a cell whose formula failed; a workbook saved so holds these words.
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"}
)


def note_excel_errors(data: SheetData, problems: ProblemList) -> None:
    """A problem for each cell holding an Excel error (#N/A from a failed VLOOKUP, say):
    imported, it would become a station named "#N/A"."""
    for number, cells in data.raw.rows:
        if EXCEL_ERRORS.isdisjoint(cells):
            continue
        for index, cell in enumerate(cells):
            if cell in EXCEL_ERRORS:
                problems.add(
                    data.title,
                    number,
                    data.header(index),
                    f"'{cell}' is what Excel shows for a formula that failed; put the value "
                    "itself in the cell.",
                )


def match_sheet(spec: Sheet, raw: RawSheet, problems: ProblemList) -> SheetData | None:
    """The sheet's columns by position; None (with problems) when a required one is missing."""
    positions: dict[str, int] = {}
    extra: dict[str, int] = {}
    for index, header in enumerate(raw.headers):
        key = name_key(undo_neutralising(header))
        if not key:
            continue
        if key in positions or key in extra:
            problems.add(spec.name, 1, header, "this column appears twice.")
        elif key in spec.by_key:
            positions[key] = index
        else:
            extra[key] = index
    missing = [c.name for c in spec.columns if c.required and c.key not in positions]
    for name in missing:
        problems.add(spec.name, None, name, "this required column is missing.")
    return None if missing else SheetData(spec, raw, positions, extra)
