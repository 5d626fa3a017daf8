"""Big Delegations, Checklist, Meetings, Incidents and Debrief sheets go in bulk (COPY on
PostgreSQL) and give what the same sheets give row by row: the same export, the same
messages.

The threshold is lowered for these tests (BULK_ROWS rows row by row would take seconds
a sheet); what is compared is the bulk path against the services' one-by-one path.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from coordinator.db.enums import DelegationKind
from coordinator.db.missionfile import MissionFile, create_mission_file
from coordinator.db.models import (
    Base,
    ChecklistQuestion,
    DebriefNote,
    Delegation,
    Incident,
    Meeting,
)
from coordinator.exchange import bulk_rows, keyed, meeting_rows, unkeyed
from coordinator.exchange.exporter import export_mission
from coordinator.exchange.importer import WorkbookImportError, import_sheets
from coordinator.exchange.reader import read_workbook
from coordinator.services import bulk
from tests.exchange.workbooks import Cell

THRESHOLD = 20
ROWS = THRESHOLD + 6
CATEGORIES = ("ballot stuffing or leakage", "observer obstruction", "public order", "other")
SEVERITIES = ("minor", "serious", "critical")
SHEETS = ("Delegations", "Checklist", "Meetings", "Incidents", "Debrief")
BULK = ("add_delegations", "add_questions", "add_meetings", "add_incidents", "add_debrief_notes")
ANSWER_TYPES = ("yes_no", "number", "choice", "scale", "text")


def _sheets() -> dict[str, list[list[Cell]]]:
    """ROWS delegations, questions, incidents and debrief notes, with a few visits and
    teams for them to name; every column of each sheet used."""
    delegations: list[list[Cell]] = [["name", "kind", "country", "notes"]]
    delegations += [
        [f" Делегация {n} ", ("member_state", "secretariat")[n % 2], f"Country {n}", f"n {n}"]
        for n in range(ROWS)
    ]
    checklist: list[list[Cell]] = [
        ["code", "phase", "text", "answer_type", "choices", "negative_answer", "critical_answer"]
    ]
    for n in range(ROWS):
        kind = ANSWER_TYPES[n % len(ANSWER_TYPES)]
        choices, negative, critical = {
            "yes_no": ("", "no", "no" if n % 2 else ""),
            "choice": ("Red; Green; Blue", "Red", ""),
            "scale": ("", "3;4", "4"),
        }.get(kind, ("", "", ""))
        phase = ("opening", "voting", "counting")[n % 3]
        checklist.append([f"B{n}", phase, f"Вопрос {n}?", kind, choices, negative, critical])
    members: list[list[Cell]] = [["full_name", "delegation"]]
    members += [[f"Member {n}", " Делегация 0 "] for n in range(3)]
    meetings: list[list[Cell]] = [
        [
            *("date", "start", "end", "location", "kind", "interlocutor"),
            *("interlocutor_position", "institution", "participants", "summary"),
            *("key_points", "for_statement"),
        ]
    ]
    for n in range(ROWS):
        people = f"Person {n}; Person {n} bis" if n % 2 else f"Person {n}"
        points = "\n".join(f"Point {n}.{k}" for k in range(n % 3))
        meetings.append(
            [
                *(f"2024-11-{10 + n % 5}", f"{9 + n % 8:02d}:00", f"{10 + n % 8:02d}:30"),
                *(f"Office {n}", ("meeting", "briefing")[n % 2], people, "Chair; Deputy"),
                *("CEC", "; ".join(f"Member {k}" for k in range(n % 4)), f"Summary {n}"),
                *(points, ("yes", "no", "2")[n % 3] if points else ""),
            ]
        )
    teams: list[list[Cell]] = [["code"], ["T1"], ["T2"]]
    stations: list[list[Cell]] = [["code", "locality"], ["0001", "Бишкек"]]
    visits: list[list[Cell]] = [["id", "team", "station", "date", "phase", "status"]]
    visits += [[f"V{n}", f"T{n % 2 + 1}", "0001", "2024-11-17", "voting", "done"] for n in range(4)]
    incidents: list[list[Cell]] = [
        ["visit", "time", "category", "severity", "observed", "description"]
    ]
    incidents += [
        [
            *(f"V{n % 4}", f"{8 + n % 10:02d}:{n % 60:02d}", CATEGORIES[n % 4]),
            *(SEVERITIES[n % 3], ("yes", "no")[n % 2], f"Случай {n}"),
        ]
        for n in range(ROWS)
    ]
    debrief: list[list[Cell]] = [["date", "team", "author", "topic", "text", "for_statement"]]
    debrief += [
        [
            *("2024-11-18", ("T1", "T2", "")[n % 3], f"Author {n}"),
            *(f"Topic {n % 5}", f"Note {n}", ("yes", "no")[n % 2]),
        ]
        for n in range(ROWS)
    ]
    return {
        "Delegations": delegations,
        "Members": members,
        "Meetings": meetings,
        "Checklist": checklist,
        "Teams": teams,
        "Stations": stations,
        "Visits": visits,
        "Incidents": incidents,
        "Debrief": debrief,
    }


@pytest.fixture
def bulk_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The bulk path taken from THRESHOLD new rows on; the names of the bulk functions
    called (the real ones: they are only counted)."""
    _threshold(monkeypatch, THRESHOLD)
    calls: list[str] = []
    for name in BULK:
        monkeypatch.setattr(bulk, name, _counted(getattr(bulk, name), calls))
    yield calls


