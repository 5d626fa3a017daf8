"""The Meetings page: the meeting log, and the selected meeting in full below it.

The list reads pages of meetings from the meetings service (search and kind filter in
SQL). Below it the selected meeting shows its interlocutors, participants, summary and
key points; ticking a key point "for the statement" saves at once and can be undone.
New, edit, duplicate and delete go through `MeetingDialog` and the undo stack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import MeetingKind
from coordinator.errors import UserError
from coordinator.services.meeting_view import meeting_view, read_meeting
from coordinator.services.meetings import (
    MeetingFields,
    MeetingRow,
    create_meeting,
    delete_meeting,
    list_meetings,
    meeting_delete_impact,
    set_key_point_for_statement,
    update_meeting,
)
from coordinator.services.members import MemberRow, list_members
from coordinator.services.mission import mission_day
from coordinator.services.paging import MAX_PAGE, PageRequest
from coordinator.services.unit import format_date
from coordinator.services.versions import record_version
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.base import Page
from coordinator.ui.pages.meeting_detail import MeetingDetail
from coordinator.ui.pages.meeting_dialog import MeetingDialog
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import Column, PagedTableModel
from coordinator.ui.undo_edits import perform_create, perform_delete, perform_update

CHANGES = "meetings"
# Kinds of change that alter what this page shows (participants are members).
SHOWN = {CHANGES, "members", "delegations", "*"}


def time_span(row: MeetingRow) -> str:
    if row.start is None:
        return ""
    return f"{row.start:%H:%M}–{row.end:%H:%M}" if row.end else f"{row.start:%H:%M}"


def key_points_text(row: MeetingRow) -> str:
    """'4 (3 for the statement)', as the list shows a meeting's key points."""
    if not row.key_points:
        return "none"
    if not row.for_statement:
        return str(row.key_points)
    return f"{row.key_points} ({row.for_statement} for the statement)"


def delete_question(row: MeetingRow, impact: dict[str, int]) -> str:
    """What the confirmation says goes with the meeting."""
    with_whom = f" with {row.interlocutor}" if row.interlocutor else ""
    text = f"Delete the {row.kind.label.lower()} of {format_date(row.date)}{with_whom}"
    points, flagged = impact["key_points"], impact["for_statement"]
    if points == 1:
        text += ", and its key point" + (" (for the statement)" if flagged else "")
    elif points:
        text += f", and its {points} key points"
        if flagged == points:
            text += ", all for the statement"
        elif flagged:
            text += f", {flagged} of them for the statement"
    return text + "? Edit > Undo brings it back."


def meeting_columns() -> list[Column[MeetingRow]]:
    return [
        Column("Date", lambda r: r.date, sort_key="date", width=90),
        Column("Time", time_span, sort_key="date", width=90),
        Column("Kind", lambda r: r.kind, sort_key="kind", width=100),
        Column("Interlocutor", lambda r: r.interlocutor, sort_key="interlocutor", width=190),
        Column(
            "Institution",
            lambda r: r.institution,
            sort_key="institution",
            width=230,
            tooltip=lambda r: r.institution or None,
        ),
        Column("Location", lambda r: r.location, sort_key="location", width=150),
        Column(
            "Key points",
            key_points_text,
            sort_key="key_points",
            foreground=lambda r: status_colour("good") if r.for_statement else None,
        ),
    ]


