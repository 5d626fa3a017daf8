"""Exports of submissions as KoboToolbox and ODK Central write them, made from the form itself.

The form the program wrote is converted to an XForm with pyxform (the official converter,
what both platforms run); the export's columns follow that XForm's instance, as the
platforms' exporters do: ODK Central's briefcase CSV (lib/data/briefcase.js: SubmissionDate
first, group paths joined by `-`, geopoints as four columns, meta-instanceID, then KEY,
SubmitterID, SubmitterName, AttachmentsPresent, AttachmentsExpected, Status, ReviewState,
DeviceID, Edits, FormVersion; repeats as FORM-REPEAT.csv with PARENT_KEY and KEY; `\\n` line
ends, no byte order mark) and Kobo's formpack export (groups joined by `/`, labels or XML
values, geopoint as the point and `_name_latitude`…, then `_id`, `_uuid`, `_submission_time`,
`_validation_status`, …, `_index`; repeats on their own sheet with `_index`,
`_parent_table_name`, `_parent_index` and `_submission_*` copies; the first sheet named
after the project cut to 31 characters; numbers and dates as Excel values unless
"store as text" is ticked).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from coordinator.db.enums import Assessment, IncidentCategory, Phase, Severity
from coordinator.services.field_form import question_code

XF = "{http://www.w3.org/2002/xforms}"


@dataclass
class Observed:
    """What an observer sent: a visit, its answers (canonical values) and incidents."""

    instance_id: str
    team: str
    station: str
    date: dt.date
    phase: Phase
    arrival: str | None = None  # "09:40"
    departure: str | None = None
    voters_voted: int | None = None
    overall: Assessment | None = None
    notes: str = ""
    answers: dict[str, str] = field(default_factory=dict)  # question code -> value
    incidents: list[tuple[str | None, IncidentCategory, Severity, str]] = field(
        default_factory=list
    )
    latitude: float | None = None
    longitude: float | None = None
    stable_id: str = ""  # the first version's id; "" when this is the first version
    deprecated_id: str = ""
    review: str = ""  # ODK ReviewState or Kobo's _validation_status, as the platform writes it
    submitted_at: str = "2024-11-17T10:05:00.000Z"
    submitted_by: str = "observer"
    device: str = "collect:3sWbYg7Jx1"

    @property
    def root(self) -> str:
        return self.stable_id or self.instance_id


@dataclass
class FormField:
    path: tuple[str, ...]  # from the data root, repeat included
    xform_type: str
    label_path: tuple[str, ...]
    list_name: str


@dataclass
class Form:
    """The form as the platforms see it: its leaves in order, labels and choices."""

    form_id: str
    title: str
    version: str
    main: list[FormField]
    incident: list[FormField]
    choices: dict[str, dict[str, str]]  # list name -> {name: label}
    # list name -> {label in the form's first language (as the checklist has it): name}
    typed: dict[str, dict[str, str]] = field(default_factory=dict)


def _label_column(head: list[object], language: str) -> str:
    """The header of the labels in `language` ("Russian (ru)"; "" the first there is)."""
    labels = [str(h) for h in head if str(h) == "label" or str(h).startswith("label::")]
    return next((h for h in labels if h == f"label::{language}"), labels[0])


def read_form(path: Path, language: str = "") -> Form:
    """The form at `path`, its labels in `language` when it has several ("Russian (ru)")."""
    import openpyxl
    from pyxform.xls2xform import convert

    xform = ET.fromstring(convert(xlsform=str(path)).xform)
    book = openpyxl.load_workbook(path, read_only=True)
    survey = [list(r) for r in book["survey"].iter_rows(values_only=True)]
    head = survey[0]
    label_column = _label_column(head, language)
    rows = [dict(zip(head, r, strict=False)) for r in survey[1:]]
    for row in rows:
        row["label"] = row[label_column]
    choice_rows = list(book["choices"].iter_rows(values_only=True))
    at = choice_rows[0].index(_label_column(list(choice_rows[0]), language))
    first = choice_rows[0].index(_label_column(list(choice_rows[0]), ""))
    choices: dict[str, dict[str, str]] = {}
    typed: dict[str, dict[str, str]] = {}
    for row_ in choice_rows[1:]:
        choices.setdefault(str(row_[0]), {})[str(row_[1])] = str(row_[at])
        typed.setdefault(str(row_[0]), {})[str(row_[first])] = str(row_[1])
    settings = list(book["settings"].iter_rows(values_only=True))
    meta = dict(zip(settings[0], settings[1], strict=True))
    book.close()
    labels: dict[tuple[str, ...], tuple[str, ...]] = {}
    lists: dict[tuple[str, ...], str] = {}
    stack: list[tuple[str, str]] = []
    for row in rows:
        kind = str(row["type"] or "")
        name, label = str(row["name"] or ""), str(row["label"] or row["name"] or "")
        if kind in ("begin_group", "begin_repeat"):
            stack.append((name, label))
            continue
        if kind in ("end_group", "end_repeat"):
            stack.pop()
            continue
        path = (*[s[0] for s in stack], name)
        labels[path] = (*[s[1] for s in stack], label)
        if kind.startswith("select_one"):
            lists[path] = kind.rsplit(maxsplit=1)[-1]
    binds = {
        tuple(b.get("nodeset", "").split("/")[2:]): b.get("type", "string")
        for b in xform.iter(f"{XF}bind")
    }
    root = next(i for i in xform.iter(f"{XF}instance"))[0]
    main: list[FormField] = []
    incident: list[FormField] = []

    def walk(node: ET.Element, path: tuple[str, ...]) -> None:
        for child in node:
            tag = child.tag.replace(XF, "")
            if child.get("{http://openrosa.org/javarosa}template") is not None:
                continue  # the repeat's template; its instance below has the same leaves
            here = (*path, tag)
            if len(child):
                if tag == "incident":
                    if not incident:
                        for leaf in child:
                            leaf_path = (*here, leaf.tag.replace(XF, ""))
                            incident.append(
                                FormField(
                                    leaf_path,
                                    binds.get(leaf_path, "string"),
                                    labels.get(leaf_path, leaf_path),
                                    lists.get(leaf_path, ""),
                                )
                            )
                    continue
                walk(child, here)
            else:
                main.append(
                    FormField(
                        here, binds.get(here, "string"), labels.get(here, here), lists.get(here, "")
                    )
                )

    walk(root, ())
    return Form(
        str(meta["form_id"]),
        str(meta["form_title"]),
        str(meta["version"]),
        main,
        incident,
        choices,
        typed,
    )


# --- values ---------------------------------------------------------------------------------


def _time(hhmm: str | None) -> str:
    return f"{hhmm}:00.000+06:00" if hhmm else ""


def _value(form: Form, f: FormField, o: Observed) -> str:
    """The XML value of field `f` in the submission `o` (what ODK stores)."""
    name = f.path[-1]
    simple: dict[str, str] = {
        "start": "2024-11-17T09:38:00.000+06:00",
        "end": "2024-11-17T10:02:00.000+06:00",
        "deviceid": o.device,
        "username": o.submitted_by,
        "form_version": form.version,
        "team": o.team,
        "station": o.station,
        "date": o.date.isoformat(),
        "phase": o.phase.value,
        "arrival": _time(o.arrival),
        "departure": _time(o.departure),
        "voters_voted": "" if o.voters_voted is None else str(o.voters_voted),
        "overall": o.overall.value if o.overall else "",
        "notes": o.notes,
        "instanceID": f"uuid:{o.instance_id}",
        "instanceName": f"{o.team} {o.station} {o.phase.value}",
        "location": (f"{o.latitude} {o.longitude} 760.0 5.0" if o.latitude is not None else ""),
    }
    if len(f.path) == 1 or f.path[0] == "meta":
        return simple.get(name, "")
    code = question_code(name)
    value = o.answers.get(code, "") if f.path[0] == o.phase.value else ""
    if value and f.list_name.startswith("choices_"):
        return form.typed[f.list_name][value]
    return value


def _incident_value(
    f: FormField, incident: tuple[str | None, IncidentCategory, Severity, str]
) -> str:
    time, category, severity, description = incident
    return {
        "category": category.value,
        "severity": severity.value,
        "time": _time(time),
        "description": description,
    }[f.path[-1]]


def _label_of(form: Form, f: FormField, value: str) -> str:
    if f.list_name and value:
        return form.choices[f.list_name].get(value, value)
    return value


def _csv(rows: list[list[object]], separator: str = ",", *, quote_all: bool = False) -> str:
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(out, delimiter=separator, lineterminator="\n", quoting=quoting).writerows(rows)
    return out.getvalue()


# --- ODK Central ----------------------------------------------------------------------------


def odk_tables(form: Form, observed: list[Observed], *, group_paths: bool = True) -> dict[str, str]:
    """ODK Central's briefcase CSVs: {file name: text}, the main table first."""
    header: list[str] = ["SubmissionDate"]
    for f in form.main:
        base = "-".join(f.path) if group_paths else f.path[-1]
        if f.xform_type == "geopoint":
            header += [
                f"{base}-{part}" for part in ("Latitude", "Longitude", "Altitude", "Accuracy")
            ]
        else:
            header.append(base)
    header += [
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    ]
    rows: list[list[object]] = [header]
    repeat: list[list[object]] = [[f.path[-1] for f in form.incident] + ["PARENT_KEY", "KEY"]]
    for o in observed:
        key = f"uuid:{o.root}"
        row: list[object] = [o.submitted_at]
        for f in form.main:
            value = _value(form, f, o)
            if f.xform_type == "geopoint":
                row += value.split() if value else ["", "", "", ""]
            else:
                row.append(value)
        edits = 1 if o.stable_id else 0
        row += [key, 7, o.submitted_by, 0, 0, "", o.review, o.device, edits, form.version]
        rows.append(row)
        for number, incident in enumerate(o.incidents, start=1):
            repeat.append(
                [_incident_value(f, incident) for f in form.incident]
                + [key, f"{key}/incident[{number}]"]
            )
    return {f"{form.form_id}.csv": _csv(rows), f"{form.form_id}-incident.csv": _csv(repeat)}


