"""The empty workbook a coordinator fills in: every sheet's headers and a README sheet.

Columns that take fixed values get a drop-down list (data validation); the Visits sheet
has a column for each question of the standard checklist. The README sheet explains
every column; the import leaves it out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coordinator.db.enums import AnswerType
from coordinator.errors import UserError
from coordinator.exchange.saving import save_workbook
from coordinator.exchange.sheets import README, SHEETS, VISITS, Column, Kind, Sheet
from coordinator.services.checklist import SCALE_VALUES, QuestionFields, standard_questions

# Data validation lists are kept to this many rows below the header.
VALIDATED_ROWS = 5000

_INTRODUCTION = (
    "Sheet and column names are matched ignoring case, spaces and underscores. "
    "A * marks a required column. Dates: 2024-11-17 or Excel dates; times: HH:MM. "
    "Lists inside a cell are separated by ; or new lines. Rows are matched to what the "
    "mission already holds by their key, so importing the same workbook twice changes "
    "nothing. Empty rows are ignored; this README sheet is not imported."
)


def _readme_rows() -> list[list[str]]:
    rows = [[_INTRODUCTION], [], ["Sheet", "Column", "Required", "Kind", "What it holds"]]
    for sheet in SHEETS:
        key = f" (key: {', '.join(sheet.key)})" if sheet.key else ""
        rows.append([sheet.name, "", "", "", sheet.help + key])
        for column in sheet.columns:
            allowed = f" One of: {', '.join(column.choices())}." if column.choices() else ""
            rows.append(
                [
                    sheet.name,
                    column.name,
                    "yes" if column.required else "",
                    column.kind.value,
                    column.help + "." + allowed,
                ]
            )
    rows.append(
        [VISITS.name, "(question codes)", "", "answer", "one column per checklist question code"]
    )
    return rows


def _answer_choices(question: QuestionFields) -> list[str]:
    if question.answer_type is AnswerType.YES_NO:
        return ["yes", "no"]
    if question.answer_type is AnswerType.SCALE:
        return list(SCALE_VALUES)
    if question.answer_type is AnswerType.CHOICE:
        return [c.strip() for c in question.choices.split(";") if c.strip()]
    return []


def _validate(worksheet: Any, column_index: int, choices: list[str]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    listed = ",".join(choices)
    if not choices or len(listed) > 250 or any("," in c or '"' in c for c in choices):
        return  # Excel's inline lists hold 255 characters and no commas.
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    letter = get_column_letter(column_index)
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
    worksheet.add_data_validation(validation)


def _sheet(book: Any, sheet: Sheet, questions: list[QuestionFields]) -> None:
    from openpyxl.styles import Font

    worksheet = book.create_sheet(sheet.name)
    columns: list[Column | QuestionFields] = [*sheet.columns]
    if sheet is VISITS:
        columns += questions
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=1, column=index)
        if isinstance(column, Column):
            cell.value = column.header()
            choices = column.choices() if column.kind in (Kind.CHOICE, Kind.YES_NO) else []
        else:
            cell.value = column.code
            choices = _answer_choices(column)
        cell.font = Font(bold=True)
        # Codes typed in text-formatted cells keep their leading zeros in Excel too.
        if isinstance(column, Column) and column.kind is Kind.TEXT:
            from openpyxl.utils import get_column_letter

            worksheet.column_dimensions[get_column_letter(index)].number_format = "@"
        _validate(worksheet, index, choices)
    worksheet.freeze_panes = "A2"


def write_template(path: Path) -> Path:
    """Write the empty workbook to `path` (.xlsx)."""
    import openpyxl

    if path.is_dir():
        raise UserError(f"{path} is a folder: give a file name for the workbook (OUT.xlsx).")
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    book = openpyxl.Workbook()
    readme = book.active
    readme.title = README
    for row in _readme_rows():
        readme.append(row)
    questions = standard_questions()
    for sheet in SHEETS:
        _sheet(book, sheet, questions)
    # Beside the target, then renamed: a full disk or a kill leaves no half (or empty) file.
    save_workbook(path, lambda: book)
    return path