class MeetingsPage(Page):
    title = "Meetings"
    icon_name = "meetings"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model: PagedTableModel[MeetingRow] = PagedTableModel(
            meeting_columns(),
            fetch=lambda request: context.query(list_meetings, request),
            row_id=lambda row: row.id,
            parent=self,
        )
        self.list = RecordList(self.model, "meeting")
        self.kind = QComboBox()
        self.kind.setObjectName("kindFilter")
        self.kind.addItem("All kinds", None)
        for kind in MeetingKind:
            # The value as text: Qt hands a StrEnum back as text anyway.
            self.kind.addItem(kind.label, kind.value)
        self.kind.currentIndexChanged.connect(
            lambda _index: self.model.set_filter("kind", self.kind.currentData())
        )
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.list.toolbar.addWidget(spacer)
        self.list.toolbar.addWidget(QLabel("Kind "))
        self.list.toolbar.addWidget(self.kind)
        self.detail = MeetingDetail()
        self.detail.key_point_toggled.connect(self.set_for_statement)
        self.list.current_changed.connect(self._show_detail)
        self.model.counted.connect(lambda _total: self._reselect())
        self.list.new_requested.connect(self.new_meeting)
        self.list.edit_requested.connect(self.edit_meeting)
        self.list.duplicate_requested.connect(self.duplicate_meeting)
        self.list.delete_requested.connect(self.delete_meeting)
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([330, 400])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.splitter, 1)
        self.detail.read_only = context.read_only
        # A read-only mission is read: Edit shows the form, which cannot be saved.
        self.list.set_read_only(context.read_only)

    # --- showing ----------------------------------------------------------------------

    def reload(self) -> None:
        try:
            self.model.reload()
        except UserError as error:
            messages.show_error(self, "Meetings", str(error))

    def _reselect(self) -> None:
        """After the list was read again, select the meeting shown before (or the first)."""
        self._show_detail(self.list.reselect(self.detail.meeting_id))

    def on_changed(self, what: str) -> None:
        if what in SHOWN:
            super().on_changed(what)

    def select_record(self, record_id: int) -> None:
        self.activate()
        if self.list.select(record_id):
            return
        # Hidden by a search or filter: show everything, then select it.
        self.list.search.clear()
        self.kind.setCurrentIndex(0)
        self.list.select(record_id)

    def _show_detail(self, meeting_id: int) -> None:
        if not meeting_id:
            empty = (
                "No meetings match the search and filter."
                if self.list.search.text() or self.kind.currentIndex() > 0
                else "No meetings logged yet. New (Ctrl+N) records one: who you met, "
                "what they said, and the key points for the statement."
            )
            self.detail.show_meeting(None, empty_text=empty)
            return
        try:
            view = self.context.query(meeting_view, meeting_id)
        except UserError:
            view = None
        self.detail.show_meeting(view)

    # --- editing ----------------------------------------------------------------------

    def _members(self) -> list[MemberRow]:
        rows: list[MemberRow] = []
        while True:
            request = PageRequest(offset=len(rows), limit=MAX_PAGE, count_total=False)
            page = self.context.query(list_members, request)
            rows.extend(page.rows)
            if len(page.rows) < MAX_PAGE:
                return rows

    def _dialog(
        self, title: str, save: Callable[[MeetingFields], int], fields: MeetingFields | None
    ) -> MeetingDialog:
        return MeetingDialog(title, save, self._members(), fields, parent=self)

    def new_meeting(
        self, fields: MeetingFields | None = None, *, title: str = "New meeting"
    ) -> MeetingDialog:
        """Open the form for a new meeting (the caller's test may fill and accept it)."""
        dialog = self._dialog(title, self._create, fields)
        if fields is None:
            dialog.date.set_date(self.context.query(mission_day, dt.date.today()))
        dialog.accepted.connect(lambda: self.list.select(int(str(dialog.saved))))
        dialog.open()
        return dialog

    def duplicate_meeting(self, meeting_id: int) -> MeetingDialog | None:
        fields = self._fields_of(meeting_id)
        return None if fields is None else self.new_meeting(fields, title="Duplicate meeting")

    def edit_meeting(self, meeting_id: int) -> MeetingDialog | None:
        old = self._fields_of(meeting_id)
        if old is None:
            return None
        assert old.date is not None
        title = f"Meeting of {format_date(old.date)}"
        dialog = self._dialog(
            f"{title} (read-only)" if self.context.read_only else title,
            lambda new: self._update(meeting_id, old, new),
            old,
        )
        read_only_form(dialog, self.context.read_only)
        # Refused because someone else saved it meanwhile: Reload opens it again.
        dialog.reload_record = lambda: self.edit_meeting(meeting_id)
        dialog.open()
        return dialog

    def _fields_of(self, meeting_id: int) -> MeetingFields | None:
        try:
            return self.context.query(read_meeting, meeting_id)
        except UserError as error:
            messages.show_error(self, "Meetings", str(error))
            return None

    def _create(self, fields: MeetingFields) -> int:
        return perform_create(
            self.context,
            f"New meeting of {_when(fields)}",
            CHANGES,
            lambda session: create_meeting(session, fields),
            kind="meeting",
            delete=delete_meeting,
        )

    def _update(self, meeting_id: int, old: MeetingFields, new: MeetingFields) -> int:
        perform_update(
            self.context,
            f"Edit meeting of {_when(new)}",
            CHANGES,
            lambda session: update_meeting(session, meeting_id, new, read=old),
            lambda session: update_meeting(session, meeting_id, old),
        )
        return meeting_id

    def delete_meeting(self, meeting_id: int) -> None:
        number = self.model.row_of_id(meeting_id)
        if number is None or self.context.read_only:
            return
        row = self.model.row(number)
        try:
            # As asked about: someone else's save meanwhile stops the delete.
            version = self.context.query(record_version, "meeting", meeting_id)
            impact = self.context.query(meeting_delete_impact, meeting_id)
            if not messages.confirm(self, "Delete meeting", delete_question(row, impact)):
                return
            perform_delete(
                self.context,
                f"Delete meeting of {format_date(row.date)}",
                CHANGES,
                "meeting",
                meeting_id,
                delete=delete_meeting,
                expected_version=version,
            )
        except UserError as error:
            messages.show_error(self, "Meetings", str(error))

    def set_for_statement(self, key_point_id: int, flag: bool) -> None:
        """Tick or untick a key point for the statement: saved at once, undoable."""
        what = "Mark key point for the statement" if flag else "Unmark key point"
        try:
            perform_update(
                self.context,
                what,
                CHANGES,
                lambda session: set_key_point_for_statement(session, key_point_id, flag),
                lambda session: set_key_point_for_statement(session, key_point_id, not flag),
            )
        except UserError as error:
            messages.show_error(self, "Meetings", str(error))
            self.reload()


def read_only_form(dialog: QDialog, read_only: bool) -> None:
    """A form of a read-only mission shows the record but offers no OK."""
    buttons = dialog.findChild(QDialogButtonBox)
    if read_only and buttons is not None:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)


def _when(fields: MeetingFields) -> str:
    return format_date(fields.date) if fields.date else "no date"
