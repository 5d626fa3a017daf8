"""The two forms of the Teams & Schedule page: a team with its members, and one visit.

The team form lists the mission's members to tick; someone already in another team is
shown with that team, and the page asks before moving them. The visit form finds its
station by typing (a mission may have 100,000 stations). Both only turn what was typed
into what the services take, and show the services' messages beside the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import MemberRole, Phase, VisitStatus
from coordinator.db.text import fold
from coordinator.services.errors import FieldProblem
from coordinator.services.paging import PageRequest
from coordinator.services.stations import StationRow
from coordinator.services.teams import NOT_OBSERVERS, TeamFields
from coordinator.services.visits import VisitFields
from coordinator.ui.forms import (
    ChoiceField,
    DateField,
    DecimalField,
    FieldParseError,
    RecordDialog,
    TimeField,
)
from coordinator.ui.forms import text_editor as notes_editor
from coordinator.ui.pages.visit_form import StationChooser
from coordinator.ui.style import status_colour


@dataclass(frozen=True)
class MemberChoice:
    """A member as the team form offers them: who, from where, and their team now."""

    id: int
    full_name: str
    delegation: str
    role: MemberRole
    team_id: int | None
    team: str

    @property
    def observes(self) -> bool:
        return self.role not in NOT_OBSERVERS


@dataclass(frozen=True)
class TeamPlan:
    """What the team form saves: the team's own fields and who is in it."""

    fields: TeamFields
    member_ids: tuple[int, ...]


def copy_of_team(fields: TeamFields) -> TeamFields:
    """A new team like this one; its code must be new, and nobody comes with it."""
    return replace(fields, code="")


def copy_of_visit(fields: VisitFields) -> VisitFields:
    """A new visit like this one, planned: what was seen at the original stays with it."""
    return VisitFields(
        None,
        fields.team_id,
        fields.station_id,
        fields.date,
        fields.phase,
        fields.planned_arrival,
        fields.planned_departure,
    )


def _line(text: str = "", placeholder: str = "", width: int | None = None) -> QLineEdit:
    editor = QLineEdit(text)
    editor.setPlaceholderText(placeholder)
    if width is not None:
        editor.setMaximumWidth(width)
    return editor


class MemberPicker(QWidget):
    """The mission's members to tick, found by typing part of a name or delegation."""

    def __init__(
        self,
        members: Sequence[MemberChoice],
        chosen: set[int],
        team_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.members = {member.id: member for member in members}
        self.search_box = _line(placeholder="Find a member by name or delegation…")
        self.search_box.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("memberList")
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.summary = QLabel()
        self.summary.setObjectName("countLabel")

        def order(member: MemberChoice) -> tuple[int, str]:
            # Those chosen first, then the free, then those in other teams.
            elsewhere = member.team_id is not None and member.team_id != team_id
            group = 0 if member.id in chosen else 2 if elsewhere else 1
            return group, member.full_name.casefold()

        for member in sorted(members, key=order):
            text = f"{member.full_name} — {member.delegation}"
            if not member.observes:
                text += f" · {member.role.label.lower()}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = member.id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if member.team_id is not None and member.team_id != team_id:
                item.setText(f"{text} · in team {member.team}")
                item.setForeground(status_colour("warning"))
                item.setToolTip(
                    f"{member.full_name} is in team {member.team} now: ticking them moves "
                    "them to this team (you will be asked)."
                )
            self.list.addItem(item)
        if not members:
            self.summary.setText("No members in the mission yet: add them on the Delegations page.")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search_box)
        layout.addWidget(self.list)
        layout.addWidget(self.summary)
        self.search_box.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _item: self._summarise())
        if members:
            self._summarise()

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        for number in range(self.list.count()):
            item = self.list.item(number)
            shown = fold(item.text())
            item.setHidden(not all(word in shown for word in words))

    def item_of(self, member_id: int) -> QListWidgetItem | None:
        for number in range(self.list.count()):
            item = self.list.item(number)
            if item.data(Qt.ItemDataRole.UserRole) == member_id:
                return item
        return None

    def set_checked(self, member_id: int, checked: bool = True) -> None:
        item = self.item_of(member_id)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(
            self.list.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.list.count())
            if self.list.item(n).checkState() == Qt.CheckState.Checked
        )

    def _summarise(self) -> None:
        chosen = [self.members[member_id] for member_id in self.checked_ids()]
        observers = sum(1 for member in chosen if member.observes)
        others = len(chosen) - observers
        text = f"{observers} observer{'' if observers == 1 else 's'}"
        if others:
            text += f" and {others} other member{'' if others == 1 else 's'}"
        text += " chosen."
        if not observers:
            text += " A team needs at least one observer."
        self.summary.setText(text)


