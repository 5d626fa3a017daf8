"""The Debrief page: what teams and people reported, and which notes go into the statement.

Notes are listed page by page from the debrief service, filtered (in SQL) by team, date
and "for the statement only". The selected note's full text shows below the list. A
note is flagged for the statement with the check box in its row or below the list: saved
at once, and Edit > Undo takes it back. New, edit, duplicate and delete use the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.services import paging
from coordinator.services.debrief import (
    DebriefFields,
    DebriefRow,
    create_debrief_note,
    delete_debrief_note,
    list_debrief_notes,
    read_debrief_note,
    set_debrief_note_for_statement,
    update_debrief_note,
)
from coordinator.services.mission import mission_day
from coordinator.services.paging import MAX_PAGE, PageRequest
from coordinator.services.teams import list_teams
from coordinator.services.unit import format_date
from coordinator.services.versions import record_version
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.base import Page
from coordinator.ui.pages.debrief_dialog import DebriefDialog
from coordinator.ui.pages.meetings import read_only_form
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import Column, PagedTableModel
from coordinator.ui.undo_edits import perform_create, perform_delete, perform_update

CHANGES = "debrief"
SHOWN = {CHANGES, "teams", "*"}
AnyIndex = QModelIndex | QPersistentModelIndex


def first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return (lines[0] + (" …" if len(lines) > 1 else "")) if lines else ""


def who(row: DebriefRow) -> str:
    return " · ".join(filter(None, (row.team, row.author))) or "no team or author"


class DebriefModel(PagedTableModel[DebriefRow]):
    """The notes list; its last column is a check box that flags a note for the statement."""

    FOR_STATEMENT = 5
    # Ticking a box asks the page to save it (queued: the save reloads this model).
    for_statement_requested = Signal(int, bool)

    def __init__(
        self, fetch: Callable[[PageRequest], paging.Page[DebriefRow]], parent: QWidget | None = None
    ) -> None:
        good = status_colour("good")
        columns: list[Column[DebriefRow]] = [
            Column("Date", lambda r: r.date, sort_key="date", width=90),
            Column("Team", lambda r: r.team, sort_key="team", width=60),
            Column("Author", lambda r: r.author, sort_key="author", width=170),
            Column("Topic", lambda r: r.topic, sort_key="topic", width=150),
            Column("Text", lambda r: first_line(r.text), width=420, tooltip=lambda r: r.text),
            Column(
                "For the statement",
                lambda r: "yes" if r.for_statement else "",
                sort_key="for_statement",
                foreground=lambda r: good if r.for_statement else None,
            ),
        ]
        super().__init__(columns, fetch, lambda row: row.id, parent)
        self.checkable = True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.FOR_STATEMENT and self.checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and index.isValid()
            and index.column() == self.FOR_STATEMENT
            and 0 <= index.row() < self.rowCount()
        ):
            flagged = self.row(index.row()).for_statement
            return Qt.CheckState.Checked if flagged else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(  # noqa: N802 (Qt's name)
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != self.FOR_STATEMENT
            or not self.checkable
        ):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.for_statement_requested.emit(self.id_at(index.row()), checked)
        return True


class NoteDetail(QWidget):
    """The selected note's whole text, with its "for the statement" check box."""

    for_statement_toggled = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note_id = 0
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel()
        self.hint.setObjectName("countLabel")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.check = QCheckBox("For the statement")
        self.check.toggled.connect(lambda flag: self.for_statement_toggled.emit(self.note_id, flag))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        self.text_area = QScrollArea()
        self.text_area.setWidgetResizable(True)
        self.text_area.setFrameShape(QFrame.Shape.NoFrame)
        self.text_area.setWidget(self.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.text_area, 1)
        layout.addWidget(self.hint, 1)

    def show_note(self, row: DebriefRow | None, empty_text: str = "") -> None:
        self.note_id = row.id if row else 0
        self.check.blockSignals(True)
        self.check.setChecked(bool(row and row.for_statement))
        self.check.blockSignals(False)
        for part in (self.check, self.heading, self.text_area):
            part.setVisible(row is not None)
        self.hint.setVisible(row is None)
        self.hint.setText(empty_text)
        if row is None:
            self.text.clear()
            return
        topic = f" — {row.topic}" if row.topic else ""
        self.heading.setText(f"{format_date(row.date)} · {who(row)}{topic}")
        self.text.setText(row.text)


