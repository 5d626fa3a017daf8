"""File > Import… and File > Export…: workbooks (.xlsx) or folders of CSV in and out.

An import first runs as a preview on a worker session (everything is checked and written,
then rolled back) while a progress bar follows the sheets; the coordinator then sees what
would change (new, updated, unchanged per sheet), the warnings and every problem, and only
a workbook without problems can be imported for real, in one transaction. The exchange
package (and pandas/openpyxl behind it) is imported inside the functions, so the window
opens without them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import (
    QEventLoop,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QProgressDialog,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.services.store import Store
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.import_preview import ImportPreviewDialog

if TYPE_CHECKING:
    from coordinator.exchange.importer import ImportReport
    from coordinator.exchange.reader import RawSheet

T = TypeVar("T")

XLSX_FILTER = "Excel workbook (*.xlsx)"
CSV_IMPORT_FILTER = "Folder of CSV files: pick any one, the whole folder is read (*.csv)"
CSV_EXPORT_FILTER = "Folder of CSV files: type a new folder name (*)"


class _Progress(QObject):
    """Carries the import's progress from the worker thread to the progress bar (queued)."""

    stepped = Signal(str, int, int)


class _CancelledError(Exception):
    """Raised in the worker at the next step once the coordinator cancelled the preview."""


def _progress_dialog(parent: QWidget | None, label: str, cancel: bool) -> QProgressDialog:
    dialog = QProgressDialog(label, "Cancel" if cancel else "", 0, 0, parent)
    if not cancel:
        dialog.setCancelButton(None)
    dialog.setWindowTitle("Mission Coordinator")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setMinimumWidth(420)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def _run_with_progress(
    parent: QWidget | None,
    context: MissionContext,
    label: str,
    work: Callable[[Store, Callable[[str, int, int], None]], T],
    *,
    cancel: bool = True,
) -> T | None:
    """Run `work(session, progress)` on a worker session, a progress bar following it.

    Waits (the window still repaints) and returns the result, or None when cancelled.
    A UserError (or any failure) from the worker is raised here, in the window's thread.
    """
    dialog = _progress_dialog(parent, label, cancel=cancel)
    bridge = _Progress()
    cancelled = False
    outcome: list[object] = []
    loop = QEventLoop()

    def show_step(sheet: str, step: int, steps: int) -> None:
        dialog.setMaximum(steps)
        dialog.setValue(step)
        dialog.setLabelText(f"{label}\nChecking {sheet}…" if steps else label)

    def on_cancel() -> None:
        nonlocal cancelled
        cancelled = True
        dialog.setLabelText("Stopping…")

    def progress(sheet: str, step: int, steps: int) -> None:  # runs in the worker thread
        if cancelled:
            raise _CancelledError
        bridge.stepped.emit(sheet, step, steps)

    def finish(result: object) -> None:
        outcome.append(result)
        loop.quit()

    bridge.stepped.connect(show_step)
    dialog.canceled.connect(on_cancel)
    # Starts the delay (a quick preview shows no bar at all). A modal progress dialog lets
    # events through here, so a cancel can already come: it is connected just above.
    dialog.setValue(0)
    context.in_background(lambda session: work(session, progress), finish, finish)
    loop.exec()
    dialog.canceled.disconnect(on_cancel)  # closing a progress dialog also says "canceled"
    dialog.close()
    dialog.deleteLater()
    result = outcome[0]
    if isinstance(result, _CancelledError) or cancelled:
        return None
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[return-value]


