"""A searchable, sortable list of records with New, Edit, Duplicate and Delete.

The list emits what the user wants (`new_requested`, `edit_requested`, ...); the page
that owns it decides what to do and calls the services. Keys: Ctrl+F search, Ctrl+N new,
Enter or double-click edit, Ctrl+D duplicate, Delete delete.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from coordinator.ui import icons
from coordinator.ui.table_model import PagedTableModel


class RecordTable(QTableView):
    """A table view that sends Enter as "edit" and Delete as "delete"."""

    activated_row = Signal(int)
    delete_pressed = Signal()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        if event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class RecordList(QWidget):
    """Search box, toolbar and table over a PagedTableModel."""

    new_requested = Signal()
    edit_requested = Signal(int)
    duplicate_requested = Signal(int)
    delete_requested = Signal(int)
    current_changed = Signal(int)  # record id, or 0 when nothing is selected

    def __init__(
        self,
        model: PagedTableModel[Any],
        noun: str,
        parent: QWidget | None = None,
        *,
        plural: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.noun = noun
        self.plural = plural or f"{noun}s"
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(f"Search {self.plural}…")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(model.set_search)
        self.count = QLabel()
        self.count.setObjectName("countLabel")
        model.counted.connect(self._show_count)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_action = self._add_action(
            "New", "add", QKeySequence.StandardKey.New, self.new_requested.emit
        )
        self.edit_action = self._add_action("Edit", "edit", None, self._edit_current)
        self.duplicate_action = self._add_action(
            "Duplicate", "duplicate", "Ctrl+D", self._duplicate
        )
        self.delete_action = self._add_action("Delete", "delete", None, self._delete_current)
        self.find_action = QAction("Find", self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)

        self.table = RecordTable()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Tab goes on to the next field, as everywhere; the arrows move in the list.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        # The indicator is set before sorting is enabled, which sorts by it at once: the
        # list starts in the service's own order, ascending, with the arrow showing it.
        first_sortable = next(
            (n for n, column in enumerate(model.columns) if column.sort_key is not None), -1
        )
        header.setSortIndicator(first_sortable, Qt.SortOrder.AscendingOrder)
        self._sorted_by = (first_sortable, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._keep_indicator_on_a_sortable_column)
        self.table.setSortingEnabled(True)
        for number, column in enumerate(model.columns):
            if column.width is not None:
                self.table.setColumnWidth(number, column.width)
        self.table.doubleClicked.connect(
            lambda index: self.edit_requested.emit(model.id_at(index.row()))
        )
        self.table.activated_row.connect(lambda row: self.edit_requested.emit(model.id_at(row)))
        self.table.delete_pressed.connect(self._delete_current)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        model.modelReset.connect(self._update_actions)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table, 1)
        self._update_actions()

    def _add_action(
        self, text: str, icon: str, shortcut: QKeySequence.StandardKey | str | None, slot: Any
    ) -> QAction:
        action = QAction(icons.icon(icon), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def leave_keys_to_window(self) -> None:
        """The window's Edit menu gives New, Duplicate and Find their keys on the whole
        page, wherever the focus is; the list's own keys (for a list shown alone, as in
        a test) would clash with them, so the list lets go of them."""
        for action in (self.new_action, self.duplicate_action, self.find_action):
            action.setShortcut(QKeySequence())

    def run(self, command: str) -> bool:
        """Do "new", "edit", "duplicate", "delete" or "find" as its button or key would;
        False when it cannot be done now (no record chosen, a read-only mission)."""
        if command == "find":
            self.focus_search()
            return True
        action = {
            "new": self.new_action,
            "edit": self.edit_action,
            "duplicate": self.duplicate_action,
            "delete": self.delete_action,
        }[command]
        if not (action.isEnabled() and action.isVisible()):
            return False
        action.trigger()
        return True

    def _keep_indicator_on_a_sortable_column(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a column the list cannot sort by leaves the arrow where the sort is."""
        columns = self.model.columns
        if 0 <= column < len(columns) and columns[column].sort_key is not None:
            self._sorted_by = (column, order)
            return
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(*self._sorted_by)
        header.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_count(self, total: int) -> None:
        self.count.setText(
            f"{total:,} {self.noun if total == 1 else self.plural}".replace(",", "\u202f")
        )

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.id_at(index.row())

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        self.current_changed.emit(self.model.id_at(current.row()) if current.isValid() else 0)

    def _update_actions(self) -> None:
        has_current = self.current_id() is not None
        for action in (self.edit_action, self.duplicate_action, self.delete_action):
            action.setEnabled(has_current)

    def _edit_current(self) -> None:
        record_id = self.current_id()
        if record_id is not None:
            self.edit_requested.emit(record_id)

    def _duplicate(self) -> None:
        record_id = self.current_id()
        if record_id is not None:
            self.duplicate_requested.emit(record_id)

    def _delete_current(self) -> None:
        record_id = self.current_id()
        if record_id is not None:
            self.delete_requested.emit(record_id)

    def select(self, record_id: int) -> bool:
        """Select the row of `record_id` (loading pages as needed); False if not listed."""
        row = self.model.row_of_id(record_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def reselect(self, wanted: int | None) -> int:
        """After a reload, select `wanted` again if it is among the loaded rows, else the
        first row, without announcing it (the caller shows it once). The id selected, or 0.
        """
        rows = self.model.rowCount()
        number = self.model.row_of_id(wanted, load_up_to=rows) if wanted else None
        if number is None and rows:
            number = 0
        record_id = self.model.id_at(number) if number is not None else 0
        if record_id:
            self.blockSignals(True)
            self.select(record_id)
            self.blockSignals(False)
        return record_id

    def set_read_only(self, read_only: bool) -> None:
        for action in (self.new_action, self.duplicate_action, self.delete_action):
            action.setVisible(not read_only)