def write_odk_csv(path: Path, form: Form, observed: list[Observed], **options: bool) -> Path:
    main = next(iter(odk_tables(form, observed, **options).values()))
    path.write_bytes(main.encode("utf-8"))
    return path


def write_odk_zip(path: Path, form: Form, observed: list[Observed], **options: bool) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in odk_tables(form, observed, **options).items():
            archive.writestr(name, text.encode("utf-8"))
    return path


# --- KoboToolbox ----------------------------------------------------------------------------

KOBO_COPY = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
]


def _kobo_header(f: FormField, *, labels: bool, groups: bool) -> str:
    parts = f.label_path if labels and f.path[0] != "meta" else f.path
    return "/".join(parts) if groups else parts[-1]


def _kobo_cell(form: Form, f: FormField, value: str, *, labels: bool, as_text: bool) -> object:
    if labels:
        value = _label_of(form, f, value)
    if not value or as_text:
        return value
    if f.xform_type == "int" or (f.path[-1] == "station" and value.isdecimal()):
        return int(value)  # Kobo's default: Excel numbers (station 0001 becomes 1)
    if f.xform_type == "date":
        return dt.date.fromisoformat(value)
    return value


def _kobo_validation(review: str, labels: bool) -> str:
    names = {"approved": "Approved", "not_approved": "Not approved", "on_hold": "On hold"}
    if not review:
        return ""
    return names[review] if labels else f"validation_status_{review}"


