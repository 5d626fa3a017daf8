"""The import's preview: what a workbook would change, its warnings and every problem.

Shown before anything is written (see `exchange_dialogs.import_workbook`): the counts per
sheet (new, updated, unchanged), then the warnings and problems, each naming sheet, row
and column; Import is offered only when there are no problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coordinator.ui import icons
from coordinator.ui.style import status_colour

if TYPE_CHECKING:
    from coordinator.exchange.importer import ImportReport

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

    def __init__(
        self,
        report: ImportReport,
        source: Path,
        parent: QWidget | None = None,
        *,
        kind: str = "workbook",
    ) -> None:
        super().__init__(parent)
        self.kind = kind  # what is imported: "workbook", "export of submissions"
        self.setWindowTitle(f"Import {source.name}")
        layout = QVBoxLayout(self)

        title = QLabel(f"Import {source.name}")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.summary = QLabel(self._summary(report, kind))
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
    def _summary(report: ImportReport, kind: str = "workbook") -> str:
        if not report.ok:
            more = " or more" if report.more_problems else ""
            where = "sheet, row and column" if kind == "workbook" else "submission, row and column"
            return (
                f"The {kind} has {len(report.problems)}{more} problem(s), listed below with "
                f"the {where} where each is. Correct them and import it again. Nothing has "
                "been written."
            )
        new = sum(c.new for c in report.counts)
        updated = sum(c.updated for c in report.counts)
        if new == 0 and updated == 0:
            return (
                f"The mission already holds everything in this {kind}: importing it "
                "changes nothing."
            )
        return (
            f"Importing adds {new} new record(s) and updates {updated} existing one(s). "
            "Nothing has been written yet: check the figures, then choose Import."
        )
