"""Writing the mission's checklist as an XLSForm for ODK Collect, KoboCollect and Enketo.

One form for all phases: the visit's fields (team, station, date, phase, times, voters,
overall assessment, notes), one group per phase holding its questions and shown only
when that phase is chosen, a repeat of incidents and the phone's position. A mission
with more stations than a phone's list can bear lists them in `stations.csv` beside the
form (`select_one_from_file`), which the coordinator uploads with it. A mission whose
statement has several languages gets a label column per language (`label::Russian (ru)`),
the mission's own language the form's default. What the fields
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
from coordinator.services.form_words import language_column

SURVEY_HEADERS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "default",
    "calculation",
)
# Columns a form with several languages has once per language: `label::Russian (ru)`.
TRANSLATED = frozenset({"label", "hint", "constraint_message", "required_message"})
Texts = tuple[str, ...]  # a text in each of the form's languages, the first language's first
Row = dict[str, str | Texts]


def headers(columns: tuple[str, ...], languages: tuple[str, ...]) -> list[str]:
    """The sheet's headers: a translated column once per language when there are several."""
    if len(languages) < 2:
        return list(columns)
    return [
        f"{column}::{language_column(language)}" if column in TRANSLATED else column
        for column in columns
        for language in (languages if column in TRANSLATED else languages[:1])
    ]


def cells(row: Row, columns: tuple[str, ...], languages: tuple[str, ...]) -> list[str]:
    """A row's cells under `headers(columns, languages)`."""
    out: list[str] = []
    for column in columns:
        value = row.get(column, "")
        if column not in TRANSLATED:
            assert isinstance(value, str)
            out.append(value)
            continue
        texts = (value,) if isinstance(value, str) else value
        # A text without its translations reads as the first language has it.
        out += [texts[n] if n < len(texts) else texts[0] for n in range(len(languages))]
    return out


def _question_row(question: FormQuestion, form: FieldForm) -> Row:
    row: Row
    if question.answer_type is AnswerType.NUMBER:
        row = {
            "type": "integer",
            "constraint": ". >= 0",
            "constraint_message": form.words("count_not_negative"),
        }
    elif question.answer_type is AnswerType.TEXT:
        row = {"type": "text"}
    else:
        row = {"type": f"select_one {question.list_name}"}
    if question.required:
        # Its phase's group is relevant only in that phase, and a field that is not
        # relevant is never required: the observer must answer it in its phase only.
        row |= {"required": "yes", "required_message": form.words("answer_required")}
    return row


def survey_rows(form: FieldForm) -> list[Row]:
    """The `survey` sheet's rows, each a {column: cell} of SURVEY_HEADERS (a translated
    column's cell holds the text in each of the form's languages)."""
    words = form.words
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
        {"type": "select_one team", "name": "team", "label": words("team"), "required": "yes"},
        {**station, "name": "station", "label": words("station"), "required": "yes"},
        {
            "type": "date",
            "name": "date",
            "label": words("date"),
            "required": "yes",
            "default": "today()",
        },
        {"type": "select_one phase", "name": "phase", "label": words("phase"), "required": "yes"},
        {"type": "time", "name": "arrival", "label": words("arrival_time")},
        {
            "type": "time",
            "name": "departure",
            "label": words("departure_time"),
            "constraint": "not(${arrival}) or . >= ${arrival}",
            "constraint_message": words("leaves_after_arrival"),
        },
        {
            "type": "integer",
            "name": "voters_voted",
            "label": words("voters_voted"),
            "constraint": ". >= 0",
            "constraint_message": words("count_not_negative"),
        },
        {"type": "select_one assessment", "name": "overall", "label": words("overall")},
    ]
    for phase in Phase:
        questions = form.questions_of(phase)
        if not questions:
            continue
        rows.append(
            {
                "type": "begin_group",
                "name": phase.value,
                "label": words(phase.value),
                "relevant": f"${{phase}} = '{phase.value}'",
            }
        )
        for question in questions:
            rows.append(
                {**_question_row(question, form), "name": question.name, "label": question.texts}
            )
        rows.append({"type": "end_group", "name": phase.value})
    rows += [
        {"type": "begin_repeat", "name": "incident", "label": words("incidents")},
        {
            "type": "select_one category",
            "name": "category",
            "label": words("category"),
            "required": "yes",
        },
        {"type": "select_one severity", "name": "severity", "label": words("severity")},
        {"type": "time", "name": "time", "label": words("time")},
        {
            "type": "text",
            "name": "description",
            "label": words("description"),
            "required": "yes",
        },
        {"type": "end_repeat", "name": "incident"},
        {"type": "geopoint", "name": "location", "label": words("location")},
        {"type": "text", "name": "notes", "label": words("notes"), "appearance": "multiline"},
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
    row: Row = {
        "form_title": form.title,
        "form_id": form.form_id,
        "version": form.version,
        "instance_name": "concat(${team}, ' ', ${station}, ' ', ${phase})",
    }
    if len(form.languages) > 1:
        # The language a phone shows first, and the one a label-less column would mean.
        row["default_language"] = language_column(form.languages[0])
    return row


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
    languages = form.languages
    survey = book.create_sheet("survey")
    survey.append(headers(SURVEY_HEADERS, languages))
    for row in survey_rows(form):
        survey.append(cells(row, SURVEY_HEADERS, languages))
    choices = book.create_sheet("choices")
    choice_columns = ("list_name", "name", "label")
    choices.append(headers(choice_columns, languages))
    for list_name, choice in choice_rows(form):
        choice_row: Row = {"list_name": list_name, "name": choice.name, "label": choice.labels}
        choices.append(cells(choice_row, choice_columns, languages))
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
