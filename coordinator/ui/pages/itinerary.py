"""One team's itinerary for one day, under the teams list, with what clashes in it.

The day is chosen among the days the team has visits (election day is always offered,
and chosen first). Visits are listed in the order of their times; those in a conflict
(the team in two places at once, two teams at one station, a date outside the mission)
carry a warning sign and colour, the conflict's message as tooltip, and the messages are
listed under the itinerary too. Visits are added, changed and removed here through
`undo_edits`, so Edit > Undo takes them back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import VisitStatus
from coordinator.errors import UserError
from coordinator.services.mission import mission_settings
from coordinator.services.paging import Page, PageRequest
from coordinator.services.schedule import Conflict, by_visit, schedule_conflicts, team_visit_days
from coordinator.services.stations import list_stations
from coordinator.services.unit import format_date
from coordinator.services.versions import record_version
from coordinator.services.visit_lists import team_itinerary
from coordinator.services.visit_records import visit_and_station
from coordinator.services.visits import (
    VisitFields,
    VisitRow,
    create_visit,
    delete_visit,
    update_visit,
    visit_delete_impact,
)
from coordinator.ui import icons, messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.team_dialog import VisitDialog, copy_of_visit
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import Column, PagedTableModel
from coordinator.ui.undo_edits import describe, perform_create, perform_delete, perform_update

AnyIndex = QModelIndex | QPersistentModelIndex

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STATUS_KIND = {VisitStatus.DONE: "good", VisitStatus.CANCELLED: "neutral"}

# The column that carries a conflict's warning sign, and the one that takes spare width.
PLANNED_COLUMN = 0
NAME_COLUMN = 3
# Conflicts listed under the itinerary; a day planned badly enough to have more is
# summed up in one line (every row in a conflict is still marked).
MAX_LISTED = 200


@cache
def _tinted(name: str, colour: str) -> QIcon:
    tinted = QIcon()
    for size in (16, 20, 24, 32):
        pixmap = icons.icon(name).pixmap(size, size)
        painter = QPainter(pixmap)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), QColor(colour))
        painter.end()
        tinted.addPixmap(pixmap)
    return tinted


def warning_icon() -> QIcon:
    """The warning sign in the warning colour (icons are drawn in the text colour)."""
    return _tinted("warning", status_colour("warning").name())


def span(arrival: dt.time | None, departure: dt.time | None) -> str:
    """Times as an itinerary reads them: "09:30–10:15", "09:30–" or ""."""
    if arrival is None and departure is None:
        return ""
    start = f"{arrival:%H:%M}" if arrival is not None else "?"
    end = f"{departure:%H:%M}" if departure is not None else ""
    return f"{start}–{end}"


def day_text(day: dt.date, election_day: dt.date | None, visits: int) -> str:
    """ "Sunday, 17 November 2024 — election day · 6 visits"."""
    text = f"{WEEKDAYS[day.weekday()]}, {format_date(day)}"
    if day == election_day:
        text += " — election day"
    return text + f" · {visits} visit{'' if visits == 1 else 's'}"


def itinerary_columns() -> list[Column[VisitRow]]:
    return [
        Column("Planned", lambda row: span(row.planned_arrival, row.planned_departure), width=115),
        Column("Actual", lambda row: span(row.actual_arrival, row.actual_departure), width=100),
        Column("Station", lambda row: row.station_code, width=80),
        Column("Name", lambda row: row.station_name, width=230),
        Column("Locality", lambda row: row.locality, width=130),
        Column("Phase", lambda row: row.phase, width=90),
        Column(
            "Status",
            lambda row: row.status,
            foreground=lambda row: (
                status_colour(STATUS_KIND[row.status]) if row.status in STATUS_KIND else None
            ),
            width=85,
        ),
        Column("Visit", lambda row: row.ref, width=80),
    ]


class ItineraryModel(PagedTableModel[VisitRow]):
    """A team's visits of one day; rows in a conflict are marked with it."""

    def __init__(self, fetch: Any, parent: QWidget | None = None) -> None:
        super().__init__(itinerary_columns(), fetch, lambda row: row.id, parent)
        self.conflicts: dict[int, list[Conflict]] = {}

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = None
        if index.isValid() and 0 <= index.row() < self.rowCount():
            found = self.conflicts.get(self.id_at(index.row()))
        if found:
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(conflict.message for conflict in found)
            if role == Qt.ItemDataRole.BackgroundRole:
                tint = status_colour("warning")
                tint.setAlpha(38)
                return QBrush(tint)
            if index.column() == PLANNED_COLUMN:
                if role == Qt.ItemDataRole.DecorationRole:
                    return warning_icon()
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(status_colour("warning"))
        return super().data(index, role)


