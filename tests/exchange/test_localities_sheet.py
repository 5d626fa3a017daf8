"""The Localities sheet: a locality no station is in survives an export and an import.

The demo mission with a village of no station, and one whose name was typed in NFD (as
macOS types "ö"), is exported to .xlsx and to a folder of CSV files; each imports into a
new mission whose export is the original's, cell for cell. A workbook without the sheet
imports as before (its localities made from the stations).
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from coordinator.cli import main
from coordinator.db.enums import LocalityKind
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Locality
from coordinator.exchange.importer import WorkbookImportError, import_workbook
from coordinator.exchange.reader import read_workbook
from coordinator.services.stations import LocalityFields, create_locality
from tests.exchange.workbooks import basic_sheets, write_csv_folder, write_xlsx

NFD_NAME = unicodedata.normalize("NFD", "Kök-Jar")


def _localities(path: Path) -> list[tuple[str, str, str, LocalityKind]]:
    with open_mission_file(path) as mission_file, mission_file.session() as session:
        found = session.scalars(sa.select(Locality).order_by(Locality.name))
        return [(f.name, f.district, f.region, f.kind) for f in found]


def _sheets(exported: Path) -> dict[str, list[list[str]]]:
    return {
        sheet.name: [sheet.headers, *(r for _, r in sheet.rows)]
        for sheet in read_workbook(exported)
    }


@pytest.fixture
def demo_with_lonely_places(demo_path: Path) -> Path:
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        create_locality(session, LocalityFields("Ak-Tal", LocalityKind.VILLAGE, "", "Naryn"))
        create_locality(session, LocalityFields(NFD_NAME, LocalityKind.TOWN, "Issyk-Ata", "Chüy"))
    return demo_path


@pytest.mark.parametrize("form", ["out.xlsx", "out-folder"])
def test_a_locality_no_station_uses_survives_a_round_trip(
    demo_with_lonely_places: Path, tmp_path: Path, form: str
) -> None:
    original = demo_with_lonely_places
    exported = tmp_path / form
    assert main(["export", str(original), str(exported)]) == 0

    sheet = _sheets(exported)["Localities"]
    assert sheet[0] == ["name*", "district", "region", "kind"]
    assert ["Ak-Tal", "", "Naryn", "Village"] in sheet
    # Stored in NFC on the way in, so exported in NFC: one Kök-Jar, not two.
    assert ["Kök-Jar", "Issyk-Ata", "Chüy", "Town"] in sheet
    assert unicodedata.normalize("NFD", "Kök-Jar") not in {row[0] for row in sheet}

    copy = tmp_path / "copy.eom"
    assert main(["import", str(copy), str(exported)]) == 0
    assert _localities(copy) == _localities(original)
    assert ("Ak-Tal", "", "Naryn", LocalityKind.VILLAGE) in _localities(copy)

    again = tmp_path / ("again.xlsx" if form.endswith(".xlsx") else "again-folder")
    assert main(["export", str(copy), str(again)]) == 0
    assert _sheets(again) == _sheets(exported)


def test_the_folder_has_a_localities_csv(demo_with_lonely_places: Path, tmp_path: Path) -> None:
    assert main(["export", str(demo_with_lonely_places), str(tmp_path / "csv")]) == 0
    with (tmp_path / "csv" / "Localities.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["name*", "district", "region", "kind"]
    assert ["Ak-Tal", "", "Naryn", "Village"] in rows


def test_importing_the_export_again_changes_no_locality(
    demo_with_lonely_places: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "out.xlsx"
    assert main(["export", str(demo_with_lonely_places), str(exported)]) == 0
    report = import_workbook(demo_with_lonely_places, exported)
    count = next(c for c in report.counts if c.sheet == "Localities")
    assert (
        count.new == 0
        and count.updated == 0
        and count.unchanged == len(_localities(demo_with_lonely_places))
    )


def test_a_workbook_without_the_sheet_imports_as_before(tmp_path: Path) -> None:
    sheets = basic_sheets()
    assert "Localities" not in sheets
    mission = tmp_path / "m.eom"
    report = import_workbook(mission, write_xlsx(tmp_path / "old.xlsx", sheets))
    assert report.ok and all(c.sheet != "Localities" for c in report.counts)
    column = sheets["Stations"][0].index("locality")
    stations = {row[column] for row in sheets["Stations"][1:]}
    assert {name for name, *_ in _localities(mission)} == stations


def test_bad_rows_are_problems_naming_sheet_row_and_column(tmp_path: Path) -> None:
    sheets = basic_sheets()
    header = sheets["Stations"][0]
    station = dict(zip(header, sheets["Stations"][1], strict=True))
    sheets["Localities"] = [
        ["name", "district", "region", "kind"],
        [station["locality"], station.get("district", ""), station.get("region", ""), "hamlet"],
        ["Ak-Tal", "", "Naryn", "Village"],
        ["Ak-Tal", "", "Naryn", "Town"],
        ["", "Naryn", "", ""],
    ]
    mission = tmp_path / "m.eom"
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(mission, write_csv_folder(tmp_path / "in", sheets))
    said = str(raised.value)
    assert "Localities row 2, kind: 'hamlet' is not one of" in said
    assert "Localities row 4: this row repeats row 3." in said
    assert "Localities row 5, name: a value is required." in said
    assert not mission.exists()


def test_a_localities_kind_binds_the_stations_sheet(tmp_path: Path) -> None:
    sheets = basic_sheets()
    header = sheets["Stations"][0]
    station = dict(zip(header, sheets["Stations"][1], strict=True))
    locality = [station["locality"], station.get("district", ""), station.get("region", "")]
    sheets["Localities"] = [["name", "district", "region", "kind"], [*locality, "Village"]]
    if "locality_kind" not in header:
        header.append("locality_kind")
        for row in sheets["Stations"][1:]:
            row.append("")
    sheets["Stations"][1][header.index("locality_kind")] = "Town"
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(tmp_path / "m.eom", write_xlsx(tmp_path / "in.xlsx", sheets))
    assert f"Localities row 2 makes {locality[0]} a village" in str(raised.value)


def test_the_template_names_the_sheet(tmp_path: Path) -> None:
    assert main(["template", str(tmp_path / "t.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert "Localities" in book.sheetnames
    assert [c.value for c in book["Localities"][1]] == ["name*", "district", "region", "kind"]
    readme = {row[0] for row in book["README"].iter_rows(values_only=True) if row[0]}
    assert "Localities" in readme
