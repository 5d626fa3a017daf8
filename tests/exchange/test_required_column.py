"""The Checklist sheet's `required` column: exported yes/no, read in every spelling of yes
and no, absent from older workbooks, and a wrong value named with its sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import ChecklistQuestion
from coordinator.exchange.importer import WorkbookImportError, import_workbook
from tests.exchange.workbooks import MISSION, write_csv_folder, write_xlsx

HEADER = ["code", "phase", "text", "answer_type", "required"]


def _required(path: Path) -> dict[str, bool]:
    with open_mission_file(path, to_read=True) as mission_file, mission_file.session() as session:
        return dict(
            session.execute(sa.select(ChecklistQuestion.code, ChecklistQuestion.required)).all()
        )


def test_required_round_trips_through_the_workbook_and_the_csv_folder(
    demo_path: Path, tmp_path: Path
) -> None:
    assert main(["export", str(demo_path), str(tmp_path / "out.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Checklist"]
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "required"
    written = {row[0]: row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (written["O1"], written["O2"], written["V17"]) == ("yes", "no", "yes")
    assert set(written.values()) == {"yes", "no"}

    demo = _required(demo_path)
    assert sorted(code for code, required in demo.items() if required) == [
        *("C1", "C4", "O1", "O3", "T2", "V12", "V17", "V6"),
    ]
    copy = tmp_path / "copy.eom"
    assert main(["import", str(copy), str(tmp_path / "out.xlsx")]) == 0
    assert _required(copy) == demo

    assert main(["export", str(demo_path), str(tmp_path / "folder")]) == 0
    text = (tmp_path / "folder" / "Checklist.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(",required")
    other = tmp_path / "other.eom"
    assert main(["import", str(other), str(tmp_path / "folder")]) == 0
    assert _required(other) == demo


@pytest.mark.parametrize("shape", ["xlsx", "csv"])
def test_yes_and_no_are_read_in_every_spelling(tmp_path: Path, shape: str) -> None:
    cells = ["yes", "TRUE", "1", "Y", "no", "false", "0", ""]
    rows = [[f"Q{n}", "voting", f"Question {n}?", "yes/no", cell] for n, cell in enumerate(cells)]
    sheets = {"Mission": MISSION, "Checklist": [HEADER, *rows]}
    source = (
        write_xlsx(tmp_path / "in.xlsx", sheets)
        if shape == "xlsx"
        else write_csv_folder(tmp_path / "in", sheets)
    )
    path = tmp_path / "mission.eom"
    import_workbook(path, source)
    read = _required(path)
    assert [read[f"Q{n}"] for n in range(len(cells))] == [True] * 4 + [False] * 4


def test_a_workbook_without_the_column_imports_as_before(tmp_path: Path) -> None:
    path = tmp_path / "mission.eom"
    import_workbook(path, write_xlsx(tmp_path / "first.xlsx", {"Mission": MISSION}))
    before = _required(path)
    assert before["O1"] and not before["O2"]  # the standard checklist a new file gets
    old_header = HEADER[:-1]
    older = {
        "Checklist": [
            old_header,
            ["O1", "opening", "Did the polling station open on time?", "yes/no"],
            ["Q1", "voting", "Was there a queue?", "yes/no"],
        ]
    }
    import_workbook(path, write_xlsx(tmp_path / "older.xlsx", older))
    assert _required(path) == {**before, "Q1": False}


def test_a_value_that_is_not_yes_or_no_is_a_problem_naming_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "mission.eom"
    import_workbook(path, write_xlsx(tmp_path / "first.xlsx", {"Mission": MISSION}))
    before = _required(path)
    rows = [HEADER, ["Q1", "voting", "Queue?", "yes/no", "yes"]]
    rows.append(["O1", "opening", "Did the polling station open on time?", "yes/no", "maybe"])
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(path, write_xlsx(tmp_path / "bad.xlsx", {"Checklist": rows}))
    text = "\n".join(raised.value.report.lines(counts=False))
    assert "Checklist row 3, required: 'maybe' is not yes or no." in text
    assert _required(path) == before
