"""Bad input: each message names sheet, row, column and value; exit 1; the file is unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from coordinator.cli import main
from coordinator.exchange.importer import import_workbook
from coordinator.exchange.rows import MAX_PROBLEMS
from tests.exchange.workbooks import Cell, basic_sheets, dump, write_xlsx

Sheets = dict[str, list[list[Cell]]]


def _set(sheet: str, row: int, column: str, value: Cell) -> Callable[[Sheets], None]:
    """Change the cell at spreadsheet row `row` (the header is row 1) of `column`."""

    def change(sheets: Sheets) -> None:
        rows = sheets[sheet]
        rows[row - 1][rows[0].index(column)] = value

    return change


def _drop_column(sheet: str, column: str) -> Callable[[Sheets], None]:
    def change(sheets: Sheets) -> None:
        index = sheets[sheet][0].index(column)
        for row in sheets[sheet]:
            del row[index]

    return change


def _add_column(sheet: str, column: str, value: Cell) -> Callable[[Sheets], None]:
    def change(sheets: Sheets) -> None:
        sheets[sheet][0].append(column)
        for row in sheets[sheet][1:]:
            row.append(value)

    return change


def _statement_with_a_gap(sheets: Sheets) -> None:
    sheets["Statement"] = [["order", "title", "text"], ["1", "Preliminary", "…"], ["5", "B", "b"]]


def _duplicate_station(sheets: Sheets) -> None:
    sheets["Stations"][2][0] = "0012"


BAD_INPUTS: dict[str, tuple[Callable[[Sheets], None] | None, str]] = {
    "duplicate key": (
        _duplicate_station,
        "Stations row 3, code: '0012' appears twice (rows 2 and 3).",
    ),
    "missing reference": (
        _set("Visits", 3, "station", "9999"),
        "Visits row 3, station: no station with code 9999.",
    ),
    "missing required column": (
        _drop_column("Stations", "locality"),
        "Stations, locality: this required column is missing.",
    ),
    "required value empty": (
        _set("Members", 2, "delegation", " "),
        "Members row 2, delegation: a value is required.",
    ),
    "required reference empty": (
        _set("Stations", 2, "locality", ""),
        "Stations row 2, locality: a value is required.",
    ),
    "wrong date": (
        _set("Visits", 2, "date", "17/11/2024"),
        "Visits row 2, date: '17/11/2024' is not a date: write it as 2024-11-17.",
    ),
    "wrong time": (
        None,
        "Visits row 2, planned_arrival: '25:00' is not a time of day: write it as 08:30.",
    ),
    "not a number": (
        _set("Stations", 2, "registered_voters", "many"),
        "Stations row 2, registered_voters: 'many' is not a whole number.",
    ),
    "outside a fixed list": (
        _set("Visits", 2, "phase", "lunch"),
        "Visits row 2, phase: 'lunch' is not one of: opening, voting, counting, tabulation.",
    ),
    "wrong answer": (
        _set("Visits", 2, "V1", "maybe"),
        "Visits row 2, V1: 'maybe' is not an answer to a yes/no question: answer yes or no.",
    ),
    "refused by the service": (
        _set("Visits", 3, "overall", "bad"),
        "Visits row 3, overall: Only a visit that was done has an overall assessment",
    ),
    "statement order with a gap": (
        _statement_with_a_gap,
        "Statement row 3, order: 5 leaves a gap: the statement would have 1 section(s) "
        "before it. Number the sections 1, 2, 3 … without gaps (2 here).",
    ),
    "member left out of the team the Members sheet gives": (
        _add_column("Teams", "members", "Ayşe Yılmaz"),
        "Teams row 2, members: Нурлан Осмонов is in team T1 on the Members sheet, but not in "
        "this list.",
    ),
    "an Excel error in a cell": (
        _set("Stations", 3, "name", "#N/A"),
        "Stations row 3, name: '#N/A' is what Excel shows for a formula that failed; put the "
        "value itself in the cell.",
    ),
    "unknown team of a member": (
        _set("Members", 3, "team", "T9"),
        "Members row 3, team: no team with code T9.",
    ),
}


@pytest.fixture(scope="module")
def imported_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic workbook imported into a new mission file, once for the module."""
    folder = tmp_path_factory.mktemp("imported")
    path = folder / "mission.eom"
    assert import_workbook(path, write_xlsx(folder / "basic.xlsx", basic_sheets())).ok
    return path


