"""Reading an export of submissions (KoboToolbox or ODK Central) into neutral records.

`read_export(path, form)` finds the main table and the incidents' table among the
file's tables, locates the form's fields in their columns (`columns`) and makes one
`services.submission_records.Submission` per row, its incidents attached through the
platform's keys (ODK's PARENT_KEY to KEY, Kobo's `_parent_index` to `_index`).
Nothing is checked against the mission here; that is the matching service's work.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from coordinator.exchange.context import SheetCount
from coordinator.exchange.importer import ImportReport
from coordinator.exchange.reader import RawSheet
from coordinator.exchange.rows import Problem
from coordinator.exchange.submissions.columns import (
    REQUIRED,
    Columns,
    incident_columns,
    main_columns,
)
from coordinator.exchange.submissions.tables import ExportReadError, read_tables
from coordinator.services.field_form import FieldForm, field_form
from coordinator.services.submission_records import (
    Cell,
    Review,
    Submission,
    SubmissionExport,
    strip_uuid,
)
from coordinator.services.submissions import SubmissionReport, import_submissions

__all__ = ["ExportReadError", "as_import_report", "import_export", "read_export"]

# Fields the form keeps for the provenance, not for the visit.
_PROVENANCE_FIELDS = frozenset({"form_version", "username", "deviceid"})
_KOBO_REVIEW = {
    "validation_status_approved": Review.APPROVED,
    "approved": Review.APPROVED,
    "validation_status_not_approved": Review.REJECTED,
    "not approved": Review.REJECTED,
}


def _is_incidents(table: RawSheet) -> bool:
    stem = table.name.rsplit(".", 1)[0].casefold()
    return stem == "incident" or stem.endswith("-incident") or "_parent_index" in table.headers


def _split(tables: list[RawSheet]) -> tuple[RawSheet, RawSheet | None, list[str]]:
    """The main table, the incidents' table and warnings about the other tables."""
    incidents = next((t for t in tables if _is_incidents(t)), None)
    others = [t for t in tables if t is not incidents]
    main = next((t for t in others if "SubmissionDate" in t.headers or "KEY" in t.headers), None)
    main = (main or others[0]) if others else None
    if main is None:
        raise ExportReadError("The export holds only a table of incidents, not the submissions.")
    warnings = [
        f"table '{t.name}' is not part of the form; it was left out."
        for t in others
        if t is not main
    ]
    return main, incidents, warnings


def _review(text: str, odk: bool) -> Review:
    folded = text.strip().casefold()
    if not folded:
        return Review.NONE
    if odk:
        return {"approved": Review.APPROVED, "rejected": Review.REJECTED}.get(folded, Review.OTHER)
    return _KOBO_REVIEW.get(folded, Review.OTHER)


def _check_columns(name: str, form: FieldForm, columns: Columns) -> None:
    missing = [field for field in REQUIRED if field not in columns.fields]
    if len(missing) == len(REQUIRED) and not columns.answers:
        raise ExportReadError(
            f"{name} is not an export of this mission's field form ({form.form_id}): none of "
            "its columns is a field of the form. Export the submissions of that form."
        )
    if missing:
        raise ExportReadError(
            f"{name} has no column for {', '.join(missing)}: every submission needs its team, "
            "station, date and phase. Export all the form's fields."
        )
    if not {"instance_id", "kobo_uuid", "key"} & columns.meta.keys():
        raise ExportReadError(
            f"{name} has no column of submission ids (meta/instanceID, KEY or _uuid): export "
            "it again with the metadata columns."
        )


