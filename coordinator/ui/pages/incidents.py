"""The incidents of one visit: a small table under the visit, and the form of one incident.

Each incident is saved when its dialog is accepted, and adding, editing or deleting one
can be taken back with Edit > Undo like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import IncidentCategory, Severity
from coordinator.errors import UserError
from coordinator.services.incidents import (
    IncidentFields,
    IncidentRow,
    create_incident,
    delete_incident,
    list_incidents,
    read_incident,
    update_incident,
)
from coordinator.services.paging import Page, PageRequest
from coordinator.services.versions import record_version
from coordinator.ui import icons, messages
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import ChoiceField, RecordDialog, TimeField, text_editor
from coordinator.ui.pages.visit_form import vocabulary_member
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import Column, PagedTableModel
from coordinator.ui.undo_edits import perform_create, perform_delete, perform_update

SEVERITY_KIND = {Severity.MINOR: "neutral", Severity.SERIOUS: "warning", Severity.CRITICAL: "bad"}


def how_known(observed: bool) -> str:
    return "observed" if observed else "reported"


INCIDENT_COLUMNS: list[Column[IncidentRow]] = [
    Column("Time", lambda row: row.time, sort_key="time", width=60),
    Column("Category", lambda row: row.category, sort_key="category", width=170),
    Column(
        "Severity",
        lambda row: row.severity,
        sort_key="severity",
        width=75,
        foreground=lambda row: status_colour(SEVERITY_KIND[row.severity]),
    ),
    Column("Seen", lambda row: how_known(row.observed), sort_key="observed", width=75),
    Column(
        "Description",
        lambda row: row.description,
        sort_key="description",
        tooltip=lambda row: row.description,
    ),
]


class IncidentDialog(RecordDialog[IncidentFields]):
    """The form of one incident of a visit."""

    def __init__(
        self,
        visit_id: int,
        title: str,
        save: Callable[[IncidentFields], object],
        initial: IncidentFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.visit_id = visit_id
        self.time = TimeField()
        self.category: ChoiceField[IncidentCategory] = ChoiceField(IncidentCategory)
        self.severity: ChoiceField[Severity] = ChoiceField(Severity)
        self.observed = QComboBox()
        self.observed.addItem("observed by the team", True)
        self.observed.addItem("reported to the team", False)
        self.description = text_editor(5)
        self.add_field("time", "Time", self.time)
        self.add_field("category", "Category", self.category)
        self.add_field("severity", "Severity", self.severity)
        self.add_field("observed", "Seen", self.observed)
        self.add_field("description", "Description", self.description)
        self.setMinimumWidth(480)
        if initial is not None:
            self.time.set_time(initial.time)
            self.category.set_choice(initial.category)
            self.severity.set_choice(initial.severity)
            self.observed.setCurrentIndex(0 if initial.observed else 1)
            self.description.setPlainText(initial.description)

    def fields(self) -> IncidentFields:
        return IncidentFields(
            visit_id=self.visit_id,
            time=self.parse("time", self.time.time_value),
            category=vocabulary_member(IncidentCategory, self.category.choice())
            or IncidentCategory.OTHER,
            severity=vocabulary_member(Severity, self.severity.choice()) or Severity.MINOR,
            observed=bool(self.observed.currentData()),
            description=self.description.toPlainText(),
        )


class IncidentsPanel(QWidget):
    """The incidents of the visit shown in the form, with Add, Edit and Delete."""

    counted = Signal(int)
    # Every incident dialog opened, before it shows (tests fill it in through this).
    dialog_opened = Signal(object)

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.visit_id: int | None = None
        self.visit_ref = ""
        self.model: PagedTableModel[IncidentRow] = PagedTableModel(
            INCIDENT_COLUMNS,
            fetch=self._fetch,
            row_id=lambda row: row.id,
            parent=self,
        )
        self.model.counted.connect(self.counted)
        self.table = QTableView()
        self.table.setObjectName("incidentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for number, column in enumerate(INCIDENT_COLUMNS):
            if column.width is not None:
                self.table.setColumnWidth(number, column.width)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.add_button = QPushButton(icons.icon("add"), "Add incident…")
        self.edit_button = QPushButton(icons.icon("edit"), "Edit…")
        self.delete_button = QPushButton(icons.icon("delete"), "Delete")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.note = QLabel()
        self.note.setObjectName("countLabel")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.model.modelReset.connect(self._update)
        self._read_only = context.read_only

    def _fetch(self, request: PageRequest) -> Page[IncidentRow]:
        filters = dict(request.filters)
        filters["visit_id"] = self.visit_id if self.visit_id is not None else -1
        return self.context.query(
            list_incidents,
            PageRequest(
                request.search,
                request.sort or "time",
                request.descending,
                request.offset,
                request.limit,
                filters,
                request.count_total,
            ),
        )

    def set_visit(self, visit_id: int | None, ref: str = "") -> None:
        """Show the incidents of this visit (None: a visit not saved yet, which has none)."""
        self.visit_id = visit_id
        self.visit_ref = ref
        self.model.reload()

    def reload(self) -> None:
        self.model.reload()

    def current_row(self) -> IncidentRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row(index.row())

    def _update(self) -> None:
        saved = self.visit_id is not None
        self.add_button.setEnabled(saved and not self._read_only)
        has_current = self.current_row() is not None
        self.edit_button.setEnabled(has_current and not self._read_only)
        self.delete_button.setEnabled(has_current and not self._read_only)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(not self._read_only)
        if not saved:
            self.note.setText("Save the visit first; then its incidents can be added here.")
        elif self.model.total() == 0:
            self.note.setText("No incidents at this visit.")
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update()

    # --- add, edit, delete -----------------------------------------------------------------

    def _open(self, dialog: IncidentDialog) -> None:
        self.dialog_opened.emit(dialog)
        dialog.open()

    def add(self) -> None:
        if self.visit_id is None:
            return

        def save(fields: IncidentFields) -> int:
            return perform_create(
                self.context,
                f"New incident at visit {self.visit_ref}",
                "incidents",
                lambda session: create_incident(session, fields),
                kind="incident",
                delete=delete_incident,
            )

        dialog = IncidentDialog(
            self.visit_id, f"New incident at visit {self.visit_ref}", save, parent=self
        )
        self._open(dialog)

    def edit(self) -> None:
        row = self.current_row()
        if row is None or self._read_only:
            return
        self.edit_incident(row.id, row.visit_ref)

    def edit_incident(self, incident_id: int, visit_ref: str) -> None:
        # As stored now, with the version the save checks (the list may be older).
        old = self.context.query(read_incident, incident_id)
        assert old.visit_id is not None  # a stored incident is always at a visit

        def save(fields: IncidentFields) -> None:
            perform_update(
                self.context,
                f"Edit incident at visit {visit_ref}",
                "incidents",
                lambda session: update_incident(session, incident_id, fields, read=old),
                lambda session: update_incident(session, incident_id, old),
            )

        dialog = IncidentDialog(
            old.visit_id, f"Incident at visit {visit_ref}", save, initial=old, parent=self
        )
        # Refused because someone else saved the incident meanwhile: Reload opens it again.
        dialog.reload_record = lambda: self._reopen(incident_id, visit_ref)
        self._open(dialog)

    def _reopen(self, incident_id: int, visit_ref: str) -> None:
        self.context.reload_all()
        self.edit_incident(incident_id, visit_ref)

    def delete(self) -> None:
        row = self.current_row()
        if row is None or self._read_only:
            return
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "incident", row.id)
        what = f"the {row.category.label.lower()} incident at visit {row.visit_ref}"
        if not messages.confirm(self, "Delete incident", f"Delete {what}?"):
            return
        try:
            perform_delete(
                self.context,
                f"Delete incident at visit {row.visit_ref}",
                "incidents",
                "incident",
                row.id,
                delete=delete_incident,
                expected_version=version,
            )
        except UserError as error:
            messages.show_error(self, "Delete incident", str(error))
