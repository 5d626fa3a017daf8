"""Which column of an export holds which field of the form, in every header style.

An export names a field by its XML name, with its groups joined by `/` (Kobo) or `-`
(ODK Central) or without them ("Remove group names"), or by its label (Kobo's default),
again with or without its groups' labels, in any of the form's languages. All of these
are ours: the names and labels come from `services.field_form` and `services.form_words`,
so each header is looked up among them. Columns the platforms add (their ids, dates,
review states) are read for the provenance; others they add for their own use are passed
over quietly; anything else is warned about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coordinator.services.field_form import FieldForm
from coordinator.services.form_words import WORDS, former_words, words_for

# The visit's fields and the key of their labels in services.form_words ("" for the
# hidden fields, whose label is their name).
VISIT_FIELDS = (
    ("team", "team"),
    ("station", "station"),
    ("date", "date"),
    ("phase", "phase"),
    ("arrival", "arrival_time"),
    ("departure", "departure_time"),
    ("voters_voted", "voters_voted"),
    ("overall", "overall"),
    ("notes", "notes"),
    ("form_version", ""),
    ("username", ""),
    ("deviceid", ""),
)
REQUIRED = ("team", "station", "date", "phase")
INCIDENT_FIELDS = (
    ("category", "category"),
    ("severity", "severity"),
    ("time", "time"),
    ("description", "description"),
)
# The form's labels in every language it may have been written in: an export's headers
# may be the labels of any of them (Kobo asks which language to export).
ALL_WORDS = tuple(WORDS.values())
LOCATION_LABELS = tuple(words["location"] for words in ALL_WORDS)

# Provenance and structure, by every name the platforms give them.
META = {
    "meta/instanceID": "instance_id",
    "meta-instanceID": "instance_id",
    "instanceID": "instance_id",
    "_uuid": "kobo_uuid",
    "meta/rootUuid": "root_uuid",
    "meta-rootUuid": "root_uuid",
    "rootUuid": "root_uuid",
    "meta/deprecatedID": "deprecated_id",
    "meta-deprecatedID": "deprecated_id",
    "deprecatedID": "deprecated_id",
    "SubmissionDate": "submitted_at",
    "_submission_time": "submitted_at",
    "SubmitterName": "submitted_by",
    "_submitted_by": "submitted_by",
    "DeviceID": "device",
    "FormVersion": "platform_version",
    "__version__": "platform_version",
    "ReviewState": "odk_review",
    "_validation_status": "kobo_review",
    "KEY": "key",
    "PARENT_KEY": "parent_key",
    "_index": "index",
    "_parent_index": "parent_index",
    "_parent_table_name": "parent_table",
}
# Columns the platforms add for their own use: nothing of the visit's, no warning.
PLATFORM_COLUMNS = frozenset(
    {
        "start",
        "end",
        "today",
        "SubmitterID",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "Edits",
        "_id",
        "_notes",
        "_status",
        "_tags",
        "_attachments",
        "_geolocation",
        "_xform_id_string",
        "formhub/uuid",
        "formhub-uuid",
        "meta/instanceName",
        "meta-instanceName",
        "instanceName",
        "location-Altitude",
        "location-Accuracy",
        "_location_altitude",
        "_location_precision",
    }
    | {f"_{label}_{part}" for label in LOCATION_LABELS for part in ("altitude", "precision")}
)


@dataclass
class Columns:
    """Where each field is in a table: {key: column index}, and what is left over."""

    fields: dict[str, int] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    meta: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)


def _spellings(path: tuple[str, ...], labels: tuple[str, ...]) -> list[str]:
    """Every header an export may give a field at `path` with group `labels`."""
    return [
        "/".join(path),
        "-".join(path),
        path[-1],
        "/".join(labels),
        labels[-1],
    ]


def _main_names(form: FieldForm) -> tuple[dict[str, str], dict[str, str]]:
    """{header: visit field} and {header: question code} of the main table."""
    fields: dict[str, str] = {}
    for words in ALL_WORDS:
        for name, key in VISIT_FIELDS:
            for spelling in _spellings((name,), (words[key] if key else name,)):
                fields.setdefault(spelling, name)
    fields.update(
        {
            "location": "location",
            "location-Latitude": "latitude",
            "location-Longitude": "longitude",
            "_location_latitude": "latitude",
            "_location_longitude": "longitude",
        }
    )
    for label in LOCATION_LABELS:
        fields.setdefault(label, "location")
        fields.setdefault(f"_{label}_latitude", "latitude")
        fields.setdefault(f"_{label}_longitude", "longitude")
    answers: dict[str, str] = {}
    # Names first, labels after: a label that happens to equal a name never hides it.
    for question in form.questions:
        path = question.path
        for spelling in ("/".join(path), "-".join(path), path[-1]):
            answers.setdefault(spelling, question.code)
    for question in form.questions:
        # The question's text in each of the form's languages, in its phase's group.
        for language, text in zip(form.languages, question.texts, strict=True):
            phase = question.phase
            labels = (words_for(language)[phase.value], *former_words(language, phase.value))
            for spelling in (
                *(f"{label}/{text}" for label in labels),
                f"{phase.label}/{text}",
                text,
            ):
                if spelling not in fields:
                    answers.setdefault(spelling, question.code)
    return fields, answers


def _locate(headers: list[str], names: dict[str, str], answers: dict[str, str]) -> Columns:
    columns = Columns()
    folded_names = {key.casefold(): value for key, value in names.items()}
    folded_answers = {key.casefold(): value for key, value in answers.items()}
    for index, raw in enumerate(headers):
        header = raw.strip()
        if not header:
            continue
        if header in META:
            columns.meta.setdefault(META[header], index)
        elif header in names:
            columns.fields.setdefault(names[header], index)
        elif header in answers:
            columns.answers.setdefault(answers[header], index)
        elif header in PLATFORM_COLUMNS or header.startswith("_submission_"):
            continue
        elif header.casefold() in folded_names:
            columns.fields.setdefault(folded_names[header.casefold()], index)
        elif header.casefold() in folded_answers:
            columns.answers.setdefault(folded_answers[header.casefold()], index)
        else:
            columns.unknown.append(header)
    return columns


def main_columns(form: FieldForm, headers: list[str]) -> Columns:
    """Where the visit's fields, answers and provenance are in the main table."""
    names, answers = _main_names(form)
    return _locate(headers, names, answers)


def incident_columns(headers: list[str]) -> Columns:
    """Where the incident's fields and its parent's key are in the repeat's table."""
    names: dict[str, str] = {}
    for words in ALL_WORDS:
        for name, key in INCIDENT_FIELDS:
            for spelling in _spellings(("incident", name), (words["incidents"], words[key])):
                names.setdefault(spelling, name)
    return _locate(headers, names, {})