def _submission(
    main: RawSheet, columns: Columns, number: int, cells: list[str], odk: bool
) -> Submission:
    meta = {key: cells[index].strip() for key, index in columns.meta.items()}
    values = {
        key: Cell(cells[index], main.headers[index].strip())
        for key, index in columns.fields.items()
    }
    instance = strip_uuid(meta.get("instance_id") or meta.get("kobo_uuid") or meta.get("key", ""))
    stable = meta.get("key", "") if odk else meta.get("root_uuid", "")
    provenance = {key: values.pop(key).text.strip() for key in _PROVENANCE_FIELDS if key in values}
    submission = Submission(
        instance_id=instance,
        stable_id=strip_uuid(stable) or instance,
        where=f"{main.name}, row {number}",
        row=number,
        deprecated_id=strip_uuid(meta.get("deprecated_id", "")),
        submitted_at=meta.get("submitted_at", ""),
        submitted_by=meta.get("submitted_by") or provenance.get("username", ""),
        device=meta.get("device") or provenance.get("deviceid", ""),
        form_version=provenance.get("form_version") or meta.get("platform_version", ""),
        review=_review(meta.get("odk_review" if odk else "kobo_review", ""), odk),
        values=values,
        answers={
            code: Cell(cells[index], main.headers[index].strip())
            for code, index in columns.answers.items()
        },
    )
    location = values.pop("location", None)
    if location is not None and location.text.strip():
        parts = location.text.split()
        for key, part in zip(("latitude", "longitude"), parts, strict=False):
            values.setdefault(key, Cell(part, location.column))
    return submission


def _attach_incidents(
    export: SubmissionExport,
    table: RawSheet,
    by_parent: dict[str, Submission],
    odk: bool,
) -> None:
    columns = incident_columns(table.headers)
    parent_key = "parent_key" if odk else "parent_index"
    if parent_key not in columns.meta:
        export.warnings.append(
            f"table '{table.name}' has no {'PARENT_KEY' if odk else '_parent_index'} column, so "
            "its incidents cannot be joined to their submissions; it was left out."
        )
        return
    for header in columns.unknown:
        export.warnings.append(
            f"{table.name}, column '{header}' is not part of the form; left out."
        )
    parent_index = columns.meta[parent_key]
    for number, cells in table.rows:
        parent = by_parent.get(cells[parent_index].strip())
        if parent is None:
            export.warnings.append(
                f"{table.name}, row {number}: its submission ({cells[parent_index]}) is not in "
                "the main table; the incident was left out."
            )
            continue
        parent.incidents.append(
            {
                key: Cell(cells[index], f"{table.name}: {table.headers[index].strip()}")
                for key, index in columns.fields.items()
            }
        )


def read_export(path: Path, form: FieldForm) -> SubmissionExport:
    """The submissions in the export at `path` of the mission's field `form`.

    ExportReadError (a UserError) when the file cannot be read or is not an export of
    this form; columns the file does not have are simply absent from the records.
    """
    main, incidents, warnings = _split(read_tables(path))
    columns = main_columns(form, main.headers)
    _check_columns(path.name, form, columns)
    odk = "key" in columns.meta or "SubmissionDate" in main.headers
    export = SubmissionExport(
        source=path.name,
        platform="ODK Central" if odk else "KoboToolbox",
        submissions=[],
        warnings=warnings,
    )
    export.warnings += [
        f"column '{header}' is not part of the form; it was left out." for header in columns.unknown
    ]
    join_key = "key" if odk else "index"
    by_parent: dict[str, Submission] = {}
    for number, cells in main.rows:
        submission = _submission(main, columns, number, cells, odk)
        export.submissions.append(submission)
        if join_key in columns.meta:
            by_parent[cells[columns.meta[join_key]].strip()] = submission
    if incidents is not None:
        _attach_incidents(export, incidents, by_parent, odk)
    return export


def import_export(
    session: Session, path: Path, *, preview: bool = False, approved_only: bool = False
) -> SubmissionReport:
    """Read the export at `path` against the mission's form and import it (see
    `services.submissions.import_submissions`)."""
    export = read_export(path, field_form(session))
    return import_submissions(session, export, preview=preview, approved_only=approved_only)


def as_import_report(report: SubmissionReport) -> ImportReport:
    """The submissions' report in the workbook import's terms, for its preview dialog."""
    problems = [
        Problem(f"Submission {p.instance_id}", p.row, p.column or None, p.message)
        for p in report.problems
    ]
    left_out = [line for line in report.details if line.startswith("Conflict")]
    others = [line for line in report.details if not line.startswith("Conflict")]
    counts = [
        SheetCount(
            "Visits",
            new=report.new_visits,
            updated=report.planned_done + report.updated,
            unchanged=report.unchanged,
        )
    ]
    summary = [f"Left out: {report.left_out()}."] if report.left_out() else []
    notes = [*summary, *left_out, *report.warnings, *others]
    return ImportReport(counts, notes, problems, more_problems=False)