def choose_workbook(parent: QWidget | None, folder: Path) -> Path | None:
    """Ask for an .xlsx workbook, or a CSV file standing for its whole folder."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Import a workbook", str(folder), f"{XLSX_FILTER};;{CSV_IMPORT_FILTER}"
    )
    if not path:
        return None
    picked = Path(path)
    return picked.parent if picked.suffix.lower() == ".csv" else picked


def preview_import(
    parent: QWidget | None, context: MissionContext, source: Path
) -> tuple[list[RawSheet], ImportReport] | None:
    """Read the workbook and import it without keeping anything: what would change.

    None when cancelled. A workbook with problems gives its report (problems listed);
    one that cannot be read at all raises its UserError.
    """
    from coordinator.exchange.importer import WorkbookImportError, import_sheets
    from coordinator.exchange.reader import read_workbook

    def work(
        session: Store, progress: Callable[[str, int, int], None]
    ) -> tuple[list[RawSheet], ImportReport]:
        progress("the workbook", 0, 0)
        raw_sheets = read_workbook(source)
        try:
            report = import_sheets(session, raw_sheets, preview=True, progress=progress)
        except WorkbookImportError as error:
            report = error.report
        return raw_sheets, report

    return _run_with_progress(parent, context, f"Reading {source.name}", work)


def _totals(report: ImportReport) -> str:
    new = sum(c.new for c in report.counts)
    updated = sum(c.updated for c in report.counts)
    unchanged = sum(c.unchanged for c in report.counts)
    return f"{new} new, {updated} updated, {unchanged} unchanged"


def import_workbook(
    parent: QWidget | None, context: MissionContext, path: Path | None = None
) -> bool:
    """File > Import…: preview what a workbook would change, then import it on request.

    Asks for the workbook unless `path` is given. True when the mission was changed.
    """
    from coordinator.exchange.importer import import_sheets

    if context.read_only:
        messages.show_error(
            parent,
            "Import",
            f"{context.path.name} is read-only: nothing can be imported into it. "
            "Use File > Save a Copy As… and open the copy.",
        )
        return False
    source = path if path is not None else choose_workbook(parent, context.path.parent)
    if source is None:
        return False
    try:
        previewed = preview_import(parent, context, source)
    except UserError as error:
        messages.show_error(parent, "Import", str(error))
        return False
    if previewed is None:
        return False
    raw_sheets, report = previewed
    dialog = ImportPreviewDialog(report, source, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    finally:
        dialog.deleteLater()

    progress = _progress_dialog(parent, f"Importing {source.name}", cancel=False)

    def show_step(sheet: str, step: int, steps: int) -> None:
        # Modal: setValue lets the bar repaint while the import runs in this thread.
        progress.setMaximum(steps)
        progress.setLabelText(f"Importing {source.name}\n{sheet}…")
        progress.setValue(step)

    progress.setValue(0)
    try:
        imported = context.write("*", import_sheets, raw_sheets, progress=show_step)
    except UserError as error:
        text, _, detail = str(error).partition("\n")
        messages.show_error(parent, "Import", text, detail)
        return False
    finally:
        progress.close()
        progress.deleteLater()
    messages.show_info(parent, "Import", f"{source.name} was imported: {_totals(imported)}.")
    return True


def choose_export_target(parent: QWidget | None, suggestion: Path) -> Path | None:
    """Ask where to export: an .xlsx file, or (second filter) a folder for the CSV files."""
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        "Export the mission",
        str(suggestion),
        f"{XLSX_FILTER};;{CSV_EXPORT_FILTER}",
    )
    if not path:
        return None
    target = Path(path)
    if chosen == CSV_EXPORT_FILTER:
        return target.with_suffix("") if target.suffix.lower() == ".xlsx" else target
    return target if target.suffix.lower() == ".xlsx" else target.with_name(target.name + ".xlsx")


def export_workbook(
    parent: QWidget | None, context: MissionContext, path: Path | None = None
) -> Path | None:
    """File > Export…: write every sheet to an .xlsx, or to a folder of CSV files.

    Asks for the target unless `path` is given; a name without .xlsx is a folder.
    Returns where the mission was written, or None.
    """
    from coordinator.exchange.exporter import export_mission

    suggestion = context.path.with_suffix(".xlsx")
    target = path if path is not None else choose_export_target(parent, suggestion)
    if target is None:
        return None
    replacing = target.suffix.lower() != ".xlsx" and target.is_dir() and any(target.glob("*.csv"))
    if replacing and not messages.confirm(
        parent,
        "Export",
        f"The folder {target} already holds CSV files; the mission's sheets will "
        "replace those with the same names.",
        action="Replace",
    ):
        return None
    try:
        written = _run_with_progress(
            parent,
            context,
            f"Exporting to {target.name}",
            lambda session, _progress: export_mission(session, target),
            cancel=False,  # the export cannot stop half-way; it is written whole or not at all
        )
    except UserError as error:
        messages.show_error(parent, "Export", str(error))
        return None
    if written is None:
        return None
    kind = "workbook" if written.suffix.lower() == ".xlsx" else "folder of CSV files"
    messages.show_info(parent, "Export", f"The mission was exported to the {kind} {written}.")
    return written
