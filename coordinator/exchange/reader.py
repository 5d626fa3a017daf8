"""Reading a workbook (.xlsx) or a folder of .csv files into sheets of text cells.

Every cell becomes text, so that codes keep their leading zeros and "NA" stays "NA":
Excel number cells are written as plain numbers ("12", not "12.0"), date cells as
2024-11-17 and time cells as 08:30. CSV files may start with a byte order mark and
may be separated by `;` (what Excel writes in many locales), `,` or tabs. Rows keep
the number the spreadsheet shows (the header is row 1); empty rows are left out.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coordinator.errors import UserError
from coordinator.exchange.sheets import README, name_key


@dataclass(frozen=True)
class RawSheet:
    """One sheet as read: its name and headers as written, its rows as text cells."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]


class WorkbookReadError(UserError):
    """The workbook could not be read at all (missing, not a workbook, not UTF-8)."""


def read_workbook(path: Path) -> list[RawSheet]:
    """The sheets of an .xlsx file, or of a folder holding one .csv file per sheet."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise WorkbookReadError(f"The folder {path} holds no .csv files.")
        return [read_csv(file) for file in files]
    if not path.exists():
        raise WorkbookReadError(f"There is no workbook at {path}.")
    if path.suffix.lower() == ".csv":
        return [read_csv(path)]
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookReadError(
            f"{path.name} is not an .xlsx workbook or a folder of .csv files; "
            "save it from the spreadsheet as Excel Workbook (.xlsx)."
        )
    return read_xlsx(path)


def _sheet(name: str, table: list[list[str]]) -> RawSheet:
    """The sheet with its header on row 1, rows numbered from 2, empty rows left out."""
    if not table:
        return RawSheet(name, [], [])
    headers = [cell.strip() for cell in table[0]]
    width = len(headers)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if any(cell.strip() for cell in cells):
            padded = [*cells[:width], *[""] * (width - len(cells))]
            rows.append((number, padded))
    return RawSheet(name, headers, rows)


# --- xlsx -----------------------------------------------------------------------------------

# Excel keeps a time of day alone as that time on one of these days.
_EXCEL_EPOCHS = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1))


def cell_text(value: Any) -> str:
    """An Excel cell's value as the text the importer reads."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.date() in _EXCEL_EPOCHS:
            return f"{value:%H:%M}"
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value)


def read_xlsx(path: Path) -> list[RawSheet]:
    import zipfile

    import openpyxl

    try:
        # data_only: a formula cell is read as the value Excel last computed, never run.
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise WorkbookReadError(f"{path.name} could not be read as a workbook: {error}") from None
    try:
        sheets = []
        for worksheet in book.worksheets:
            if name_key(worksheet.title) == name_key(README):
                continue
            table = [[cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
            sheets.append(_sheet(worksheet.title, table))
        return sheets
    finally:
        book.close()


# --- csv ------------------------------------------------------------------------------------


def _separator(header_line: str) -> str:
    """The separator the header line uses most: `;`, `,` or a tab."""
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(path: Path) -> RawSheet:
    import pandas as pd

    try:
        # utf-8-sig: a byte order mark (what Excel writes for "CSV UTF-8") is dropped.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookReadError(
            f"{path.name} is not UTF-8 text; save it from the spreadsheet as "
            "'CSV UTF-8 (comma delimited)'."
        ) from None
    except OSError as error:
        raise WorkbookReadError(f"{path.name} could not be read: {error.strerror}.") from None
    if not text.strip():
        return RawSheet(path.stem, [], [])
    separator = _separator(text.split("\n", 1)[0])
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as error:
        raise WorkbookReadError(f"{path.name} is not a readable CSV file: {error}") from None
    # Cells missing from a short line come back as NaN, not text.
    table = [
        [cell if isinstance(cell, str) else "" for cell in row]
        for row in frame.itertuples(index=False, name=None)
    ]
    return _sheet(path.stem, table)
