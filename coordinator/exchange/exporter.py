"""Exporting a mission: every sheet of the workbook format, as .xlsx or a folder of .csv.

What is exported imports back to the same data. XLSX cells are text or numbers, never
formulas; CSV files are UTF-8 with a byte order mark, so Excel reads Cyrillic. Text that
a spreadsheet would run as a formula is neutralised (see `cells`); the import undoes it.
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.atomic import replacing_folder, why_not_written
from coordinator.db.models import (
    Answer,
    ChecklistQuestion,
    DebriefNote,
    Delegation,
    Incident,
    Locality,
    Member,
    Mission,
    PollingStation,
    StatementSection,
    Team,
    Visit,
)
from coordinator.errors import UserError
from coordinator.exchange import sheets
from coordinator.exchange.cells import format_value, neutralise
from coordinator.exchange.saving import save_workbook
from coordinator.services import meetings, statement_languages
from coordinator.services.unit import unit_of_work

Cell = str | int | float | None
Table = tuple[str, list[str], list[list[Cell]]]


def _team_codes(session: Session) -> dict[int, str]:
    return dict(session.execute(sa.select(Team.id, Team.code)).all())


def _mission(session: Session) -> Iterator[list[object]]:
    mission = session.scalar(sa.select(Mission).order_by(Mission.id).limit(1))
    if mission is not None:
        yield [
            _lines(mission.statement_languages.split())
            if c.name == "statement_languages"
            else getattr(mission, c.name)
            for c in sheets.MISSION.columns
        ]


def _delegations(session: Session) -> Iterator[list[object]]:
    for d in session.scalars(sa.select(Delegation).order_by(Delegation.name)):
        yield [d.name, d.kind, d.country, d.notes]


def _members(session: Session) -> Iterator[list[object]]:
    teams = _team_codes(session)
    delegations = dict(session.execute(sa.select(Delegation.id, Delegation.name)).all())
    for m in session.scalars(sa.select(Member).order_by(Member.full_name)):
        yield [
            m.full_name,
            delegations[m.delegation_id],
            *(m.position, m.role, m.email, m.phone, m.passport_no, m.accreditation_no),
            *(m.accreditation_status, m.arrival, m.departure, m.languages),
            teams.get(m.team_id) if m.team_id is not None else "",
        ]


def _lines(items: list[str]) -> str:
    return "\n".join(items)


def _meetings(session: Session) -> Iterator[list[object]]:
    for meeting in meetings.meetings_with_lists(session):
        people = meeting.interlocutors
        points = meeting.key_points
        flagged = [n for n, point in enumerate(points, start=1) if point.for_statement]
        if points and len(flagged) == len(points):
            for_statement = "yes"
        elif not flagged:
            for_statement = "no"
        else:
            for_statement = ";".join(map(str, flagged))
        yield [
            *(meeting.date, meeting.start, meeting.end, meeting.location, meeting.kind),
            _lines([p.name for p in people]),
            _lines([p.position for p in people]) if any(p.position for p in people) else "",
            _lines([p.institution for p in people]) if any(p.institution for p in people) else "",
            _lines([m.full_name for m in meeting.participants]),
            meeting.summary,
            _lines([p.text for p in points]),
            for_statement,
        ]


def _localities(session: Session) -> Iterator[list[object]]:
    select = sa.select(Locality).order_by(
        Locality.name, Locality.district, Locality.region, Locality.id
    )
    for locality in session.scalars(select):
        yield [locality.name, locality.district, locality.region, locality.kind]


def _stations(session: Session) -> Iterator[list[object]]:
    select = (
        sa.select(PollingStation, Locality)
        .join(Locality, PollingStation.locality_id == Locality.id)
        .order_by(PollingStation.code)
        .execution_options(yield_per=5000)
    )
    for station, locality in session.execute(select):
        yield [
            *(station.code, station.name, station.address),
            *(locality.name, locality.district, locality.region, locality.kind),
            *(station.registered_voters, station.latitude, station.longitude, station.accessible),
        ]


def _teams(session: Session) -> Iterator[list[object]]:
    members: dict[int, list[str]] = defaultdict(list)
    select = sa.select(Member.team_id, Member.full_name).where(Member.team_id.is_not(None))
    for team_id, name in session.execute(select.order_by(Member.full_name)):
        assert team_id is not None
        members[team_id].append(name)
    for t in session.scalars(sa.select(Team).order_by(Team.code)):
        yield [
            t.code,
            _lines(members[t.id]),
            *(t.interpreter, t.interpreter_phone, t.driver, t.driver_phone),
            *(t.vehicle, t.area, t.notes, t.base, t.base_latitude, t.base_longitude),
        ]


def _questions(session: Session) -> list[ChecklistQuestion]:
    select = sa.select(ChecklistQuestion).order_by(
        ChecklistQuestion.position_in_list, ChecklistQuestion.id
    )
    return list(session.scalars(select))


def _checklist_rows(session: Session) -> Iterator[list[object]]:
    for q in _questions(session):
        yield [
            *(q.code, q.phase, q.text, q.answer_type),
            *(q.choices, q.negative_answer, q.critical_answer, q.required),
        ]


def _visits(session: Session, questions: list[ChecklistQuestion]) -> Iterator[list[object]]:
    teams = _team_codes(session)
    stations = dict(session.execute(sa.select(PollingStation.id, PollingStation.code)).all())
    column = {q.id: index for index, q in enumerate(questions)}
    answers: dict[int, list[object]] = {}
    select = sa.select(Answer.visit_id, Answer.question_id, Answer.value)
    for visit_id, question_id, value in session.execute(select):
        row = answers.setdefault(visit_id, [""] * len(questions))
        row[column[question_id]] = value
    visits = sa.select(Visit).order_by(Visit.ref).execution_options(yield_per=5000)
    for v in session.scalars(visits):
        yield [
            *(v.ref, teams[v.team_id], stations[v.station_id], v.date, v.phase),
            *(v.planned_arrival, v.planned_departure, v.status),
            *(v.actual_arrival, v.actual_departure, v.voters_voted, v.overall, v.notes),
            *answers.get(v.id, [""] * len(questions)),
        ]


def _incidents(session: Session) -> Iterator[list[object]]:
    refs = dict(session.execute(sa.select(Visit.id, Visit.ref)).all())
    for i in session.scalars(sa.select(Incident).order_by(Incident.id)):
        yield [refs[i.visit_id], i.time, i.category, i.severity, i.observed, i.description]


def _debrief(session: Session) -> Iterator[list[object]]:
    teams = _team_codes(session)
    for n in session.scalars(sa.select(DebriefNote).order_by(DebriefNote.date, DebriefNote.id)):
        team = teams.get(n.team_id) if n.team_id is not None else ""
        yield [n.date, team, n.author, n.topic, n.text, n.for_statement]


def _statement(session: Session) -> Iterator[list[object]]:
    """Each language's sections numbered from 1, the mission's languages first."""
    languages = statement_languages.statement_languages(session)
    select = sa.select(StatementSection).order_by(
        StatementSection.position_in_list, StatementSection.id
    )
    by_language: dict[str, list[StatementSection]] = {}
    for section in session.scalars(select):
        by_language.setdefault(section.language, []).append(section)
    ordered = sorted(
        by_language, key=lambda code: (languages.index(code) if code in languages else 99, code)
    )
    for language in ordered:
        for order, section in enumerate(by_language[language], start=1):
            yield [order, section.title, section.text, language]


def _translations(session: Session) -> Iterator[list[object]]:
    for language, original, text in statement_languages.all_translations(session):
        yield [language, original, text]


def _cell(value: object) -> Cell:
    """Numbers stay numbers; everything else is its text, neutralised."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = format_value(value)
    return neutralise(text) if text else None