@pytest.fixture
def imported(imported_original: Path, tmp_path: Path) -> Path:
    """A mission file holding the basic workbook, of the test's own."""
    path = tmp_path / "mission.eom"
    shutil.copyfile(imported_original, path)
    return path


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_named_and_changes_nothing(
    case: str, imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, message = BAD_INPUTS[case]
    if change is None:  # the wrong time: a column the basic workbook does not have
        change = _add_column("Visits", "planned_arrival", "25:00")
    sheets = basic_sheets()
    # Changed data in another sheet too, so that a partial write would show.
    sheets["Teams"][1][1] = "Lada"
    change(sheets)
    before = dump(imported)
    capsys.readouterr()
    code = main(["import", str(imported), str(write_xlsx(tmp_path / "bad.xlsx", sheets))])
    out, err = capsys.readouterr()
    assert code == 1
    assert message in out, out
    assert "Traceback" not in out + err
    assert "unchanged" in err
    assert dump(imported) == before


def test_unknown_sheets_and_columns_are_warnings(
    imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = basic_sheets()
    sheets["Budget"] = [["item"], ["fuel"]]
    _add_column("Stations", "colour", "red")(sheets)
    _add_column("Visits", "Q99", "yes")(sheets)
    capsys.readouterr()
    assert main(["import", str(imported), str(write_xlsx(tmp_path / "w.xlsx", sheets))]) == 0
    out = capsys.readouterr().out
    assert "Warning: sheet 'Budget' is not part of the format; it was left out." in out
    assert "Warning: Stations, column 'colour' is not part of the format" in out
    assert "Warning: Visits, column 'Q99' is not a column of the format" in out
    assert "Stations: 0 new, 0 updated, 2 unchanged" in out


def test_names_match_ignoring_case_spaces_and_underscores(tmp_path: Path) -> None:
    sheets = basic_sheets()
    sheets["STATIONS"] = sheets.pop("Stations")
    sheets["STATIONS"][0] = ["Code", "NAME", "Locality *", "region", "Registered Voters"]
    report = import_workbook(tmp_path / "m.eom", write_xlsx(tmp_path / "w.xlsx", sheets))
    assert "Stations: 2 new, 0 updated, 0 unchanged" in report.lines()


def test_a_failed_import_removes_the_file_it_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = basic_sheets()
    _duplicate_station(sheets)
    path = tmp_path / "new.eom"
    assert main(["import", str(path), str(write_xlsx(tmp_path / "w.xlsx", sheets))]) == 1
    assert list(tmp_path.iterdir()) == [tmp_path / "w.xlsx"]
    out, err = capsys.readouterr()
    assert "appears twice" in out
    assert "new," not in out  # no counts of an import that did not happen
    assert err == "coordinator: the workbook was not imported; no mission file was made.\n"


def test_problems_are_capped(imported: Path, tmp_path: Path) -> None:
    sheets = basic_sheets()
    for number in range(MAX_PROBLEMS + 20):
        sheets["Stations"].append([f"X{number}", "", "Ош", "", "lots"])
    before = dump(imported)
    with pytest.raises(Exception, match="or more problem") as raised:
        import_workbook(imported, write_xlsx(tmp_path / "w.xlsx", sheets))
    assert len(raised.value.report.problems) == MAX_PROBLEMS  # type: ignore[attr-defined]
    assert dump(imported) == before


def test_an_unreadable_workbook_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "w.xlsx").write_text("not a workbook")
    assert main(["import", str(tmp_path / "m.eom"), str(tmp_path / "w.xlsx")]) == 1
    assert "w.xlsx is text, not an .xlsx workbook" in capsys.readouterr().err
    assert not (tmp_path / "m.eom").exists()


def test_a_preview_reports_what_would_change_and_writes_nothing(
    imported: Path, tmp_path: Path
) -> None:
    from coordinator.exchange.importer import import_sheets
    from coordinator.exchange.reader import read_workbook
    from coordinator.services.files import open_mission

    sheets = basic_sheets()
    sheets["Stations"].append(["0099", "New school", "Ош", "Osh", "10"])
    raw = read_workbook(write_xlsx(tmp_path / "w.xlsx", sheets))
    before = dump(imported)
    steps: list[str] = []
    with open_mission(imported) as mission_file, mission_file.session() as session:
        report = import_sheets(
            session, raw, preview=True, progress=lambda name, *_: steps.append(name)
        )
    assert "Stations: 1 new, 0 updated, 2 unchanged" in report.lines()
    assert steps[:3] == ["Mission", "Delegations", "Teams"]
    assert dump(imported) == before


def test_an_empty_sheet_is_left_out_with_a_warning(imported: Path, tmp_path: Path) -> None:
    from tests.exchange.workbooks import write_csv_folder

    folder = write_csv_folder(tmp_path / "in", basic_sheets())
    (folder / "Stations.csv").write_bytes(b"\xef\xbb\xbf")  # emptied, its BOM left
    sheets = basic_sheets()
    sheets["Visits"] = [sheets["Visits"][0]]  # the header alone: no visits, nothing missing
    sheets["Debrief"] = []
    book = write_xlsx(tmp_path / "w.xlsx", sheets)
    before = dump(imported)
    report = import_workbook(imported, folder)
    assert "Warning: sheet 'Stations' is empty; it was left out." in report.lines()
    report = import_workbook(imported, book)
    assert "Warning: sheet 'Debrief' is empty; it was left out." in report.lines()
    assert dump(imported) == before