def _threshold(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    """New rows from which a sheet goes in bulk (each module that reads it has its copy)."""
    for module in (bulk_rows, keyed, meeting_rows, unkeyed):
        monkeypatch.setattr(module, "BULK_ROWS", rows)


def _counted(function: Callable[..., Any], calls: list[str]) -> Callable[..., Any]:
    def counted(*args: Any) -> Any:
        calls.append(function.__name__)
        return function(*args)

    return counted


def _write(folder: Path, sheets: dict[str, list[list[Cell]]]) -> Path:
    """A folder of .csv files, quoted where a cell holds a line break (key points)."""
    folder.mkdir()
    for name, rows in sheets.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as file:
            csv.writer(file).writerows(rows)
    return folder


def _import(mission_file: MissionFile, folder: Path) -> list[str]:
    with mission_file.session() as session:
        return import_sheets(session, read_workbook(folder)).lines()


def _export(mission_file: MissionFile, folder: Path) -> dict[str, str]:
    with mission_file.session() as session:
        export_mission(session, folder)
    return {file.name: file.read_text(encoding="utf-8-sig") for file in folder.iterdir()}


def test_big_sheets_in_bulk_give_what_row_by_row_gives(
    mission_file: MissionFile,
    tmp_path: Path,
    bulk_calls: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _write(tmp_path / "in", _sheets())
    lines = _import(mission_file, folder)
    assert sorted(bulk_calls) == sorted(BULK)
    for sheet in SHEETS:
        assert f"{sheet}: {ROWS} new, 0 updated, 0 unchanged" in lines
    in_bulk = _export(mission_file, tmp_path / "bulk")
    # The same workbook again: every row found, nothing new.
    again = _import(mission_file, folder)
    for sheet in SHEETS:
        assert f"{sheet}: 0 new, 0 updated, {ROWS} unchanged" in again
    calls = len(bulk_calls)
    # Row by row, into a mission file of its own.
    _threshold(monkeypatch, 10**9)
    with create_mission_file(tmp_path / "rows.eom") as by_rows:
        assert _import(by_rows, folder) == lines
        assert _export(by_rows, tmp_path / "rows") == in_bulk
        assert _search_keys(by_rows) == _search_keys(mission_file)
    assert len(bulk_calls) == calls
    with mission_file.session() as session:
        # Search keys and uuids are made as the services make them.
        keys = session.execute(sa.select(Delegation.name, Delegation.search_key)).all()
        assert ("Делегация 0", "делегация 0\x1fcountry 0") in keys
        for model in (Delegation, ChecklistQuestion, Meeting, Incident, DebriefNote):
            uuids = list(session.scalars(sa.select(model.uuid)))
            assert len(set(uuids)) == len(uuids) >= ROWS


def _search_keys(mission_file: MissionFile) -> list[set[tuple[str, str]]]:
    """What the lists search in, beside what they show (not in the export)."""
    with mission_file.session() as session:
        return [
            {(text, key) for text, key in session.execute(sa.select(column, model.search_key))}
            for model, column in (
                (Delegation, Delegation.name),
                (DebriefNote, DebriefNote.text),
                (Meeting, Meeting.location),
            )
        ]


def _count(mission_file: MissionFile, model: type[Base]) -> int:
    with mission_file.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


# A bad row in each big sheet: (sheet, row as numbered on the sheet, column, value, what
# is said). Row 24 of the Checklist is a choice question (n = 22).
BAD_ROWS = (
    ("Delegations", 18, "kind", "planet", "'planet' is not one of: {kinds}."),
    ("Checklist", 12, "code", "b1", "Another question already has the code B1."),
    ("Checklist", 24, "choices", "Red", "A choice question needs at least two choices."),
    (
        "Meetings",
        18,
        "end",
        "08:00",
        "The meeting must end after it starts (09:00); it ends at 08:00.",
    ),
    ("Incidents", 18, "visit", "V9", "no visit with id V9."),
    ("Debrief", 18, "date", "18/11/2024", "'18/11/2024' is not a date: write it as 2024-11-17."),
)


def test_a_bad_row_of_each_big_sheet_is_named_and_nothing_is_written(
    mission_file: MissionFile, tmp_path: Path, bulk_calls: list[str]
) -> None:
    sheets = _sheets()
    sheets["Checklist"][23][sheets["Checklist"][0].index("negative_answer")] = ""
    for sheet, row, column, value, _said in BAD_ROWS:
        sheets[sheet][row - 1][sheets[sheet][0].index(column)] = value
    questions = _count(mission_file, ChecklistQuestion)
    with pytest.raises(WorkbookImportError) as raised:
        _import(mission_file, _write(tmp_path / "in", sheets))
    kinds = DelegationKind.choices()
    assert sorted(str(p) for p in raised.value.report.problems) == sorted(
        f"{sheet} row {row}, {column}: {said.format(kinds=kinds)}"
        for sheet, row, column, _value, said in BAD_ROWS
    )
    # The rest of each sheet went on in bulk, and was checked there.
    assert sorted(bulk_calls) == sorted(BULK)
    for model in (Delegation, Meeting, Incident, DebriefNote):
        assert _count(mission_file, model) == 0
    assert _count(mission_file, ChecklistQuestion) == questions
