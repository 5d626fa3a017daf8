"""Reading an export file into tables of text: Kobo .xlsx and .csv, ODK Central .csv and .zip.

KoboToolbox's .xlsx has the submissions on its first sheet (named after the project, cut
to 31 characters) and each repeat on a sheet of its own; its .csv is the main table only,
separated by `;` or `,`. ODK Central's .csv is its main table; its .zip holds that table
as FORM.csv and each repeat as FORM-REPEAT.csv, with `\\n` line ends and no byte order
mark. Every cell becomes text (see `exchange.reader.cell_text`): Excel numbers come as
"12", dates as 2024-11-17.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from pathlib import Path

from coordinator.errors import UserError
from coordinator.exchange.reader import RawSheet, cell_text
from coordinator.services.submission_records import ExcelNumber

SUFFIXES = (".xlsx", ".csv", ".zip")


class ExportReadError(UserError):
    """The export could not be read at all: missing, damaged, or not an export."""


def table_from_text(name: str, text: str) -> RawSheet:
    """A CSV text as a table: header on row 1, separated by `;` or `,` (whichever the
    header uses more), empty rows left out."""
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader, [])
        rows = []
        for number, cells in enumerate(reader, start=2):
            if any(cell.strip() for cell in cells):
                rows.append((number, cells + [""] * (len(header) - len(cells))))
    except csv.Error as error:
        raise ExportReadError(f"{name} is not a readable CSV file: {error}.") from None
    return RawSheet(name, [cell.strip() for cell in header], rows)


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportReadError(
            f"{name} is not UTF-8 text: download the export again from the platform "
            "(both KoboToolbox and ODK Central write UTF-8)."
        ) from None


def _zip_tables(path: Path) -> list[RawSheet]:
    try:
        with zipfile.ZipFile(path) as archive:
            tables = []
            for member in archive.infolist():
                if member.is_dir() or not member.filename.lower().endswith(".csv"):
                    continue  # media/ and other files beside the tables
                name = member.filename.rsplit("/", 1)[-1]
                tables.append(table_from_text(name, _decode(name, archive.read(member))))
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ExportReadError(
            f"{path.name} is not a complete .zip file ({error}): it may have been cut short "
            "while downloading. Download it again from ODK Central."
        ) from None
    if not tables:
        raise ExportReadError(f"{path.name} holds no .csv files: it is not an ODK Central export.")
    return tables


def read_tables(path: Path) -> list[RawSheet]:
    """The tables of the export at `path`, the main table first."""
    if not path.is_file():
        raise ExportReadError(f"There is no export file at {path}.")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportReadError(
            f"{path.name} is not an export of submissions: give a KoboToolbox .xlsx or .csv "
            "export, or an ODK Central .csv or .zip export."
        )
    if suffix == ".zip":
        return _zip_tables(path)
    if suffix == ".csv":
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ExportReadError(f"{path.name} could not be read: {error.strerror}.") from None
        return [table_from_text(path.name, _decode(path.name, data))]
    return _xlsx_tables(path)


def _text(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ExcelNumber(cell_text(value))
    return cell_text(value)


def _xlsx_tables(path: Path) -> list[RawSheet]:
    """Every sheet of a Kobo .xlsx export; a number cell's text is an ExcelNumber."""
    import openpyxl

    try:
        # data_only: a formula cell is read as the value Excel last computed, never run.
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise ExportReadError(f"{path.name} could not be read: {error.strerror}.") from None
    except Exception as error:  # openpyxl meets a broken file with any kind of error
        raise _damaged(path, error) from None
    try:
        tables = []
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [cell_text(v).strip() for v in next(rows, ())]
            width = len(header)
            table = []
            for number, values in enumerate(rows, start=2):
                cells = [_text(v) for v in values[:width]]
                if any(cell.strip() for cell in cells):
                    table.append((number, cells + [""] * (width - len(cells))))
            tables.append(RawSheet(sheet.title, header, table))
        return tables
    except (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, ValueError, KeyError) as error:
        # SyntaxError: a sheet's XML is cut short (xml.etree's ParseError).
        raise _damaged(path, error) from None
    finally:
        book.close()


def _damaged(path: Path, error: Exception) -> ExportReadError:
    return ExportReadError(
        f"{path.name} could not be read as a workbook: it is damaged or cut short "
        f"({error or type(error).__name__}). Download the export again from KoboToolbox."
    )