class DebriefPage(Page):
    title = "Debrief"
    icon_name = "debrief"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = DebriefModel(lambda request: context.query(list_debrief_notes, request), self)
        self.model.checkable = not context.read_only
        self.model.for_statement_requested.connect(
            self.set_for_statement, Qt.ConnectionType.QueuedConnection
        )
        self.list = RecordList(self.model, "debrief note")
        self.team = QComboBox()
        self.team.setObjectName("teamFilter")
        self.date = QComboBox()
        self.date.setObjectName("dateFilter")
        for combo in (self.team, self.date):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.flagged_only = QCheckBox("For the statement only")
        self.team.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("team_id", self.team.currentData())
        )
        self.date.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("date", self.date.currentData())
        )
        self.flagged_only.toggled.connect(
            lambda on: self.model.set_filter("for_statement", True if on else None)
        )
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar = self.list.toolbar
        bar.addWidget(spacer)
        for widget in (QLabel("Team "), self.team, QLabel("  Date "), self.date):
            bar.addWidget(widget)
        bar.addWidget(QLabel("  "))
        bar.addWidget(self.flagged_only)
        self.detail = NoteDetail()
        self.detail.check.setEnabled(not context.read_only)
        self.detail.for_statement_toggled.connect(self.set_for_statement)
        self.list.current_changed.connect(self._show_detail)
        self.model.counted.connect(lambda _total: self._reselect())
        self.list.new_requested.connect(self.new_note)
        self.list.edit_requested.connect(self.edit_note)
        self.list.duplicate_requested.connect(self.duplicate_note)
        self.list.delete_requested.connect(self.delete_note)
        # A read-only mission is read: Edit shows the form, which cannot be saved.
        self.list.set_read_only(context.read_only)
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([420, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)

    # --- showing ----------------------------------------------------------------------

    def reload(self) -> None:
        self._fill_filters()
        try:
            self.model.reload()
        except UserError as error:
            messages.show_error(self, "Debrief", str(error))

    def on_changed(self, what: str) -> None:
        if what in SHOWN:
            super().on_changed(what)

    def select_record(self, record_id: int) -> None:
        self.activate()
        if not self.list.select(record_id):
            self.list.search.clear()
            for combo in (self.team, self.date):
                combo.setCurrentIndex(0)
            self.flagged_only.setChecked(False)
            self.list.select(record_id)

    def _fill_filters(self) -> None:
        """Teams and dates to filter by, keeping what was chosen when it is still there."""
        teams = self.context.query(list_teams)
        dates = sorted({row.date for row in self._all_notes()})
        for combo, everything, choices in (
            (self.team, "All teams", [(t.code, t.id) for t in teams]),
            (self.date, "All dates", [(format_date(d), d) for d in dates]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, value in choices:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
            if combo.currentData() != chosen:
                # What was chosen is gone (a team deleted): stop filtering by it.
                name = "team_id" if combo is self.team else "date"
                self.model.set_filter(name, None)

    def _all_notes(self) -> list[DebriefRow]:
        rows: list[DebriefRow] = []
        while True:
            request = PageRequest(offset=len(rows), limit=MAX_PAGE, count_total=False)
            page = self.context.query(list_debrief_notes, request)
            rows.extend(page.rows)
            if len(page.rows) < MAX_PAGE:
                return rows

    def _filtered(self) -> bool:
        return bool(
            self.list.search.text()
            or self.team.currentIndex() > 0
            or self.date.currentIndex() > 0
            or self.flagged_only.isChecked()
        )

    def _reselect(self) -> None:
        """After the list was read again, select the note shown before (or the first)."""
        self._show_detail(self.list.reselect(self.detail.note_id))

    def _show_detail(self, note_id: int) -> None:
        rows = self.model.rowCount()
        number = self.model.row_of_id(note_id, load_up_to=rows) if note_id else None
        if number is not None:
            self.detail.show_note(self.model.row(number))
        elif self._filtered():
            self.detail.show_note(None, "No notes match the search and filters.")
        else:
            self.detail.show_note(
                None, "No debrief notes yet. New (Ctrl+N) records what a team reported."
            )

    # --- editing ----------------------------------------------------------------------

    def _dialog(
        self, title: str, save: Callable[[DebriefFields], int], fields: DebriefFields | None
    ) -> DebriefDialog:
        teams = self.context.query(list_teams)
        dialog = DebriefDialog(title, save, teams, fields, parent=self)
        dialog.accepted.connect(lambda: self.list.select(int(str(dialog.saved))))
        dialog.open()
        return dialog

    def _fields_of(self, note_id: int) -> DebriefFields | None:
        try:
            return self.context.query(read_debrief_note, note_id)
        except UserError as error:
            messages.show_error(self, "Debrief", str(error))
            return None

    def new_note(self, fields: DebriefFields | None = None) -> DebriefDialog:
        dialog = self._dialog("New debrief note", self._create, fields)
        if fields is None:
            dialog.date.set_date(self.context.query(mission_day, dt.date.today()))
        return dialog

    def duplicate_note(self, note_id: int) -> DebriefDialog | None:
        fields = self._fields_of(note_id)
        return None if fields is None else self._dialog("Duplicate note", self._create, fields)

    def edit_note(self, note_id: int) -> DebriefDialog | None:
        old = self._fields_of(note_id)
        if old is None:
            return None

        def save(new: DebriefFields) -> int:
            perform_update(
                self.context,
                f"Edit debrief note {_name(new)}",
                CHANGES,
                lambda session: update_debrief_note(session, note_id, new, read=old),
                lambda session: update_debrief_note(session, note_id, old),
            )
            return note_id

        read_only = self.context.read_only
        dialog = self._dialog(
            "Debrief note (read-only)" if read_only else "Debrief note", save, old
        )
        read_only_form(dialog, read_only)
        # Refused because someone else saved it meanwhile: Reload opens it again.
        dialog.reload_record = lambda: self.edit_note(note_id)
        return dialog

    def _create(self, fields: DebriefFields) -> int:
        return perform_create(
            self.context,
            f"New debrief note {_name(fields)}",
            CHANGES,
            lambda session: create_debrief_note(session, fields),
            kind="debrief_note",
            delete=delete_debrief_note,
        )

    def delete_note(self, note_id: int) -> None:
        number = self.model.row_of_id(note_id)
        if number is None or self.context.read_only:
            return
        row = self.model.row(number)
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "debrief_note", note_id)
        question = f"Delete the note of {format_date(row.date)} by {who(row)}"
        question += f" about {row.topic}?" if row.topic else "?"
        if row.for_statement:
            question += " It is marked for the statement."
        if not messages.confirm(
            self, "Delete debrief note", question + " Edit > Undo brings it back."
        ):
            return
        try:
            perform_delete(
                self.context,
                f"Delete debrief note of {format_date(row.date)}",
                CHANGES,
                "debrief_note",
                note_id,
                delete=delete_debrief_note,
                expected_version=version,
            )
        except UserError as error:
            messages.show_error(self, "Debrief", str(error))

    def set_for_statement(self, note_id: int, flag: bool) -> None:
        """Flag or unflag a note for the statement: saved at once, undoable."""
        if not note_id:
            return
        try:
            perform_update(
                self.context,
                "Mark note for the statement" if flag else "Unmark note for the statement",
                CHANGES,
                lambda session: set_debrief_note_for_statement(session, note_id, flag),
                lambda session: set_debrief_note_for_statement(session, note_id, not flag),
            )
        except UserError as error:
            messages.show_error(self, "Debrief", str(error))
            self.reload()


def _name(fields: DebriefFields) -> str:
    day = format_date(fields.date) if isinstance(fields.date, dt.date) else ""
    return " ".join(
        filter(None, (f"'{fields.topic.strip()}'" if fields.topic.strip() else "", day))
    )
