"""Writing the mission's checklist as an XLSForm for ODK Collect, KoboCollect and Enketo.

One form for all phases: the visit's fields (team, station, date, phase, times, voters,
overall assessment, notes), one group per phase holding its questions and shown only
when that phase is chosen, a repeat of incidents and the phone's position. A mission
with more stations than a phone's list can bear lists them in `stations.csv` beside the
form (`select_one_from_file`), which the coordinator uploads with it. What the fields
are named and why lives in `services.field_form` and docs/field-forms.md.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from coordinator.atomic import replacing
from coordinator.db.enums import AnswerType, Phase
from coordinator.errors import UserError
from coordinator.services.field_form import (
    STATIONS_FILE,
    Choice,
    FieldForm,
    FormQuestion,
    field_form,
)

SURVEY_HEADERS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "default",
    "calculation",
)
Row = dict[str, str]


def _question_row(question: FormQuestion) -> Row:
    if question.answer_type is AnswerType.NUMBER:
        return {
            "type": "integer",
            "constraint": ". >= 0",
            "constraint_message": "A count cannot be below 0.",
        }
    if question.answer_type is AnswerType.TEXT:
        return {"type": "text"}
    return {"type": f"select_one {question.list_name}"}


def survey_rows(form: FieldForm) -> list[Row]:
    """The `survey` sheet's rows, each a {column: cell} of SURVEY_HEADERS."""
    station: Row = (
        {"type": f"select_one_from_file {STATIONS_FILE}", "appearance": "autocomplete"}
        if form.stations_in_file
        else {"type": "select_one station", "appearance": "autocomplete"}
    )
    rows: list[Row] = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
        {"type": "deviceid", "name": "deviceid"},
        {"type": "username", "name": "username"},
        # Kept in every submission, so an export says which form it was filled in.
        {"type": "calculate", "name": "form_version", "calculation": f"'{form.version}'"},
        {"type": "select_one team", "name": "team", "label": "Team", "required": "yes"},
        {**station, "name": "station", "label": "Polling station", "required": "yes"},
        {
            "type": "date",
            "name": "date",
            "label": "Date",
            "required": "yes",
            "default": "today()",
        },
        {"type": "select_one phase", "name": "phase", "label": "Phase", "required": "yes"},
        {"type": "time", "name": "arrival", "label": "Arrival time"},
        {
            "type": "time",
            "name": "departure",
            "label": "Departure time",
            "constraint": "not(${arrival}) or . >= ${arrival}",
            "constraint_message": "The team leaves after it arrives.",
        },
        {
            "type": "integer",
            "name": "voters_voted",
            "label": "Voters who had voted at the time of the visit",
            "constraint": ". >= 0",
            "constraint_message": "A count cannot be below 0.",
        },
        {"type": "select_one assessment", "name": "overall", "label": "Overall assessment"},
    ]
    for phase in Phase:
        questions = form.questions_of(phase)
        if not questions:
            continue
        rows.append(
            {
                "type": "begin_group",
                "name": phase.value,
                "label": phase.label,
                "relevant": f"${{phase}} = '{phase.value}'",
            }
        )
        for question in questions:
            rows.append({**_question_row(question), "name": question.name, "label": question.text})
        rows.append({"type": "end_group", "name": phase.value})
    rows += [
        {"type": "begin_repeat", "name": "incident", "label": "Incidents"},
        {"type": "select_one category", "name": "category", "label": "Category", "required": "yes"},
        {"type": "select_one severity", "name": "severity", "label": "Severity"},
        {"type": "time", "name": "time", "label": "Time"},
        {"type": "text", "name": "description", "label": "What happened", "required": "yes"},
        {"type": "end_repeat", "name": "incident"},
        {"type": "geopoint", "name": "location", "label": "Where the team is"},
        {"type": "text", "name": "notes", "label": "Notes", "appearance": "multiline"},
    ]
    return rows


def choice_rows(form: FieldForm) -> list[tuple[str, Choice]]:
    """The `choices` sheet: (list name, choice) for every list the survey uses."""
    rows = [("team", choice) for choice in form.teams]
    if not form.stations_in_file:
        rows += [("station", choice) for choice in form.stations]
    for list_name, choices in form.choice_lists.items():
        rows += [(list_name, choice) for choice in choices]
    return rows


def settings_row(form: FieldForm) -> Row:
    return {
        "form_title": form.title,
        "form_id": form.form_id,
        "version": form.version,
        "instance_name": "concat(${team}, ' ', ${station}, ' ', ${phase})",
    }


def _check_can_write(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"{path.name}: an XLSForm is an .xlsx workbook; give a name ending .xlsx.")
    if not path.parent.is_dir():
        raise UserError(f"Could not write {path}: the folder {path.parent} does not exist.")


def write_form(form: FieldForm, path: Path) -> list[Path]:
    """Write `form` to `path` (and stations.csv beside it when needed); the files written."""
    import openpyxl

    _check_can_write(path)
    book = openpyxl.Workbook(write_only=True)
    survey = book.create_sheet("survey")
    survey.append(list(SURVEY_HEADERS))
    for row in survey_rows(form):
        survey.append([row.get(header, "") for header in SURVEY_HEADERS])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for list_name, choice in choice_rows(form):
        choices.append([list_name, choice.name, choice.label])
    settings = book.create_sheet("settings")
    values = settings_row(form)
    settings.append(list(values))
    settings.append(list(values.values()))
    written = [path]
    try:
        with replacing(path) as partial:
            book.save(partial)
        if form.stations_in_file:
            stations = path.with_name(STATIONS_FILE)
            # Without a byte order mark: this file is for the phone, not for Excel.
            with (
                replacing(stations) as partial,
                partial.open("w", newline="", encoding="utf-8") as f,
            ):
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(["name", "label"])
                writer.writerows((c.name, c.label) for c in form.stations)
            written.append(stations)
    except OSError as error:
        raise UserError(f"Could not write {path}: {error.strerror}.") from None
    return written


def export_field_form(session: Session, path: Path) -> list[Path]:
    """Write the mission's checklist as an XLSForm at `path`; the files written."""
    form = field_form(session)
    if not form.questions:
        raise UserError(
            "The mission has no checklist questions yet: add them on the Checklist page "
            "(or load the standard checklist) before writing the field form."
        )
    if not form.teams or not form.stations:
        raise UserError(
            "The field form lists the mission's teams and polling stations: add them first."
        )
    return write_form(form, path)
