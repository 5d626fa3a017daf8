"""Reading cells: the formula rule undoes itself, dates, times and numbers, CSV dialects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coordinator.exchange.cells import (
    neutralise,
    parse_date,
    parse_number,
    parse_time,
    parse_whole_number,
    restore,
)
from coordinator.exchange.reader import WorkbookReadError, cell_text, read_csv, read_workbook


@given(st.text(st.sampled_from("'=+-@ab1.")).map(str.strip))
def test_neutralising_is_undone_exactly(text: str) -> None:
    written = neutralise(text)
    assert written[:1] not in ("=", "+", "@") or text == written
    assert restore(written) == text


def test_formula_starts_are_neutralised_but_numbers_are_not() -> None:
    assert neutralise("=1+2") == "'=1+2"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("'=x") == "''=x"
    assert neutralise("-12.5") == "-12.5"
    assert neutralise("'quoted") == "'quoted"
    assert restore("\u00a0 '=1+2 ") == "=1+2"


def test_dates_times_and_numbers() -> None:
    assert parse_date("2024-11-17") == parse_date("17.11.2024") == dt.date(2024, 11, 17)
    assert parse_time("8:30") == parse_time("08:30:00") == dt.time(8, 30)
    assert parse_whole_number("1 200") == 1200
    assert parse_number("42,87") == 42.87
    for wrong, parse in [("2024-02-30", parse_date), ("24:00", parse_time)]:
        with pytest.raises(ValueError, match=wrong):
            parse(wrong)
    with pytest.raises(ValueError, match="'nan' is not a number"):
        parse_number("nan")


def test_excel_cells_as_text() -> None:
    assert cell_text(1200.0) == "1200"
    assert cell_text(dt.datetime(2024, 11, 17)) == "2024-11-17"
    assert cell_text(dt.datetime(1899, 12, 30, 8, 30)) == "08:30"
    assert cell_text(True) == "yes"
    assert cell_text(None) == ""


def test_csv_blank_lines_and_quoted_separators(tmp_path: Path) -> None:
    path = tmp_path / "Stations.csv"
    path.write_text(
        '\ufeffcode;name;locality\r\n007;"A; B";Ош\r\n\r\n;;\r\nNA;"two\r\nlines";\r\n',
        encoding="utf-8",
    )
    sheet = read_csv(path)
    assert sheet.name == "Stations"
    assert sheet.headers == ["code", "name", "locality"]
    assert sheet.rows == [(2, ["007", "A; B", "Ош"]), (5, ["NA", "two\nlines", ""])]


def _zip_with(path: Path, members: dict[str, str]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "w.xlsx is empty: it holds no workbook."),
        (b"code;name\n0012;School\n", "w.xlsx is text, not an .xlsx workbook (perhaps a CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "w.xlsx is a workbook saved with a "),
        (bytes(range(256)), "w.xlsx is not an .xlsx workbook; save it from the spreadsheet"),
    ],
)
def test_files_given_instead_of_a_workbook_are_named(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookReadError) as raised:
        read_workbook(path)
    assert str(raised.value).startswith(message)


def test_a_damaged_workbook_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["code", "name"])  # type: ignore[union-attr]
    book.save(good)
    import zipfile

    with zipfile.ZipFile(good) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]  # cut in the middle of the XML
    damaged = _zip_with(tmp_path / "damaged.xlsx", parts)
    with pytest.raises(WorkbookReadError) as raised:
        read_workbook(damaged)
    assert str(raised.value).startswith("damaged.xlsx could not be read as a workbook: it is ")
    assert str(raised.value).endswith("save it again as Excel Workbook (.xlsx).")
    no_parts = _zip_with(tmp_path / "other.xlsx", {"readme.txt": "hello"})
    with pytest.raises(WorkbookReadError, match="it is damaged"):
        read_workbook(no_parts)


def test_a_csv_row_with_more_cells_than_its_header_is_named(tmp_path: Path) -> None:
    path = tmp_path / "Stations.csv"
    path.write_text("code;name\n0012;School\n0013;School; No. 6;Bishkek\n", encoding="utf-8")
    with pytest.raises(WorkbookReadError) as raised:
        read_csv(path)
    assert str(raised.value) == (
        "Stations.csv, row 3: 4 cells where the header has 2. A cell holding the separator "
        "(semicolon) must be in double quotes."
    )


def test_a_csv_of_one_column_keeps_its_commas(tmp_path: Path) -> None:
    path = tmp_path / "Delegations.csv"
    path.write_text("name\nSolo, Ltd\nOTS\n", encoding="utf-8")
    sheet = read_csv(path)
    assert sheet.headers == ["name"]
    assert [cells for _, cells in sheet.rows] == [["Solo, Ltd"], ["OTS"]]


@given(st.text())
def test_cells_are_cleaned_alike_whether_plain_ascii_or_not(text: str) -> None:
    # Plain ASCII is only trimmed (a shortcut for speed): as the full rule would clean it.
    import unicodedata

    from coordinator.services.unit import clean

    assert clean(text) == unicodedata.normalize("NFC", text.replace("\u00a0", " ")).strip()


def test_a_bad_cell_repeated_down_a_column_is_named_on_each_row(tmp_path: Path) -> None:
    # Each distinct cell of a column is read once: the rows repeating it still each say it.
    from coordinator.exchange.importer import WorkbookImportError, import_workbook

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "Stations.csv").write_text(
        "code,locality,registered_voters\n1,Kant,many\n2,Kant,900\n3,Kant,many\n",
        encoding="utf-8",
    )
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(tmp_path / "m.eom", folder)
    assert [str(problem) for problem in raised.value.report.problems] == [
        f"Stations row {row}, registered_voters: 'many' is not a whole number." for row in (2, 4)
    ]
    assert not (tmp_path / "m.eom").exists()
