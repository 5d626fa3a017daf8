"""File > Import… and File > Export…: workbooks (.xlsx) or folders of CSV in and out.

An import first runs as a preview on a worker session (everything is checked and written,
then rolled back) while a progress bar follows the sheets; the coordinator then sees what
would change (new, updated, unchanged per sheet), the warnings and every problem, and only
a workbook without problems can be imported for real, in one transaction. The exchange
package (and pandas/openpyxl behind it) is imported inside the functions, so the window
opens without them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEventLoop,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from coordinator.errors import UserError
from coordinator.ui import icons, messages
from coordinator.ui.context import MissionContext
from coordinator.ui.style import status_colour

if TYPE_CHECKING:
    from coordinator.exchange.importer import ImportReport
    from coordinator.exchange.reader import RawSheet

T = TypeVar("T")

XLSX_FILTER = "Excel workbook (*.xlsx)"
CSV_IMPORT_FILTER = "Folder of CSV files: pick any one, the whole folder is read (*.csv)"
CSV_EXPORT_FILTER = "Folder of CSV files: type a new folder name (*)"
NO_UNDO = "An import cannot be undone; File > Save a Copy As… first if unsure."

Index = QModelIndex | QPersistentModelIndex
Cell = str | int


class ReportTableModel(QAbstractTableModel):
    """A fixed table of a report's rows (counts per sheet, problems); numbers right-aligned."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows = [list(row) for row in rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


def counts_model(report: ImportReport, parent: QObject | None = None) -> ReportTableModel:
    rows = [(c.sheet, c.new, c.updated, c.unchanged) for c in report.counts]
    return ReportTableModel(["Sheet", "New", "Updated", "Unchanged"], rows, parent)


def problems_model(report: ImportReport, parent: QObject | None = None) -> ReportTableModel:
    rows = [
        (p.sheet, "" if p.row is None else p.row, p.column or "", p.message)
        for p in report.problems
    ]
    return ReportTableModel(["Sheet", "Row", "Column", "What is wrong"], rows, parent)


def _table(model: ReportTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


def _fit_rows(view: QAbstractItemView, rows: int, most: int) -> None:
    """Make a list exactly as tall as its rows (up to `most`), so no space is left empty."""
    shown = max(1, min(rows, most))
    row_height = (
        view.verticalHeader().defaultSectionSize()
        if isinstance(view, QTableView)
        else view.sizeHintForRow(0)
        if rows
        else view.fontMetrics().height() + 8
    )
    header = view.horizontalHeader().sizeHint().height() if isinstance(view, QTableView) else 0
    view.setFixedHeight(header + shown * row_height + 2 * view.frameWidth() + 4)


class ImportPreviewDialog(QDialog):
    """What importing a workbook would change, and its problems; Import only when none."""

    def __init__(self, report: ImportReport, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {source.name}")
        layout = QVBoxLayout(self)

        title = QLabel(f"Import {source.name}")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.summary = QLabel(self._summary(report))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        # The figures on the left, what is wrong (if anything) beside them on the right:
        # both stay in view on a 1280x800 screen.
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        figures = QVBoxLayout()
        body.addLayout(figures)
        figures.addWidget(self._section("What would change"))
        self.counts_model = counts_model(report, self)
        self.counts_view = _table(self.counts_model)
        # The figures are read, not worked on: no selection to distract from them.
        self.counts_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.counts_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.resizeSection(column, 88)
        self.counts_view.setFixedWidth(420)
        _fit_rows(self.counts_view, self.counts_model.rowCount(), 14)
        figures.addWidget(self.counts_view)
        figures.addStretch(1)

        findings = QVBoxLayout()
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        for warning in report.warnings:
            QListWidgetItem(icons.icon("warning"), warning, self.warnings)
        if report.warnings:
            findings.addWidget(self._section(f"Warnings ({len(report.warnings)})"))
            _fit_rows(self.warnings, len(report.warnings), 4)
            findings.addWidget(self.warnings)
        else:
            self.warnings.hide()

        self.problems_model = problems_model(report, self)
        self.problems_view = _table(self.problems_model)
        header = self.problems_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Long messages wrap: each row as tall as its message.
        self.problems_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.problems_view.verticalHeader().setMinimumSectionSize(
            self.problems_view.verticalHeader().defaultSectionSize()
        )
        if report.problems:
            more = " or more" if report.more_problems else ""
            findings.addWidget(self._section(f"Problems ({len(report.problems)}{more})"))
            findings.addWidget(self.problems_view, 1)
        else:
            self.problems_view.hide()
            findings.addStretch(1)
        if report.warnings or report.problems:
            body.addLayout(findings, 1)

        self.no_undo = QLabel(NO_UNDO)
        self.no_undo.setWordWrap(True)
        self.no_undo.setStyleSheet(f"color: {status_colour('warning').name()};")
        layout.addWidget(self.no_undo)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton(icons.icon("import"), "Import")
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(report.ok)
        self.import_button.setDefault(report.ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        (self.import_button if report.ok else cancel).setFocus()
        # Fits a 1280x800 screen; the problem list scrolls when there are many.
        wide = bool(report.warnings or report.problems)
        self.resize(1040 if wide else 460, min(self.sizeHint().height(), 700))

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        return label

    @staticmethod
    def _summary(report: ImportReport) -> str:
        if not report.ok:
            more = " or more" if report.more_problems else ""
            return (
                f"The workbook has {len(report.problems)}{more} problem(s), listed below with "
                "the sheet, row and column where each is. Correct them in the workbook and "
                "import it again. Nothing has been written."
            )
        new = sum(c.new for c in report.counts)
        updated = sum(c.updated for c in report.counts)
        if new == 0 and updated == 0:
            return (
                "The mission already holds everything in this workbook: importing it "
                "changes nothing."
            )
        return (
            f"Importing adds {new} new record(s) and updates {updated} existing one(s). "
            "Nothing has been written yet: check the figures, then choose Import."
        )


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
    work: Callable[[Session, Callable[[str, int, int], None]], T],
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
        session: Session, progress: Callable[[str, int, int], None]
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
