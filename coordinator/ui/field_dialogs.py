"""File > Export Field Form…, Export Paper Checklist and Import Submissions…: the
checklist out to phones and on paper, the observers' submissions back in.

The import runs first as a preview on a worker session and shows what would change in the
workbook import's preview dialog (visits done, new, updated by an edit, unchanged; what
was left out and why; every problem with its submission and column); only an export
without problems can then be imported, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from coordinator.errors import UserError
from coordinator.services.store import Store
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.exchange_dialogs import _run_with_progress
from coordinator.ui.import_preview import ImportPreviewDialog

T = TypeVar("T")

EXPORT_FILTER = (
    "Submissions: KoboToolbox .xlsx or .csv, ODK Central .csv or .zip (*.xlsx *.csv *.zip)"
)


def _ask_where(
    parent: QWidget | None, title: str, context: MissionContext, ending: str, kind: str
) -> Path | None:
    """The file to write, asked beside the mission (its name + `ending`); the suffix is
    added when the name is typed without it. None when the user cancels."""
    suffix = Path(ending).suffix
    suggested = context.path.with_name(context.path.stem + ending)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(suggested), f"{kind} (*{suffix})"
    )
    if not chosen:
        return None
    return Path(chosen) if chosen.lower().endswith(suffix) else Path(chosen + suffix)


def _write(
    parent: QWidget | None,
    context: MissionContext,
    title: str,
    target: Path,
    write: Callable[[Store], T],
) -> T | None:
    """`write` run on a worker session with a progress bar; what it wrote, or None when it
    could not write (said in a box titled `title`)."""
    try:
        return _run_with_progress(
            parent,
            context,
            f"Writing {target.name}",
            lambda store, _progress: write(store),
            cancel=False,
        )
    except UserError as error:
        messages.show_error(parent, title, str(error))
        return None


def export_field_form(
    parent: QWidget | None, context: MissionContext, path: Path | None = None
) -> list[Path] | None:
    """Write the checklist as an XLSForm; asks where unless `path` is given."""
    from coordinator.exchange.xlsform import export_field_form as write_form

    if path is None:
        path = _ask_where(parent, "Export the field form", context, " form.xlsx", "XLSForm")
        if path is None:
            return None
    target = path
    written = _write(
        parent, context, "Export Field Form", target, lambda store: write_form(store, target)
    )
    if written is None:
        return None
    extra = (
        f" The stations are listed in {written[1].name} beside it: upload both."
        if len(written) > 1
        else ""
    )
    messages.show_info(
        parent,
        "Export Field Form",
        f"The field form was written to {written[0]}. Upload it to KoboToolbox or ODK "
        f"Central; observers fill it in ODK Collect, KoboCollect or Enketo.{extra}",
    )
    return written


def export_paper_checklist(
    parent: QWidget | None, context: MissionContext, language: str, path: Path | None = None
) -> Path | None:
    """Write the checklist to fill by hand, in `language` (one of the statement's), as a
    PDF; asks where unless `path` is given."""
    from coordinator.reports.checklist_form import write_checklist_pdf

    if path is None:
        path = _ask_where(
            parent, "Export the paper checklist", context, f" checklist {language}.pdf", "PDF"
        )
        if path is None:
            return None
    target = path
    written = _write(
        parent,
        context,
        "Export Paper Checklist",
        target,
        lambda store: write_checklist_pdf(store, target, language=language),
    )
    if written is not None:
        messages.show_info(
            parent,
            "Export Paper Checklist",
            f"The checklist to fill by hand was written to {written}: one form per phase, "
            "for teams without a phone.",
        )
    return written


def import_submissions(
    parent: QWidget | None, context: MissionContext, path: Path | None = None
) -> bool:
    """Preview what an export of submissions would change, then import it on request."""
    from coordinator.exchange.submissions import as_import_report, import_export
    from coordinator.services.submissions import SubmissionImportError, SubmissionReport

    if context.read_only:
        messages.show_error(
            parent,
            "Import Submissions",
            f"{context.path.name} is read-only: nothing can be imported into it. "
            "Use File > Save a Copy As… and open the copy.",
        )
        return False
    if path is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, "Import submissions", str(context.path.parent), EXPORT_FILTER
        )
        if not chosen:
            return False
        path = Path(chosen)
    source = path

    def preview(session: Store, _progress: object) -> SubmissionReport:
        try:
            return import_export(session, source, preview=True)
        except SubmissionImportError as error:
            return error.report

    try:
        report = _run_with_progress(parent, context, f"Reading {source.name}", preview)
    except UserError as error:
        messages.show_error(parent, "Import Submissions", str(error))
        return False
    if report is None:
        return False
    dialog = ImportPreviewDialog(
        as_import_report(report), source, parent, kind="export of submissions"
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    finally:
        dialog.deleteLater()
    try:
        imported = context.write("*", import_export, source)
    except UserError as error:
        text, _, detail = str(error).partition("\n")
        messages.show_error(parent, "Import Submissions", text, detail)
        return False
    messages.show_info(parent, "Import Submissions", imported.summary())
    return True
