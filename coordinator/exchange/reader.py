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
        if "".join(cells).strip():  # any cell with more than spaces, in one call
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


# Limits of what a workbook may hold, so that a hostile or broken file is refused within
# seconds and a few hundred MB (docs/workbook.md says them). The program is built for
# 100,000 stations and 200,000 visits: a full-scale Visits sheet is about 250 MB of XML.
MAX_ROWS = 500_000  # data rows of one sheet (the header is row 1)
MAX_COLUMNS = 1_024  # Visits: its own columns and one per checklist question
MAX_PART_BYTES = 1 << 30  # one part of the .xlsx (a sheet's XML) once unpacked: 1 GiB
MAX_TOTAL_BYTES = 2 << 30  # all parts together, unpacked: 2 GiB
# Real sheets pack 5-20 times; a part far bigger than this ratio says is a zip bomb.
MAX_RATIO = 100
RATIO_FROM_BYTES = 50 << 20  # the ratio is only asked of parts of more than 50 MB
_EXCEL_ROWS = 1_048_576  # the last row any sheet can have


class WorkbookTooBigError(WorkbookReadError):
    """The workbook is beyond the limits this program reads."""


def read_xlsx(path: Path) -> list[RawSheet]:
    import zipfile

    import openpyxl

    _check_is_xlsx(path)
    _check_part_sizes(path)
    try:
        # data_only: a formula cell is read as the value Excel last computed, never run.
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise _damaged(path, "its zip container is broken") from None
    except OSError as error:
        raise WorkbookReadError(f"{path.name} could not be read: {error.strerror}.") from None
    except Exception as error:  # openpyxl meets a broken part with any kind of error
        raise _damaged(path, str(error) or type(error).__name__) from None
    try:
        return [
            _read_sheet(path, worksheet)
            for worksheet in book.worksheets
            if name_key(worksheet.title) != name_key(README)
        ]
    except (zipfile.BadZipFile, SyntaxError, ValueError, KeyError, TypeError) as error:
        # SyntaxError: a sheet's XML is cut short (xml.etree's ParseError).
        raise _damaged(path, str(error) or type(error).__name__) from None
    finally:
        book.close()