class TeamDialog(RecordDialog[TeamPlan]):
    """Code, members, interpreter and driver with their phones, vehicle, area and notes."""

    def __init__(
        self,
        title: str,
        save: Callable[[TeamPlan], object],
        fields: TeamFields,
        members: Sequence[MemberChoice],
        chosen: set[int],
        *,
        team_id: int | None = None,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.setMinimumWidth(640)
        self.code = _line(fields.code, "T1", 120)
        self.members = MemberPicker(members, chosen, team_id)
        self.interpreter = _line(fields.interpreter, "Full name")
        self.interpreter_phone = _line(fields.interpreter_phone, "Phone", 190)
        self.driver = _line(fields.driver, "Full name")
        self.driver_phone = _line(fields.driver_phone, "Phone", 190)
        for phone in (self.interpreter_phone, self.driver_phone):
            # Room for an international number with its spaces, and a little more.
            phone.setMinimumWidth(phone.fontMetrics().horizontalAdvance("+000 000 000 00 00") + 16)
        self.vehicle = _line(
            fields.vehicle, "Make, colour and plate: Toyota Land Cruiser 01 KG 123"
        )
        self.area = _line(fields.area, "Localities separated by ;  Bishkek; Kant; Tokmok")
        self.area.setToolTip(
            "Plan the Day keeps the team to stations in these localities (empty: anywhere)"
        )
        self.base = _line(fields.base, "Where the team leaves from: Hyatt Regency, Bishkek")
        self.base_latitude = DecimalField()
        self.base_longitude = DecimalField()
        for coordinate, example, number in (
            (self.base_latitude, "Latitude, e.g. 42.8746", fields.base_latitude),
            (self.base_longitude, "Longitude, e.g. 74.5698", fields.base_longitude),
        ):
            coordinate.setPlaceholderText(example)
            coordinate.setMinimumWidth(coordinate.fontMetrics().horizontalAdvance(example) + 16)
            coordinate.set_number(number)
        self.notes = notes_editor(3)
        self.notes.setPlainText(fields.notes)

        self.add_field("code", "Code", self.code)
        self.add_field("members", "Members", self.members)
        self._add_pair("Interpreter", ("interpreter", self.interpreter), self.interpreter_phone)
        self._add_pair("Driver", ("driver", self.driver), self.driver_phone)
        self.add_field("vehicle", "Vehicle", self.vehicle)
        self.add_field("area", "Area", self.area)
        self._add_row(
            "Base",
            (
                ("base", self.base),
                ("base_latitude", self.base_latitude),
                ("base_longitude", self.base_longitude),
            ),
        )
        self.add_field("notes", "Notes", self.notes)
        if read_only:
            for editor in (self.code, self.interpreter, self.interpreter_phone, self.driver):
                editor.setReadOnly(True)
            for editor in (self.driver_phone, self.vehicle, self.area, self.base):
                editor.setReadOnly(True)
            self.base_latitude.setReadOnly(True)
            self.base_longitude.setReadOnly(True)
            self.notes.setReadOnly(True)
            self.members.list.setEnabled(False)
            self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.code.setFocus()
        self._member_problems: list[FieldProblem] = []
        self.members.list.itemChanged.connect(lambda _item: self._recheck_members())

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self._member_problems = [p for p in problems if p.field == "members"]
        super().show_problems(problems)

    def _recheck_members(self) -> None:
        """A member unticked takes their message ("already in team T1") with them."""
        if not self._member_problems:
            return
        ticked = set(self.members.checked_ids())
        unticked = [m.full_name for m in self.members.members.values() if m.id not in ticked]
        left = [
            problem
            for problem in self._member_problems
            if not any(problem.message.startswith(f"{name} ") for name in unticked)
        ]
        if len(left) == len(self._member_problems):
            return
        self._member_problems = left
        label = self.errors["members"]
        label.setText("\n".join(problem.message for problem in left))
        label.setVisible(bool(left))
        if not left and self.members.property("invalid"):
            self.members.setProperty("invalid", False)
            self.members.style().unpolish(self.members)
            self.members.style().polish(self.members)

    def _add_pair(self, label: str, name: tuple[str, QLineEdit], phone: QLineEdit) -> None:
        """A person's name and phone on one row, each with room for its message."""
        field, editor = name
        self._add_row(label, ((field, editor), (f"{field}_phone", phone)))

    def _add_row(self, label: str, editors: Sequence[tuple[str, QLineEdit]]) -> None:
        """Editors on one row, the first taking the spare width, each with its message."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for number, (key, widget) in enumerate(editors):
            column = QVBoxLayout()
            column.setSpacing(2)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            column.addWidget(widget)
            column.addWidget(error)
            line.addLayout(column, 0 if number else 1)
            widget.setObjectName(f"field_{key}")
            self.editors[key] = widget
            self.errors[key] = error
        self.form.addRow(label, row)

    def fields(self) -> TeamPlan:
        return TeamPlan(
            TeamFields(
                code=self.code.text(),
                interpreter=self.interpreter.text(),
                interpreter_phone=self.interpreter_phone.text(),
                driver=self.driver.text(),
                driver_phone=self.driver_phone.text(),
                vehicle=self.vehicle.text(),
                area=self.area.text(),
                notes=self.notes.toPlainText(),
                base=self.base.text(),
                base_latitude=self.parse("base_latitude", self.base_latitude.number_value),
                base_longitude=self.parse("base_longitude", self.base_longitude.number_value),
            ),
            self.members.checked_ids(),
        )


# A visit's fields that the Visits & Findings page edits, not the itinerary's form.
OBSERVED_FIELDS = frozenset(
    {"overall", "actual_arrival", "actual_departure", "voters_voted", "notes"}
)


class VisitDialog(RecordDialog[VisitFields]):
    """Station, date, phase, planned times and status of one visit of a team.

    What the team saw (actual times, voters, assessment, notes) is kept as it is; the
    Visits & Findings page edits it.
    """

    def __init__(
        self,
        title: str,
        save: Callable[[VisitFields], object],
        fields: VisitFields,
        station: str,
        find_stations: Callable[[PageRequest], list[StationRow]],
        *,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.setMinimumWidth(520)
        self._base = fields
        self.station = StationChooser(find_stations)
        self.station.set_station(fields.station_id, station)
        self.date = DateField(required=True)
        self.date.set_date(fields.date)
        self.phase: ChoiceField[Phase] = ChoiceField(Phase)
        self.phase.set_choice(fields.phase)
        self.planned_arrival = TimeField()
        self.planned_arrival.set_time(fields.planned_arrival)
        self.planned_departure = TimeField()
        self.planned_departure.set_time(fields.planned_departure)
        self.status: ChoiceField[VisitStatus] = ChoiceField(VisitStatus)
        self.status.set_choice(fields.status)

        self.add_field("station", "Polling station", self.station)
        self.add_field("date", "Date", self.date)
        self.add_field("phase", "Phase", self.phase)
        self.add_field("planned_arrival", "Planned arrival", self.planned_arrival)
        self.add_field("planned_departure", "Planned departure", self.planned_departure)
        self.add_field("status", "Status", self.status)
        if read_only:
            for widget in (self.station, self.planned_arrival, self.planned_departure):
                widget.setReadOnly(True)
            for other in (self.date, self.phase, self.status):
                other.setEnabled(False)
            self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.station.setFocus()

    def show_problems(self, problems: list[FieldProblem]) -> None:
        # What the team saw is not in this form: say where it is changed.
        super().show_problems(
            [
                FieldProblem("", f"On the Visits & Findings page: {p.message}")
                if p.field in OBSERVED_FIELDS
                else p
                for p in problems
            ]
        )

    def _station_id(self) -> int | None:
        if self.station.station_id is None and self.station.text().strip():
            raise FieldParseError("Pick the polling station from the list as you type.")
        return self.station.station_id

    def fields(self) -> VisitFields:
        values: dict[str, Any] = {
            "station_id": self.parse("station", self._station_id),
            "date": self.date.date_value(),
            # Qt hands a StrEnum back as its text value; the service wants the member.
            "phase": Phase(self.phase.choice() or self._base.phase),
            "planned_arrival": self.parse("planned_arrival", self.planned_arrival.time_value),
            "planned_departure": self.parse("planned_departure", self.planned_departure.time_value),
            "status": VisitStatus(self.status.choice() or self._base.status),
        }
        return replace(self._base, **values)