class ItineraryPanel(QWidget):
    """The chosen team's visits on a chosen day, and the conflicts among them."""

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.team_id: int | None = None
        self.team_code = ""
        self.day: dt.date | None = None
        self.dialog: VisitDialog | None = None
        self._rows: list[VisitRow] = []
        self._days: list[dt.date] = []  # the days offered, in the order of the day choice
        self._filling = False

        self.model = ItineraryModel(self._page, self)
        self.title = QLabel("Itinerary")
        self.title.setObjectName("sectionTitle")
        self.day_choice = QComboBox()
        self.day_choice.setObjectName("dayChoice")
        self.day_choice.setMinimumContentsLength(34)
        self.day_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        day_label = QLabel("Day")
        day_label.setBuddy(self.day_choice)
        self.plan_button = QPushButton("Plan the Day…")
        self.plan_button.setObjectName("planTheDay")
        self.plan_button.setToolTip(
            "Plan every team's opening, voting visits and counting of a day, on a map"
        )
        self.plan_button.setAutoDefault(False)
        self.plan_button.clicked.connect(self.plan_the_day)
        self.plan_dialog: QWidget | None = None

        self.visits = RecordList(self.model, "visit")
        self.visits.search.hide()
        self.visits.new_action.setText("New visit")
        self.visits.delete_action.setText("Remove")
        self.visits.table.setSortingEnabled(False)
        header = self.visits.table.horizontalHeader()
        header.setSortIndicatorShown(False)
        header.setSectionsClickable(False)  # in the order of the day, always
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel()
        self.hint.setObjectName("countLabel")
        self.hint.setWordWrap(True)
        self.hint.hide()

        self.conflicts_title = QLabel("Conflicts")
        self.conflicts_title.setObjectName("sectionTitle")
        self.conflict_list = QListWidget()
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setWordWrap(True)
        self.conflict_list.itemActivated.connect(self._go_to_conflict)
        self.conflict_list.itemClicked.connect(self._go_to_conflict)

        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(day_label)
        heading.addWidget(self.day_choice)
        heading.addWidget(self.visits.count)
        heading.addWidget(self.plan_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.visits, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.conflicts_title)
        layout.addWidget(self.conflict_list)

        self.visits.set_read_only(context.read_only)
        self.plan_button.setEnabled(not context.read_only)
        self.visits.new_requested.connect(self.new_visit)
        self.visits.edit_requested.connect(self.edit_visit)
        self.visits.duplicate_requested.connect(self.duplicate_visit)
        self.visits.delete_requested.connect(self.remove_visit)
        self.day_choice.currentIndexChanged.connect(self._day_chosen)

    # --- what is shown -------------------------------------------------------------------

    def _page(self, request: PageRequest) -> Page[VisitRow]:
        if request.offset == 0:
            self._rows = (
                self.context.query(team_itinerary, self.team_id, self.day)
                if self.team_id is not None and self.day is not None
                else []
            )
        rows = self._rows[request.offset : request.offset + request.limit]
        return Page(rows, len(self._rows), request.offset)

    def set_team(self, team_id: int | None, code: str = "") -> None:
        if team_id != self.team_id:
            self.team_id = team_id
            self.team_code = code
            self.day = None
        self.reload()

    def reload(self) -> None:
        """Read the team's days, its visits on the day shown and its conflicts again."""
        current = self.visits.current_id()
        conflicts: list[Conflict] = []
        if self.team_id is None:
            self.title.setText("Itinerary")
            self._fill_days([], None, Counter())
        else:
            self.title.setText(f"Itinerary of team {self.team_code}")
            conflicts = self.context.query(schedule_conflicts, team_id=self.team_id)
            mission = self.context.query(mission_settings)
            election_day = mission.election_date if mission is not None else None
            days = self.context.query(team_visit_days, self.team_id)
            self._fill_days(days, election_day, Counter(c.date for c in conflicts if c.date))
        self.model.conflicts = by_visit(c for c in conflicts if c.date == self.day)
        self.model.reload()
        if current is not None:
            self.visits.select(current)
        self._show_conflicts(conflicts)
        self._show_hint()

    def _fill_days(
        self, days: list[tuple[dt.date, int]], election_day: dt.date | None, clashes: Counter[Any]
    ) -> None:
        counts = dict(days)
        if election_day is not None:
            counts.setdefault(election_day, 0)
        if self.day is None or self.day not in counts:
            if election_day is not None:
                self.day = election_day
            else:
                self.day = min(counts) if counts else None
        self._days = sorted(counts)
        self._filling = True
        try:
            self.day_choice.clear()
            for number, day in enumerate(self._days):
                self.day_choice.addItem(day_text(day, election_day, counts[day]))
                if clashes[day]:
                    self.day_choice.setItemIcon(number, warning_icon())
                    self.day_choice.setItemData(
                        number,
                        f"{clashes[day]} conflict{'s' if clashes[day] > 1 else ''} on this day",
                        Qt.ItemDataRole.ToolTipRole,
                    )
            if self.day is not None:
                self.day_choice.setCurrentIndex(self._days.index(self.day))
        finally:
            self._filling = False
        self.day_choice.setEnabled(bool(counts))

    def _day_chosen(self, index: int) -> None:
        if not self._filling and 0 <= index < len(self._days):
            self.show_day(self._days[index])

    def show_day(self, day: dt.date | None) -> None:
        if day != self.day:
            self.day = day
            self.reload()

    def _show_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflict_list.clear()
        shown = [c for c in conflicts if c.date is None or c.date == self.day]
        for conflict in shown[:MAX_LISTED]:
            item = QListWidgetItem(warning_icon(), conflict.message)
            item.setData(
                Qt.ItemDataRole.UserRole, conflict.visit_ids[0] if conflict.visit_ids else 0
            )
            self.conflict_list.addItem(item)
        notes = []
        if len(shown) > MAX_LISTED:
            notes.append(f"… and {len(shown) - MAX_LISTED} more on this day.")
        elsewhere = sorted({c.date for c in conflicts if c.date is not None and c.date != self.day})
        if elsewhere:
            count = sum(1 for c in conflicts if c.date in elsewhere)
            days = ", ".join(format_date(day) for day in elsewhere)
            notes.append(f"{count} more on other days: {days}.")
        for note in notes:
            item = QListWidgetItem(note)
            item.setForeground(status_colour("neutral"))
            item.setData(Qt.ItemDataRole.UserRole, 0)
            self.conflict_list.addItem(item)
        if self.team_id is None:
            self.conflicts_title.setText("Conflicts")
        elif shown:
            self.conflicts_title.setText(f"Conflicts ({len(shown)})")
        else:
            self.conflicts_title.setText("No conflicts on this day")
        # As tall as its lines, up to six; the itinerary keeps the rest.
        lines = sum(self.conflict_list.sizeHintForRow(n) for n in range(self.conflict_list.count()))
        self.conflict_list.setFixedHeight(
            min(lines, self.fontMetrics().lineSpacing() * 6)
            + 2 * self.conflict_list.frameWidth()
            + 4
        )
        self.conflict_list.setVisible(self.conflict_list.count() > 0)

    def _show_hint(self) -> None:
        if self.team_id is None:
            text = "Choose a team above to see its itinerary."
        elif self.model.rowCount() == 0:
            text = (
                f"Team {self.team_code} has no visits on this day yet: add one with "
                "New visit (Ctrl+N)."
            )
        else:
            text = ""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def conflict_messages(self) -> list[str]:
        return [self.conflict_list.item(n).text() for n in range(self.conflict_list.count())]

    def _go_to_conflict(self, item: QListWidgetItem) -> None:
        visit_id = item.data(Qt.ItemDataRole.UserRole)
        if visit_id:
            self.visits.select(visit_id)

    def plan_the_day(self) -> None:
        """Open Plan the Day on the day shown (election day when none is)."""
        from coordinator.ui.plan_dialog import PlanDayDialog

        mission = self.context.query(mission_settings)
        day = self.day or (mission and mission.election_date) or dt.date.today()
        dialog = PlanDayDialog(self.context, day, parent=self)
        dialog.finished.connect(dialog.deleteLater)
        self.plan_dialog = dialog
        dialog.open()

    # --- visits ------------------------------------------------------------------------------

    def _find_stations(self, request: PageRequest) -> list[Any]:
        return self.context.query(list_stations, request).rows

    def _open(self, dialog: VisitDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._show_visit(dialog.saved))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _create(self, fields: VisitFields) -> int:
        return perform_create(
            self.context,
            f"New visit of team {self.team_code}",
            "visits",
            lambda session: create_visit(session, fields),
            kind="visit",
            delete=delete_visit,
        )

    def new_visit(self) -> None:
        if self.team_id is None:
            return
        fields = VisitFields(None, self.team_id, None, self.day or dt.date.today())
        self._open(
            VisitDialog(
                f"New visit of team {self.team_code}",
                self._create,
                fields,
                "",
                self._find_stations,
                parent=self,
            )
        )

    def _stored(self, visit_id: int) -> tuple[VisitFields, str]:
        return self.context.query(visit_and_station, visit_id)

    def duplicate_visit(self, visit_id: int) -> None:
        fields, station = self._stored(visit_id)
        self._open(
            VisitDialog(
                f"New visit of team {self.team_code} (copy of {fields.ref})",
                self._create,
                copy_of_visit(fields),
                station,
                self._find_stations,
                parent=self,
            )
        )

    def edit_visit(self, visit_id: int) -> None:
        old, station = self._stored(visit_id)

        def save(fields: VisitFields) -> int:
            perform_update(
                self.context,
                f"Edit visit {old.ref}",
                "visits",
                lambda session: update_visit(session, visit_id, fields, read=old),
                lambda session: update_visit(session, visit_id, old),
            )
            return visit_id

        self._open(
            VisitDialog(
                f"Visit {old.ref} of team {self.team_code}",
                save,
                old,
                station,
                self._find_stations,
                read_only=self.context.read_only,
                parent=self,
            )
        )
        # Refused because someone else saved it meanwhile: Reload opens it again.
        if self.dialog is not None:
            self.dialog.reload_record = lambda: self.edit_visit(visit_id)

    def _show_visit(self, visit_id: object) -> None:
        """After a save: show the visit's day (it may have moved) and select it."""
        if not isinstance(visit_id, int):
            return
        fields, _station = self._stored(visit_id)
        if fields.team_id == self.team_id:
            self.show_day(fields.date)
            self.reload()
            self.visits.select(visit_id)

    def remove_visit(self, visit_id: int) -> None:
        fields, station = self._stored(visit_id)
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "visit", visit_id)
        impact = self.context.query(visit_delete_impact, visit_id)
        when = span(fields.planned_arrival, fields.planned_departure)
        question = (
            f"Remove visit {fields.ref} ({station}{', ' + when if when else ''}) from the "
            f"itinerary of team {self.team_code}?"
        )
        goes = [
            f"{count} {noun}{'' if count == 1 else 's'}"
            for noun, count in (
                ("checklist answer", impact["answers"]),
                ("incident", impact["incidents"]),
            )
            if count
        ]
        if goes:
            question += f"\n\nIts {' and '.join(goes)} go with it."
        question += "\n\nEdit > Undo can bring it back."
        if not messages.confirm(self, "Remove visit", question, action="Remove"):
            return
        text = f"Remove visit {fields.ref}"
        try:
            perform_delete(
                self.context,
                text,
                "visits",
                "visit",
                visit_id,
                delete=delete_visit,
                expected_version=version,
            )
        except UserError as error:
            messages.show_error(self, text, describe(error))