def kobo_tables(
    form: Form,
    observed: list[Observed],
    *,
    labels: bool = False,
    groups: bool = True,
    as_text: bool = False,
) -> tuple[list[list[object]], list[list[object]]]:
    """Kobo's main table and incidents' table, as formpack lays them out."""
    header: list[object] = []
    for f in form.main:
        name = _kobo_header(f, labels=labels, groups=groups)
        header.append(name)
        if f.xform_type == "geopoint":
            header += [
                f"_{f.label_path[-1] if labels else f.path[-1]}_{p}"
                for p in ("latitude", "longitude", "altitude", "precision")
            ]
    header += [
        "meta/rootUuid" if groups else "rootUuid",
        "meta/deprecatedID" if groups else "deprecatedID",
    ]
    header += [*KOBO_COPY, "_index"]
    main: list[list[object]] = [header]
    repeat_header: list[object] = [
        _kobo_header(f, labels=labels, groups=groups) for f in form.incident
    ]
    repeat_header += ["_index", "_parent_table_name", "_parent_index"]
    repeat_header += [f"_submission_{name}" for name in KOBO_COPY]
    incidents: list[list[object]] = [repeat_header]
    for index, o in enumerate(observed, start=1):
        row: list[object] = []
        for f in form.main:
            value = _value(form, f, o)
            row.append(_kobo_cell(form, f, value, labels=labels, as_text=as_text))
            if f.xform_type == "geopoint":
                parts = value.split() if value else ["", "", "", ""]
                row += [float(p) if p and not as_text else p for p in parts]
        copies = [
            1000 + index,
            o.instance_id,
            o.submitted_at[:19],
            _kobo_validation(o.review, labels),
            "",
            "submitted_via_web",
            o.submitted_by,
            "vJbq8cyHF3hhmw6XWz6Ccq",
            "",
        ]
        row += [f"uuid:{o.root}", f"uuid:{o.deprecated_id}" if o.deprecated_id else ""]
        row += [*copies, index]
        main.append(row)
        for incident in o.incidents:
            cells: list[object] = [
                _kobo_cell(form, f, _incident_value(f, incident), labels=labels, as_text=as_text)
                for f in form.incident
            ]
            incidents.append([*cells, len(incidents), form.title, index, *copies])
    return main, incidents


