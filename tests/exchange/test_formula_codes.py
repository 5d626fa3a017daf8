"""No formula from any text: question codes that would run as formulas, at import and export."""

from __future__ import annotations

import contextlib
import csv
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from coordinator.exchange.exporter import export_mission
from coordinator.exchange.importer import WorkbookImportError, import_workbook
from tests.exchange.workbooks import basic_sheets, write_xlsx

CRAFTED = ['=HYPERLINK("http://x","y")', "-A1", "+1", "@SUM(1)", "=1+1"]


def test_crafted_codes_are_refused_at_import_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = basic_sheets()
    sheets["Checklist"] = [
        ["code", "phase", "text", "answer_type"],
        *[[code, "voting", f"Question {n}", "yes/no"] for n, code in enumerate(CRAFTED)],
    ]
    workbook = write_xlsx(tmp_path / "crafted.xlsx", sheets)
    target = tmp_path / "new.eom"
    assert main(["import", str(target), str(workbook)]) == 1
    said = capsys.readouterr().out
    for row, code in enumerate(CRAFTED, start=2):
        assert f"Checklist row {row}, code: " in said, code
    assert "A code cannot start with a dash; start it with a letter or digit." in said
    assert "A code is letters, digits, dots and dashes, without spaces." in said
    assert not target.exists()


@pytest.fixture
def damaged_code(demo_path: Path) -> Path:
    """The demo with a question code an older version let in: "-A1" heads a Visits column."""
    with contextlib.closing(sqlite3.connect(demo_path)) as connection, connection:
        connection.execute(
            "UPDATE checklist_question SET code = '-A1' WHERE id = "
            "(SELECT question_id FROM answer LIMIT 1)"
        )
    return demo_path


def test_a_code_that_would_be_a_formula_heads_its_column_as_text(
    damaged_code: Path, tmp_path: Path
) -> None:
    with open_mission_file(damaged_code, to_read=True) as mission, mission.session() as session:
        workbook = export_mission(session, tmp_path / "out.xlsx")
        folder = export_mission(session, tmp_path / "out")
    book = openpyxl.load_workbook(workbook)  # not read-only: it says each cell's type
    heads = list(next(book["Visits"].iter_rows(max_row=1)))
    formulas = [cell.value for cell in heads if cell.data_type == "f"]
    assert formulas == []
    assert "'-A1" in [cell.value for cell in heads]
    with (folder / "Visits.csv").open(encoding="utf-8-sig", newline="") as stream:
        csv_heads = next(csv.reader(stream))
    assert "'-A1" in csv_heads and "-A1" not in csv_heads
    # Read back, the head is the code again, and the code is refused by name.
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(tmp_path / "copy.eom", workbook)
    said = "\n".join(raised.value.report.lines(counts=False))
    assert "Checklist row 2, code: A code cannot start with a dash" in said
    assert "column '-A1' is not a column of the format" in said