def mission_tables(session: Session) -> list[Table]:
    """Every sheet of the format with the mission's data, as (name, headers, rows)."""
    with unit_of_work(session):
        questions = _questions(session)
        sources = {
            sheets.MISSION.name: _mission(session),
            sheets.DELEGATIONS.name: _delegations(session),
            sheets.MEMBERS.name: _members(session),
            sheets.MEETINGS.name: _meetings(session),
            sheets.LOCALITIES.name: _localities(session),
            sheets.STATIONS.name: _stations(session),
            sheets.TEAMS.name: _teams(session),
            sheets.CHECKLIST.name: _checklist_rows(session),
            sheets.VISITS.name: _visits(session, questions),
            sheets.INCIDENTS.name: _incidents(session),
            sheets.DEBRIEF.name: _debrief(session),
            sheets.STATEMENT.name: _statement(session),
            sheets.TRANSLATIONS.name: _translations(session),
        }
        tables: list[Table] = []
        for spec in sheets.SHEETS:
            headers = [column.header() for column in spec.columns]
            if spec is sheets.VISITS:
                # Codes a check refuses today may be in an older file: as every cell,
                # a head that would run as a formula is neutralised.
                headers += [neutralise(q.code) for q in questions]
            rows = [[_cell(value) for value in row] for row in sources[spec.name]]
            tables.append((spec.name, headers, rows))
    return tables


