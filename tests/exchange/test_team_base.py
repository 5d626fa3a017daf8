"""A team's base (name, latitude, longitude) in the Teams sheet: exported, imported, checked."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import sqlalchemy as sa

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Team
from coordinator.exchange.importer import WorkbookImportError, import_workbook


def _bases(path: Path) -> dict[str, tuple[str, float | None, float | None, str]]:
    with open_mission_file(path, to_read=True) as mission_file, mission_file.session() as session:
        return {
            team.code: (team.base, team.base_latitude, team.base_longitude, team.area)
            for team in session.scalars(sa.select(Team))
        }


def test_bases_round_trip_through_the_workbook(demo_path: Path, tmp_path: Path) -> None:
    assert main(["export", str(demo_path), str(tmp_path / "out.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Teams"]
    header = [cell.value for cell in sheet[1]]
    assert header[-3:] == ["base", "base_latitude", "base_longitude"]
    copy = tmp_path / "copy.eom"
    assert main(["import", str(copy), str(tmp_path / "out.xlsx")]) == 0
    assert _bases(copy) == _bases(demo_path)
    assert _bases(copy)["T1"] == ("Hyatt Regency Bishkek", 42.8767, 74.6111, "Bishkek")


def test_a_base_that_is_not_a_place_is_a_problem_naming_its_cell(
    demo_path: Path, tmp_path: Path
) -> None:
    assert main(["export", str(demo_path), str(tmp_path / "out.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    sheet = book["Teams"]
    header = [cell.value for cell in sheet[1]]
    latitude = header.index("base_latitude") + 1
    longitude = header.index("base_longitude") + 1
    sheet.cell(row=2, column=latitude, value="north")
    sheet.cell(row=3, column=latitude, value=95)
    sheet.cell(row=4, column=longitude).value = None  # (value=None would leave it)
    book.save(tmp_path / "bad.xlsx")
    before = _bases(demo_path)
    try:
        import_workbook(demo_path, tmp_path / "bad.xlsx")
    except WorkbookImportError as error:
        text = "\n".join(error.report.lines(counts=False))
    else:
        raise AssertionError("the import should have failed")
    assert "Teams" in text and "row 2" in text and "base_latitude" in text and "north" in text
    assert "The base's latitude must be between -90 and 90." in text
    assert "A base needs both its latitude and its longitude, or neither." in text
    assert _bases(demo_path) == before
