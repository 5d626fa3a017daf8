"""Sheets of more than BULK_ROWS new rows go in bulk, with the same messages and round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.exchange.bulk_rows import BULK_ROWS
from coordinator.exchange.exporter import export_mission
from coordinator.exchange.importer import WorkbookImportError, import_workbook
from coordinator.exchange.rows import MAX_PROBLEMS
from coordinator.services.files import open_mission
from tests.exchange.workbooks import Cell, dump, write_csv_folder

ROWS = BULK_ROWS + 50


def _big_workbook() -> dict[str, list[list[Cell]]]:
    stations: list[list[Cell]] = [["code", "name", "locality", "registered_voters"]]
    visits: list[list[Cell]] = [
        ["id", "team", "station", "date", "phase", "status", "voters_voted", "V1", "V16", "V17"]
    ]
    for n in range(ROWS):
        stations.append([f"{n:05d}", f"School {n}", f"Town {n % 7}", 900])
        done = n % 3 != 0
        answers: list[Cell] = ["yes", str(n % 40), "very good"] if done else ["", "", ""]
        status, voters = ("done", str(n % 100)) if done else ("planned", "")
        visits.append([f"V{n:05d}", "T1", f"{n:05d}", "2024-11-17", "voting", status, voters])
        visits[-1] += answers
    return {"Teams": [["code"], ["T1"]], "Stations": stations, "Visits": visits}


def test_big_sheets_import_once_and_round_trip(tmp_path: Path) -> None:
    first = tmp_path / "first.eom"
    report = import_workbook(first, write_csv_folder(tmp_path / "in", _big_workbook()))
    assert f"Stations: {ROWS} new, 0 updated, 0 unchanged" in report.lines()
    assert f"Visits: {ROWS} new, 0 updated, 0 unchanged" in report.lines()
    again = import_workbook(first, tmp_path / "in")
    assert f"Visits: 0 new, 0 updated, {ROWS} unchanged" in again.lines()
    with open_mission(first) as mission_file, mission_file.session() as session:
        export_mission(session, tmp_path / "out")
    second = tmp_path / "second.eom"
    import_workbook(second, tmp_path / "out")
    assert dump(second, by_value=True) == dump(first, by_value=True)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("V1", "maybe", "'maybe' is not an answer to a yes/no question: answer yes or no."),
        ("voters_voted", "-5", "voters voted cannot be negative."),
    ],
)
def test_problems_in_big_sheets_name_the_spreadsheet_row(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    sheets = _big_workbook()
    sheets["Visits"][300][sheets["Visits"][0].index(column)] = value  # row 301 on the sheet
    path = tmp_path / "m.eom"
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(path, write_csv_folder(tmp_path / "in", sheets))
    assert [str(p) for p in raised.value.report.problems] == [
        f"Visits row 301, {column}: {message}"
    ]
    assert not path.exists()


def test_answers_refused_by_the_bulk_path_are_put_back_on_their_cells(tmp_path: Path) -> None:
    sheets = _big_workbook()
    header = sheets["Visits"][0]
    sheets["Visits"][300][header.index("phase")] = "opening"  # row 301: a done visit
    path = tmp_path / "m.eom"
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(path, write_csv_folder(tmp_path / "in", sheets))
    assert [str(p) for p in raised.value.report.problems] == [
        f"Visits row 301, {code}: This is a voting question; the visit observed opening."
        for code in ("V1", "V16", "V17")
    ]
    assert not path.exists()


def test_answers_of_a_visit_not_done_are_named_once_on_its_status(tmp_path: Path) -> None:
    sheets = _big_workbook()
    header = sheets["Visits"][0]
    sheets["Visits"][300][header.index("status")] = "planned"  # row 301: it has answers
    sheets["Visits"][300][header.index("voters_voted")] = ""
    path = tmp_path / "m.eom"
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(path, write_csv_folder(tmp_path / "in", sheets))
    assert [str(p) for p in raised.value.report.problems] == [
        "Visits row 301, status: The visit is planned: only a visit that was done has "
        "checklist answers. Set its status to done first."
    ]
    assert not path.exists()


def test_a_big_sheet_with_many_problems_says_only_the_first_are_listed(tmp_path: Path) -> None:
    sheets = _big_workbook()
    sheets["Stations"][0].append("latitude")
    for row in sheets["Stations"][1:]:
        row.append("100")
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(tmp_path / "m.eom", write_csv_folder(tmp_path / "in", sheets))
    report = raised.value.report
    assert len(report.problems) == MAX_PROBLEMS
    assert str(report.problems[0]) == (
        "Stations row 2, latitude: latitude must be between -90 and 90."
    )
    assert report.lines()[-1] == f"(only the first {MAX_PROBLEMS} problems are listed)"
