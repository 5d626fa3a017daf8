"""The meeting form: when and where, who the mission met, who went, and what it learnt.

Interlocutors and key points are small editable tables (a meeting has a handful of
each); mission participants are ticked in a list of the members with a filter box. The
dialog reads everything into `MeetingFields` and lets the service judge it, showing each
problem beside its part of the form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import MeetingKind
from coordinator.db.text import fold
from coordinator.services.meetings import InterlocutorFields, KeyPointFields, MeetingFields
from coordinator.services.members import MemberRow
from coordinator.ui import icons
from coordinator.ui.forms import (
    ChoiceField,
    DateField,
    RecordDialog,
    TimeField,
    grow_to_fit,
    text_editor,
)

CHECKED = Qt.CheckState.Checked
UNCHECKED = Qt.CheckState.Unchecked


def _tool_button(icon: str, tip: str, slot: Callable[[], object]) -> QToolButton:
    button = QToolButton()
    button.setIcon(icons.icon(icon))
    button.setIconSize(QSize(16, 16))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.clicked.connect(slot)
    return button


def _small_table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    # Typing on a cell starts editing it, as in a spreadsheet.
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.SelectedClicked
    )
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)
    return table


def start_typing(table: QTableWidget, row: int) -> None:
    first = table.item(row, 0)
    if first is not None:
        table.editItem(first)


def finish_editing(table: QTableWidget) -> None:
    """Keep what is being typed in a cell when OK comes before Enter or a click elsewhere."""
    editor = table.indexWidget(table.currentIndex())
    if editor is not None:
        table.commitData(editor)


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


class InterlocutorsEditor(QWidget):
    """The people the mission met: name, position and institution, one per row."""

    HEADERS = ("Name", "Position", "Institution")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _small_table(self.HEADERS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 190)
        self.table.setColumnWidth(1, 120)
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(150)
        self.add_button = _tool_button("add", "Add an interlocutor", self.new_row)
        self.remove_button = _tool_button("delete", "Remove this interlocutor", self.remove_row)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self, person: InterlocutorFields | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (person.name, person.position, person.institution) if person else ("", "", "")
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setCurrentCell(row, 0)
        return row

    def new_row(self) -> None:
        """Add an empty row and start typing in its first cell."""
        start_typing(self.table, self.add_row())

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_people(self, people: Sequence[InterlocutorFields]) -> None:
        self.table.setRowCount(0)
        for person in people:
            self.add_row(person)
        self.table.resizeRowsToContents()

    def people(self) -> tuple[InterlocutorFields, ...]:
        """The rows typed, skipping rows left wholly empty (an Add clicked once too often)."""
        found = []
        for row in range(self.table.rowCount()):
            name, position, institution = (_text(self.table, row, c) for c in range(3))
            if name or position or institution:
                found.append(InterlocutorFields(name, position, institution))
        return tuple(found)


class KeyPointsEditor(QWidget):
    """What the mission learnt, in order, each point ticked if the statement should say it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _small_table(("Key point", "For the statement"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(240)
        self.table.itemChanged.connect(lambda _item: self.table.resizeRowsToContents())
        self.add_button = _tool_button("add", "Add a key point", self.new_row)
        self.remove_button = _tool_button("delete", "Remove this key point", self.remove_row)
        self.up_button = _tool_button("up", "Move up", lambda: self.move_row(-1))
        self.down_button = _tool_button("down", "Move down", lambda: self.move_row(1))
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _set_row(self, row: int, point: KeyPointFields) -> None:
        self.table.setItem(row, 0, QTableWidgetItem(point.text))
        flag = QTableWidgetItem()
        flag.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        flag.setCheckState(CHECKED if point.for_statement else UNCHECKED)
        self.table.setItem(row, 1, flag)

    def add_row(self, point: KeyPointFields | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._set_row(row, point or KeyPointFields(""))
        self.table.setCurrentCell(row, 0)
        return row

    def new_row(self) -> None:
        """Add an empty row and start typing in its text."""
        start_typing(self.table, self.add_row())

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        here, there = self.point(row), self.point(target)
        self._set_row(row, there)
        self._set_row(target, here)
        self.table.setCurrentCell(target, 0)
        self.table.resizeRowsToContents()

    def point(self, row: int) -> KeyPointFields:
        flag = self.table.item(row, 1)
        return KeyPointFields(
            _text(self.table, row, 0), flag is not None and flag.checkState() == CHECKED
        )

    def set_points(self, points: Sequence[KeyPointFields]) -> None:
        self.table.setRowCount(0)
        for point in points:
            self.add_row(point)
        self.table.resizeRowsToContents()

    def points(self) -> tuple[KeyPointFields, ...]:
        """The points typed; an empty row is passed on so the service can name it."""
        points = [self.point(row) for row in range(self.table.rowCount())]
        # A last row left empty is the usual "Add" clicked once too often: drop it quietly.
        while points and not points[-1].text:
            points.pop()
        return tuple(points)


class ParticipantsPicker(QWidget):
    """Mission members ticked as having taken part; the filter narrows a long list."""

    def __init__(self, members: Sequence[MemberRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter members…")
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        self.list.setMinimumHeight(120)
        self.count = QLabel()
        self.count.setObjectName("countLabel")
        for member in members:
            label = f"{member.full_name}  ·  {member.delegation}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(label))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(UNCHECKED)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self._count())
        if not members:
            self.filter.setEnabled(False)
            self.count.setText("No members yet: add them on the Delegations page.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self._count()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def _apply_filter(self, text: str) -> None:
        words = fold(text).split()
        for item in self._items():
            folded = str(item.data(Qt.ItemDataRole.UserRole + 1))
            item.setHidden(not all(word in folded for word in words))

    def _count(self) -> None:
        if self.list.count():
            self.count.setText(f"{len(self.checked_ids())} of {self.list.count()} took part")

    def set_checked(self, member_ids: Sequence[int]) -> None:
        wanted = set(member_ids)
        for item in self._items():
            item.setCheckState(
                CHECKED if item.data(Qt.ItemDataRole.UserRole) in wanted else UNCHECKED
            )

    def check(self, member_id: int, checked: bool = True) -> None:
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) == member_id:
                item.setCheckState(CHECKED if checked else UNCHECKED)

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == CHECKED
        )


class MeetingDialog(RecordDialog[MeetingFields]):
    """New, edit or duplicate a meeting; `save` writes it through the meetings service."""

    def __init__(
        self,
        title: str,
        save: Callable[[MeetingFields], object],
        members: Sequence[MemberRow],
        fields: MeetingFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self._arrange_in_two_columns()
        self.date = DateField(required=True)
        self.start = TimeField()
        self.end = TimeField()
        self.kind: ChoiceField[MeetingKind] = ChoiceField(MeetingKind)
        self.location = QLineEdit()
        self.location.setPlaceholderText("Building, city")
        self.summary = text_editor(5)
        self.participants = ParticipantsPicker(members)
        self.interlocutors = InterlocutorsEditor()
        self.key_points = KeyPointsEditor()

        self.add_field("date", "Date", self.date)
        self._add_time_row()
        self.add_field("kind", "Kind", self.kind)
        self.add_field("location", "Location", self.location)
        self.add_field("summary", "Summary", self.summary)
        self.add_field("participants", "Mission\nparticipants", self.participants)
        self._add_to(self.right, "interlocutors", "Interlocutors", self.interlocutors)
        self._add_to(self.right, "key_points", "Key points", self.key_points)
        # Mark the tables themselves when the service finds fault with them.
        self.editors["interlocutors"] = self.interlocutors.table
        self.editors["key_points"] = self.key_points.table
        self.editors["participants"] = self.participants.list
        self.resize(1120, 660)
        if fields is not None:
            self.set_fields(fields)
        else:
            # A new meeting: a row ready to type the first interlocutor into.
            self.interlocutors.add_row(InterlocutorFields(""))

    def _arrange_in_two_columns(self) -> None:
        """The base form becomes the left column; the lists go in a right one."""
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.removeItem(self.form)
        self.left = self.form
        self.right = QFormLayout()
        self.right.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(self.left, 4)
        columns.addLayout(self.right, 6)
        outer.insertLayout(0, columns, 1)

    def _add_to(self, form: QFormLayout, name: str, label: str, editor: QWidget) -> None:
        self.form = form
        try:
            self.add_field(name, label, editor)
        finally:
            self.form = self.left

    def _add_time_row(self) -> None:
        """Start and end on one line, with the end's own message below them."""
        row = QWidget()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.start)
        line.addWidget(QLabel("to"))
        line.addWidget(self.end)
        line.addStretch()
        end_error = QLabel()
        end_error.setObjectName("fieldError")
        end_error.setWordWrap(True)
        end_error.hide()
        box = QVBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(line)
        box.addWidget(end_error)
        self.add_field("start", "Time", row)
        row.setObjectName("timeRow")
        self.start.setObjectName("field_start")
        self.end.setObjectName("field_end")
        self.editors["start"] = self.start
        self.editors["end"] = self.end
        self.errors["end"] = end_error

    def adjustSize(self) -> None:  # noqa: N802 (Qt's name)
        grow_to_fit(self)

    def accept(self) -> None:
        finish_editing(self.interlocutors.table)
        finish_editing(self.key_points.table)
        super().accept()

    def set_fields(self, fields: MeetingFields) -> None:
        self.date.set_date(fields.date)
        self.start.set_time(fields.start)
        self.end.set_time(fields.end)
        self.kind.set_choice(fields.kind)
        self.location.setText(fields.location)
        self.location.setCursorPosition(0)  # a long place reads from its start
        self.summary.setPlainText(fields.summary)
        self.interlocutors.set_people(fields.interlocutors)
        self.key_points.set_points(fields.key_points)
        self.participants.set_checked(fields.participant_ids)

    def fields(self) -> MeetingFields:
        return MeetingFields(
            date=self.parse("date", self.date.date_value),
            start=self.parse("start", self.start.time_value),
            end=self.parse("end", self.end.time_value),
            location=self.location.text(),
            kind=self.kind.choice() or MeetingKind.MEETING,
            summary=self.summary.toPlainText(),
            interlocutors=self.interlocutors.people(),
            key_points=self.key_points.points(),
            participant_ids=self.participants.checked_ids(),
        )
