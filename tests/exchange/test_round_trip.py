"""Template -> fill -> import -> export -> import into a new file gives the same mission."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from coordinator.exchange.importer import WorkbookImportError, import_workbook
from coordinator.exchange.sheets import SHEETS
from coordinator.services.paging import PageRequest
from coordinator.services.stations import list_stations
from tests.exchange.workbooks import (
    basic_sheets,
    dump,
    write_csv_folder,
    write_xlsx,
)


def _fill_template(template: Path, filled: Path) -> None:
    """Type the basic workbook's rows into the template's sheets, under its headers."""
    book = openpyxl.load_workbook(template)
    for name, rows in basic_sheets().items():
        sheet = book[name]
        headers = [str(cell.value).rstrip("*") for cell in sheet[1] if cell.value is not None]
        for row in rows[1:]:
            values = dict(zip(rows[0], row, strict=True))
            sheet.append([values.get(header) for header in headers])
    book.save(filled)


def test_template_has_every_sheet_a_readme_and_lists(tmp_path: Path) -> None:
    assert main(["template", str(tmp_path / "t.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["README", *(sheet.name for sheet in SHEETS)]
    assert [c.value for c in book["Stations"][1]][:4] == ["code*", "name", "address", "locality*"]
    readme = [[c for c in row if c] for row in book["README"].iter_rows(values_only=True)]
    assert readme[next(i for i, row in enumerate(readme) if row[:2] == ["Stations", "code"])][
        :4
    ] == ["Stations", "code", "yes", "text"]
    lists = {v.formula1 for v in book["Visits"].data_validations.dataValidation}
    assert '"Opening,Voting,Counting,Tabulation"' in lists
    assert '"Very good,Good,Bad,Very bad"' in lists
    assert '"yes,no"' in lists  # the standard checklist's yes/no questions


def test_template_filled_in_round_trips_through_export(tmp_path: Path) -> None:
    main(["template", str(tmp_path / "t.xlsx")])
    _fill_template(tmp_path / "t.xlsx", tmp_path / "filled.xlsx")
    first = tmp_path / "first.eom"
    report = import_workbook(first, tmp_path / "filled.xlsx")
    assert report.ok
    assert "Stations: 2 new, 0 updated, 0 unchanged" in report.lines()
    assert "Visits: 2 new, 0 updated, 0 unchanged" in report.lines()

    again = import_workbook(first, tmp_path / "filled.xlsx")
    assert all(c.new == 0 and c.updated == 0 for c in again.counts), again.lines()

    assert main(["export", str(first), str(tmp_path / "out.xlsx")]) == 0
    second = tmp_path / "second.eom"
    assert main(["import", str(second), str(tmp_path / "out.xlsx")]) == 0
    assert dump(second, by_value=True) == dump(first, by_value=True)


def test_export_as_csv_round_trips_and_neutralises_formulas(tmp_path: Path) -> None:
    sheets = basic_sheets()
    sheets["Teams"].append(["T2", "=1+2"])
    sheets["Stations"][1][1] = "@SUM(A1)"
    sheets["Stations"][2][1] = "'-neutral"
    first = tmp_path / "first.eom"
    # From CSV: an .xlsx cell typed =1+2 is a formula, read as the value Excel computed.
    import_workbook(first, write_csv_folder(tmp_path / "in", sheets))
    assert main(["export", str(first), str(tmp_path / "csv")]) == 0

    raw = (tmp_path / "csv" / "Teams.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    with (tmp_path / "csv" / "Teams.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[2][0] == "T2"
    assert "'=1+2" in rows[2]

    main(["export", str(first), str(tmp_path / "out.xlsx")])
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert all(
        cell.data_type != "f"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )
    second = tmp_path / "second.eom"
    assert main(["import", str(second), str(tmp_path / "csv")]) == 0
    assert dump(second, by_value=True) == dump(first, by_value=True)
    third = tmp_path / "third.eom"
    assert main(["import", str(third), str(tmp_path / "out.xlsx")]) == 0
    assert dump(third, by_value=True) == dump(first, by_value=True)


@pytest.mark.parametrize("separator", [";", ","])
def test_csv_with_bom_and_separators_keeps_zeros_and_na(tmp_path: Path, separator: str) -> None:
    folder = write_csv_folder(tmp_path / "csv", basic_sheets(), separator=separator)
    path = tmp_path / "m.eom"
    report = import_workbook(path, folder)
    assert "Stations: 2 new, 0 updated, 0 unchanged" in report.lines()
    main(["export", str(path), str(tmp_path / "out.xlsx")])
    stations = openpyxl.load_workbook(tmp_path / "out.xlsx")["Stations"]
    codes = [row[0] for row in stations.iter_rows(min_row=2, values_only=True)]
    assert codes == ["0012", "NA"]
    localities = [row[3] for row in stations.iter_rows(min_row=2, values_only=True)]
    assert localities == ["Бишкек", "Ош"]


def test_excel_date_and_time_cells_and_stray_spaces(tmp_path: Path) -> None:
    sheets = basic_sheets()
    sheets["Mission"][1][4] = dt.datetime(2024, 11, 17)
    sheets["Visits"][0] += ["planned_arrival"]
    sheets["Visits"][1][3] = dt.date(2024, 11, 17)
    sheets["Visits"][1] += [dt.time(8, 30)]
    sheets["Visits"][2] += ["09:15"]
    sheets["Stations"][1][1] = "\u00a0 School No. 5 \u00a0"
    path = tmp_path / "m.eom"
    assert import_workbook(path, write_xlsx(tmp_path / "in.xlsx", sheets)).ok
    main(["export", str(path), str(tmp_path / "out.xlsx")])
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book["Mission"]["F2"].value == "2024-11-17"
    visits = list(book["Visits"].iter_rows(min_row=2, values_only=True))
    assert [v[5] for v in visits] == ["08:30", "09:15"]
    assert book["Stations"]["B2"].value == "School No. 5"


def test_two_meetings_with_one_interlocutor_on_one_day_round_trip(tmp_path: Path) -> None:
    sheets = basic_sheets()
    sheets["Meetings"] = [
        ["date", "start", "interlocutor", "summary"],
        ["2024-11-15", "09:00", "Ms. Nurzhan Shaildabekova", "Briefing on the lists"],
        ["2024-11-15", "15:00", "Ms. Nurzhan Shaildabekova", "Follow-up on the complaints"],
    ]
    first = tmp_path / "first.eom"
    report = import_workbook(first, write_csv_folder(tmp_path / "in", sheets))
    assert "Meetings: 2 new, 0 updated, 0 unchanged" in report.lines()
    again = import_workbook(first, tmp_path / "in")
    assert "Meetings: 0 new, 0 updated, 2 unchanged" in again.lines()

    assert main(["export", str(first), str(tmp_path / "out.xlsx")]) == 0
    second = tmp_path / "second.eom"
    assert main(["import", str(second), str(tmp_path / "out.xlsx")]) == 0
    assert dump(second, by_value=True) == dump(first, by_value=True)

    # The afternoon meeting moved to 16:00: it is updated, not added.
    sheets["Meetings"][2][1] = "16:00"
    moved = import_workbook(first, write_csv_folder(tmp_path / "moved", sheets))
    assert "Meetings: 0 new, 1 updated, 1 unchanged" in moved.lines()


def test_export_to_a_file_name_that_is_not_xlsx_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mission = tmp_path / "m.eom"
    import_workbook(mission, write_xlsx(tmp_path / "w.xlsx", basic_sheets()))
    capsys.readouterr()
    assert main(["export", str(mission), str(tmp_path / "out.csv")]) == 1
    assert capsys.readouterr().err == (
        "coordinator: out.csv: give an .xlsx file, or a folder name (without an extension) "
        "for a folder of .csv files, one per sheet.\n"
    )
    assert not (tmp_path / "out.csv").exists()


def test_text_an_excel_cell_cannot_hold_is_named_and_kept_whole_in_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = basic_sheets()
    long_text = "Observers noted " + "x" * 33_000 + " END"
    sheets["Statement"] = [
        ["order", "title", "text"],
        ["1", "Long", long_text],
        ["2", "Pasted", "line one\x0bline two"],
    ]
    mission = tmp_path / "m.eom"
    import_workbook(mission, write_csv_folder(tmp_path / "in", sheets))
    capsys.readouterr()
    assert main(["export", str(mission), str(tmp_path / "out.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "Statement row 2, text: 33,020 characters, more than an Excel cell holds" in err
    assert "Statement row 3, text: a control character an Excel cell cannot hold" in err
    assert "Export to a folder of CSV files instead" in err
    assert not (tmp_path / "out.xlsx").exists()

    assert main(["export", str(mission), str(tmp_path / "csv")]) == 0
    copy = tmp_path / "copy.eom"
    import_workbook(copy, tmp_path / "csv")
    assert dump(copy, by_value=True) == dump(mission, by_value=True)


def test_a_row_that_clears_a_visit_s_answers_may_change_its_phase(tmp_path: Path) -> None:
    sheets = basic_sheets()
    mission = tmp_path / "m.eom"
    import_workbook(mission, write_csv_folder(tmp_path / "in", sheets))
    # V0001 was observed at the opening, not the voting: the voting answer goes, and an
    # opening answer comes, in the same row.
    header = sheets["Visits"][0]
    header.append("O1")
    for row in sheets["Visits"][1:]:
        row.append("")
    first = sheets["Visits"][1]
    first[header.index("phase")] = "opening"
    first[header.index("V1")] = ""
    first[header.index("voters_voted")] = ""
    first[header.index("O1")] = "yes"
    report = import_workbook(mission, write_csv_folder(tmp_path / "fixed", sheets))
    assert "Visits: 0 new, 1 updated, 1 unchanged" in report.lines()
    again = import_workbook(mission, tmp_path / "fixed")
    assert "Visits: 0 new, 0 updated, 2 unchanged" in again.lines()


def test_a_locality_s_kind_changed_on_the_stations_sheet_is_written_and_said(
    tmp_path: Path,
) -> None:
    sheets = basic_sheets()
    header = sheets["Stations"][0]
    header.append("locality_kind")
    for row in sheets["Stations"][1:]:
        row.append("")
    mission = tmp_path / "m.eom"
    import_workbook(mission, write_csv_folder(tmp_path / "in", sheets))
    sheets["Stations"][1][-1] = "town"  # Бишкек, written a city at first
    report = import_workbook(mission, write_csv_folder(tmp_path / "town", sheets))
    assert "Warning: Stations row 2: the locality Бишкек is now a town (it was a city)." in (
        report.lines()
    )
    assert main(["export", str(mission), str(tmp_path / "out")]) == 0
    with (tmp_path / "out" / "Stations.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    kind = rows[0].index("locality_kind")
    assert [row[kind] for row in rows[1:]] == ["Town", "City"]

    sheets["Stations"].append(["0013", "Lyceum", "Бишкек", "Chüy", "900", "village"])
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(mission, write_csv_folder(tmp_path / "both", sheets))
    assert [str(p) for p in raised.value.report.problems] == [
        "Stations row 4, locality_kind: row 2 makes Бишкек a town; a locality has one kind."
    ]


def test_text_that_reads_as_an_excel_error_round_trips(tmp_path: Path) -> None:
    sheets = basic_sheets()
    sheets["Stations"][1][1] = "'#N/A"  # as export writes the name "#N/A"
    first = tmp_path / "first.eom"
    import_workbook(first, write_csv_folder(tmp_path / "in", sheets))
    for out in ("out.xlsx", "csv"):
        assert main(["export", str(first), str(tmp_path / out)]) == 0
        copy = tmp_path / f"copy-{out}.eom"
        assert main(["import", str(copy), str(tmp_path / out)]) == 0
        assert dump(copy, by_value=True) == dump(first, by_value=True)
    with open_mission_file(first) as mission_file, mission_file.session() as session:
        names = [row.name for row in list_stations(session, PageRequest()).rows]
    assert "#N/A" in names