def kobo_sheet_name(title: str) -> str:
    """formpack's unique_name_for_xls: forbidden characters to `_`, cut to 31 with '...'."""
    name = "".join("_" if c in "[]:*?/\\" else c for c in title)
    return name if len(name) <= 31 else name[:28] + "..."


def write_kobo_xlsx(path: Path, form: Form, observed: list[Observed], **options: bool) -> Path:
    import openpyxl

    main, incidents = kobo_tables(form, observed, **options)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kobo_sheet_name(form.title)
    for row in main:
        sheet.append(row)
    repeat = book.create_sheet("incident")
    for row in incidents:
        repeat.append(row)
    book.save(path)
    return path


def write_kobo_csv(
    path: Path, form: Form, observed: list[Observed], *, separator: str = ";", **options: bool
) -> Path:
    main, _ = kobo_tables(form, observed, as_text=True, **options)
    # formpack's to_csv: every cell in double quotes, `;` unless told otherwise.
    path.write_text(_csv(main, separator, quote_all=True), encoding="utf-8")
    return path


SHAPES = ("odk_csv", "odk_zip", "kobo_xlsx", "kobo_csv")


def write_export(
    shape: str, folder: Path, form: Form, observed: list[Observed], **options: bool
) -> Path:
    """An export of `observed` in `shape` (one of SHAPES) with the platform's `options`."""
    if shape == "odk_csv":
        return write_odk_csv(folder / f"{form.form_id}.csv", form, observed, **options)
    if shape == "odk_zip":
        return write_odk_zip(folder / f"{form.form_id}.zip", form, observed, **options)
    if shape == "kobo_xlsx":
        return write_kobo_xlsx(folder / "kobo export.xlsx", form, observed, **options)
    return write_kobo_csv(folder / "kobo export.csv", form, observed, **options)