def _check_part_sizes(path: Path) -> None:
    """Refuse a workbook whose parts would unpack beyond the limits, before unpacking any.

    Python's zipfile stops reading a part at its declared size (a part that lies is then
    "damaged"), so the declared sizes bound what reading can cost.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # said as damaged (or unreadable) by the reading that follows
    total = 0
    for part in parts:
        total += part.file_size
        packed = max(part.compress_size, 1)
        too_big = part.file_size > MAX_PART_BYTES
        bomb = part.file_size > RATIO_FROM_BYTES and part.file_size > packed * MAX_RATIO
        if too_big or bomb:
            raise WorkbookTooBigError(
                f"{path.name} is refused: its part {part.filename} would unpack to "
                f"{_size(part.file_size)} from {_size(part.compress_size)}. A workbook's "
                f"part may unpack to at most {_size(MAX_PART_BYTES)}, and one of more than "
                f"{_size(RATIO_FROM_BYTES)} at most {MAX_RATIO} times its packed size "
                "(this looks like a zip bomb, not a spreadsheet)."
            )
    if total > MAX_TOTAL_BYTES:
        raise WorkbookTooBigError(
            f"{path.name} is refused: it would unpack to {_size(total)}, more than the "
            f"{_size(MAX_TOTAL_BYTES)} a workbook may hold. Split it into smaller workbooks."
        )


def _size(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def _read_sheet(path: Path, worksheet: Any) -> RawSheet:
    """One sheet read as a stream of rows, stopping at the first cell past the limits.

    The sheet's own dimension (which a hostile file sets to XFD1048576) is not used:
    openpyxl would pad every row to it.
    """
    from openpyxl.utils import get_column_letter

    worksheet.reset_dimensions()
    headers: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    width = 0
    # max_row: openpyxl fills the rows a sheet skips; Excel's last row bounds that.
    for number, values in enumerate(
        worksheet.iter_rows(values_only=True, max_row=_EXCEL_ROWS), start=1
    ):
        used = len(values)
        while used and values[used - 1] is None:
            used -= 1
        if not used:
            continue
        where = f"{path.name}, sheet {worksheet.title}"
        if used > MAX_COLUMNS:
            cell = f"{get_column_letter(used)}{number}"
            raise WorkbookTooBigError(
                f"{where}, cell {cell}: a value in column {get_column_letter(used)}, past "
                f"the {MAX_COLUMNS:,} columns a sheet of this workbook may have. Delete "
                "what is beyond the table's last column."
            )
        if number > MAX_ROWS + 1:
            cell = f"{get_column_letter(used)}{number}"
            raise WorkbookTooBigError(
                f"{where}, cell {cell}: a value in row {number:,}, past the {MAX_ROWS:,} rows "
                "below the header a sheet of this workbook may have. Delete what is below "
                "the table, or split it into smaller workbooks."
            )
        cells = [cell_text(v) for v in values[:used]]
        if number == 1:
            headers = [cell.strip() for cell in cells]
            width = len(headers)
        elif any(cell.strip() for cell in cells):
            rows.append((number, [*cells[:width], *[""] * (width - len(cells))]))
    return RawSheet(worksheet.title, headers, rows)


_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0"  # old .xls files, and workbooks saved with a password


def _check_is_xlsx(path: Path) -> None:
    """A plain message for the files most often given instead of an .xlsx workbook."""
    try:
        with path.open("rb") as file:
            start = file.read(512)
    except OSError as error:
        raise WorkbookReadError(f"{path.name} could not be read: {error.strerror}.") from None
    if start.startswith(_ZIP):
        return
    if not start:
        raise WorkbookReadError(f"{path.name} is empty: it holds no workbook.")
    if start.startswith(_OLE2):
        raise WorkbookReadError(
            f"{path.name} is a workbook saved with a password, or an old Excel 97-2003 "
            "file: open it in the spreadsheet, remove the password (or choose Save As), "
            "and save it as Excel Workbook (.xlsx)."
        )
    if _looks_like_text(start):
        raise WorkbookReadError(
            f"{path.name} is text, not an .xlsx workbook (perhaps a CSV file with another "
            "name): name it .csv, or open it in the spreadsheet and save it as .xlsx."
        )
    raise WorkbookReadError(
        f"{path.name} is not an .xlsx workbook; save it from the spreadsheet as Excel "
        "Workbook (.xlsx)."
    )


def _looks_like_text(start: bytes) -> bool:
    try:
        text = start.decode("utf-8")
    except UnicodeDecodeError:
        # Cut inside a letter at the end of the sample, or another encoding.
        text = start[:-4].decode("utf-8", errors="replace")
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text.replace("\ufffd", ""))


def _damaged(path: Path, detail: str) -> WorkbookReadError:
    return WorkbookReadError(
        f"{path.name} could not be read as a workbook: it is damaged ({detail}). Open it in "
        "the spreadsheet and save it again as Excel Workbook (.xlsx)."
    )


# --- csv ------------------------------------------------------------------------------------

# A separator no cell holds (the ASCII unit separator), for a sheet of one column.
_ONE_COLUMN = "\x1f"


_SEPARATOR_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", _ONE_COLUMN: "none"}


def _separator(header_line: str) -> str:
    """The separator the header line uses most: `;`, `,` or a tab.

    A header with none of them is a sheet of one column: its cells are whole lines,
    commas and all ("Solo, Ltd").
    """
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else _ONE_COLUMN


def read_csv(path: Path) -> RawSheet:
    """One sheet from a .csv file; a row cut short (an interrupted copy) is an error.

    A row with fewer or more cells than the header, a quote that is never closed, and a
    file that ends inside a row are refused with the file and the row named: a cut file
    must not import as if it were whole.
    """
    import csv

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
    # strict: a quote left open at the end of the file is an error, not a cell that
    # swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    table: list[list[str]] = []
    width = 0
    try:
        for cells in reader:
            row = len(table) + 1
            if not table:
                width = len(cells)
            elif not any(cells):
                pass  # an empty line, or a row of empty cells: left out by _sheet
            elif len(cells) > width:
                raise WorkbookReadError(
                    f"{path.name}, row {_row(row, reader.line_num)}: {len(cells)} cells where "
                    f"the header has {width}. A cell holding the separator "
                    f"({_SEPARATOR_NAMES[separator]}) must be in double quotes."
                )
            elif len(cells) < width:
                raise WorkbookReadError(
                    f"{path.name}, row {_row(row, reader.line_num)}: {len(cells)} cells where "
                    f"the header has {width}: the row is cut short (perhaps the file was not "
                    "copied whole). Copy or export the file again."
                )
            table.append(cells)
    except csv.Error as error:
        row = len(table) + 1
        reason = (
            "a quoted cell is never closed: the file ends inside it (perhaps it was not "
            "copied whole)"
            if "end of data" in str(error)
            else f"a quote is out of place ({error})"
        )
        raise WorkbookReadError(
            f"{path.name}, row {_row(row, reader.line_num)}: {reason}. Copy or export the "
            "file again, or put the cell in double quotes."
        ) from None
    return _sheet(path.stem, table)


def _row(row: int, line: int) -> str:
    """A row's number, with its line in the file when a cell on several lines moved it."""
    return str(row) if row == line else f"{row} (line {line})"
