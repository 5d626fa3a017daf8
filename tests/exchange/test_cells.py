"""Reading cells: the formula rule undoes itself, dates, times and numbers, CSV dialects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
from coordinator.exchange.reader import cell_text, read_csv


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


def test_csv_short_lines_blank_lines_and_quoted_separators(tmp_path: Path) -> None:
    path = tmp_path / "Stations.csv"
    path.write_text('\ufeffcode;name;locality\r\n007;"A; B";Ош\r\n\r\nNA\r\n', encoding="utf-8")
    sheet = read_csv(path)
    assert sheet.name == "Stations"
    assert sheet.headers == ["code", "name", "locality"]
    assert sheet.rows == [(2, ["007", "A; B", "Ош"]), (4, ["NA", "", ""])]