# The most characters an Excel cell holds.
XLSX_CELL_LIMIT = 32_767


def _check_cells_fit(tables: list[Table], illegal: re.Pattern[str]) -> None:
    """UserError naming the cells an .xlsx cannot hold as they are (nothing is written).

    Text longer than a cell holds would be cut, and control characters (a vertical tab
    pasted from a word processor) cannot be stored at all; a folder of CSV files keeps
    both, so the export says so rather than lose them.
    """
    found: list[str] = []
    for name, headers, rows in tables:
        for number, row in enumerate(rows, start=2):
            for header, value in zip(headers, row, strict=False):
                if not isinstance(value, str):
                    continue
                if len(value) > XLSX_CELL_LIMIT:
                    found.append(
                        f"{name} row {number}, {header}: {len(value):,} characters, more than "
                        f"an Excel cell holds ({XLSX_CELL_LIMIT:,})"
                    )
                elif illegal.search(value):
                    found.append(
                        f"{name} row {number}, {header}: a control character an Excel cell "
                        "cannot hold (a line break from a word processor, say)"
                    )
    if found:
        shown = "\n".join(found[:20]) + ("\n…" if len(found) > 20 else "")
        raise UserError(
            "The mission was not exported as .xlsx: some text does not fit in an Excel cell.\n"
            f"{shown}\nExport to a folder of CSV files instead (it keeps the text whole), or "
            "shorten the text."
        )


def write_xlsx(path: Path, tables: list[Table]) -> None:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Checked first: a write-only workbook that fails half way leaves noise on stderr.
    if not path.parent.is_dir():
        raise UserError(f"Could not write {path}: the folder {path.parent} does not exist.")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise UserError(f"Could not write {path}: the folder {path.parent} cannot be written to.")
    _check_cells_fit(tables, ILLEGAL_CHARACTERS_RE)

    def build() -> Any:
        book = openpyxl.Workbook(write_only=True)
        for name, headers, rows in tables:
            sheet = book.create_sheet(name)
            sheet.append(headers)
            for row in rows:
                sheet.append(row)
        return book

    # Written beside the target, then renamed: a failed or killed export leaves no half
    # workbook (and, as an unnamed file, no leftover either).
    save_workbook(path, build)


def write_csv_folder(folder: Path, tables: list[Table]) -> None:
    """The sheets as .csv files in `folder`, written as a new folder that takes its place."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"Could not write {folder}: it is a file, not a folder.")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with replacing_folder(folder) as partial:
            for name, headers, rows in tables:
                # utf-8-sig: the byte order mark tells Excel the file is UTF-8.
                with (partial / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as file:
                    writer = csv.writer(file)
                    writer.writerow(headers)
                    writer.writerows(["" if v is None else v for v in row] for row in rows)
    except OSError as error:
        raise UserError(f"Could not write {folder}: {why_not_written(error)}.") from None


def _save(path: Path, save: object) -> None:
    try:
        save(path)  # type: ignore[operator]
    except OSError as error:
        raise UserError(f"Could not write {path}: {error.strerror}.") from None


# Names of files, not folders: an export there would make a folder called "out.csv".
_NOT_A_FOLDER = frozenset({".csv", ".xls", ".xlsm", ".ods", ".txt", ".json", ".pdf", ".eom"})


def export_mission(session: Session, destination: Path) -> Path:
    """Write the mission to `destination`: an .xlsx file, or else a folder of .csv files."""
    if destination.suffix.lower() in _NOT_A_FOLDER:
        raise UserError(
            f"{destination.name}: give an .xlsx file, or a folder name (without an extension) "
            "for a folder of .csv files, one per sheet."
        )
    tables = mission_tables(session)
    if destination.suffix.lower() == ".xlsx":
        write_xlsx(destination, tables)
    else:
        write_csv_folder(destination, tables)
    return destination
