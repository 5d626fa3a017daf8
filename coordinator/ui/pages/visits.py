"""The Visits & Findings page: every visit in a list, and the selected one in a form beside it.

The list reads its rows a page at a time from the visits service (200,000 visits open at
once), filtered by team, phase, status and day and searched in SQL. The form beside it
holds the visit's fields, its checklist and its incidents; what is typed is saved with
Save (Ctrl+S), and also when the coordinator moves to another visit or leaves the page,
so nothing typed is lost. A save the services refuse keeps the form as typed, with each
message beside its field or question, and the list stays on that visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from coordinator.db.enums import Assessment, Phase, VisitStatus
from coordinator.errors import UserError
from coordinator.services.mission import mission_dates, mission_settings
from coordinator.services.paging import Page as ServicePage
from coordinator.services.paging import PageRequest
from coordinator.services.teams import list_teams
from coordinator.services.versions import record_version
from coordinator.services.visit_lists import list_visits, next_visit_of_team, team_itinerary
from coordinator.services.visits import VisitFields, VisitRow, delete_visit, visit_delete_impact
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.base import Page
from coordinator.ui.pages.visit_panel import VisitPanel
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import Column, PagedTableModel
from coordinator.ui.undo_edits import perform_delete

STATUS_KIND = {
    VisitStatus.PLANNED: "neutral",
    VisitStatus.DONE: "good",
    VisitStatus.CANCELLED: "warning",
}
OVERALL_KIND = {
    Assessment.VERY_GOOD: "good",
    Assessment.GOOD: "good",
    Assessment.BAD: "bad",
    Assessment.VERY_BAD: "bad",
}


def span(start: dt.time | None, end: dt.time | None) -> str:
    """Two times as one cell: "09:00–09:40", "09:00–", "" when neither is known."""
    if start is None and end is None:
        return ""
    return "–".join(t.strftime("%H:%M") if t is not None else "" for t in (start, end))


# English whatever the system's locale, like the rest of the window.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
COL_DATE = 1
# How far down the list to read to select a visit shown from elsewhere (ten pages).
FOLLOW_LIMIT = 2000
# Locality and Status come before the times: at 1366 pixels (the commonest laptop) the
# list shows its first six columns beside the visit.
VISIT_COLUMNS: list[Column[VisitRow]] = [
    Column("Ref", lambda row: row.ref, sort_key="ref", width=52),
    Column("Date", lambda row: row.date, sort_key="date", width=82),
    Column("Team", lambda row: row.team, sort_key="team", width=46),
    Column(
        "Station",
        lambda row: f"{row.station_code} {row.station_name}".strip(),
        sort_key="station",
        width=150,
        tooltip=lambda row: f"{row.station_code} {row.station_name}, {row.locality}",
    ),
    Column("Locality", lambda row: row.locality, sort_key="locality", width=84),
    Column(
        "Status",
        lambda row: row.status,
        sort_key="status",
        width=78,
        foreground=lambda row: status_colour(STATUS_KIND[row.status]),
    ),
    Column("Phase", lambda row: row.phase, sort_key="phase", width=78),
    Column(
        "Planned",
        lambda row: span(row.planned_arrival, row.planned_departure),
        sort_key="planned_arrival",
        width=92,
    ),
    Column(
        "Actual",
        lambda row: span(row.actual_arrival, row.actual_departure),
        sort_key="actual_arrival",
        width=92,
    ),
    Column(
        "Overall",
        lambda row: row.overall,
        sort_key="overall",
        width=78,
        foreground=lambda row: status_colour(OVERALL_KIND[row.overall]) if row.overall else None,
    ),
    Column("Answers", lambda row: row.answers, align_right=True, width=64),
]


def and_its(impact: dict[str, int]) -> str:
    """ " and its 17 answers and 1 incident" for a delete confirmation ("" when nothing)."""
    parts = [
        f"{count} {noun if count == 1 else noun + 's'}"
        for noun, count in (
            ("answer", impact.get("answers", 0)),
            ("incident", impact.get("incidents", 0)),
        )
        if count
    ]
    return f" and its {' and '.join(parts)}" if parts else ""


class VisitsPage(Page):
    """Visits, their checklists and incidents."""

    title = "Visits & Findings"
    icon_name = "visits"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._following = False  # moving the list's selection ourselves
        self._teams_stale = True
        self._shown = False  # nothing is read before the page is first shown
        self.model: PagedTableModel[VisitRow] = PagedTableModel(
            VISIT_COLUMNS, fetch=self._fetch, row_id=lambda row: row.id, parent=self
        )
        self.list = RecordList(self.model, "visit")
        self.list.table.setObjectName("visitTable")
        self.list.table.sortByColumn(COL_DATE, Qt.SortOrder.AscendingOrder)
        # The list's keys (Ctrl+F, Ctrl+N, Ctrl+D) work anywhere on the page, form included.
        for action in self.list.actions():
            self.addAction(action)

        self.team_filter = QComboBox()
        self.team_filter.setObjectName("teamFilter")
        self.phase_filter = self._vocabulary_filter("All phases", Phase)
        self.status_filter = self._vocabulary_filter("All statuses", VisitStatus)
        self.date_filter = QComboBox()
        self.date_filter.setObjectName("dateFilter")
        self.team_filter.currentIndexChanged.connect(
            lambda: self._filter("team_id", self.team_filter.currentData())
        )
        self.phase_filter.currentIndexChanged.connect(
            lambda: self._filter("phase", self.phase_filter.currentData())
        )
        self.status_filter.currentIndexChanged.connect(
            lambda: self._filter("status", self.status_filter.currentData())
        )
        self.date_filter.currentIndexChanged.connect(
            lambda: self._filter("date", self.date_filter.currentData())
        )
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for combo in (self.team_filter, self.phase_filter, self.status_filter, self.date_filter):
            filters.addWidget(combo, 1)

        self.panel = VisitPanel(context)
        self.panel.saved.connect(self._after_save)
        self.panel.next_requested.connect(self.next_visit_of_team)
        self.panel.discarded.connect(self._after_discard)
        self.addAction(self.panel.save_action)
        self.addAction(self.panel.next_action)

        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(filters)
        left_column.addWidget(self.list, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([530, 590])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.splitter, 1)

        self.model.modelReset.connect(lambda: self._follow(self.panel.visit_id))
        self.list.current_changed.connect(self._on_current)
        self.list.new_requested.connect(self.new_visit)
        self.list.edit_requested.connect(self._edit)
        self.list.duplicate_requested.connect(self.duplicate_visit)
        self.list.delete_requested.connect(self.delete_visit)
        self.list.set_read_only(context.read_only)

    @staticmethod
    def _vocabulary_filter(
        everything: str, vocabulary: type[Phase] | type[VisitStatus]
    ) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"{vocabulary.__name__.lower()}Filter")
        combo.addItem(everything, None)
        for member in vocabulary:
            combo.addItem(member.label, member.value)
        return combo

    # --- reading --------------------------------------------------------------------------

    def _fetch(self, request: PageRequest) -> ServicePage[VisitRow]:
        if not self._shown:
            return ServicePage([], 0, 0)
        return self.context.query(list_visits, request)

    def on_changed(self, what: str) -> None:
        if what in ("teams", "mission", "*"):
            self._teams_stale = True  # the teams and the mission's days to filter by
        if what not in ("visits", "incidents", "answers", "teams", "stations"):
            self.panel.forget_checklist()
        if self.panel.saving:
            return  # the panel says what to show again once its save is done
        if what == "incidents" and self.isVisible():
            self.panel.refresh()  # the list shows no incidents: it stays as it is
            return
        super().on_changed(what)

    def reload(self) -> None:
        first_time = not self._shown
        self._shown = True
        if self._teams_stale:
            self._teams_stale = False
            self._load_teams()
            self._load_days()
        self.model.reload()  # the list follows the form's visit on every reset
        self.panel.refresh()
        if first_time and self.panel.visit_id is None and self.model.rowCount():
            # Shown for the first time: the first visit, as every page shows its first row.
            self.panel.show_visit(self.model.id_at(0))
            self._follow(self.model.id_at(0))

    def _load_teams(self) -> None:
        teams = self.context.query(list_teams)
        chosen = self.team_filter.currentData()
        self.team_filter.blockSignals(True)
        self.team_filter.clear()
        self.team_filter.addItem("All teams", None)
        for team in teams:
            self.team_filter.addItem(f"Team {team.code}", team.id)
        index = self.team_filter.findData(chosen)
        self.team_filter.setCurrentIndex(max(index, 0))
        self.team_filter.blockSignals(False)
        if index < 0 and chosen is not None:
            self.model.set_filter("team_id", None)
        self.panel.form.set_teams(teams)

    def _load_days(self) -> None:
        """The days a visit may fall on: the mission's, or the fortnight before election day."""
        start, end = self.context.query(mission_dates)
        mission = self.context.query(mission_settings)
        election = mission.election_date if mission is not None else None
        if start is None or end is None or not 0 <= (end - start).days <= 120:
            around = election or dt.date.today()
            start, end = around - dt.timedelta(days=14), around + dt.timedelta(days=3)
        chosen = self.date_filter.currentData()
        self.date_filter.blockSignals(True)
        self.date_filter.clear()
        self.date_filter.addItem("Any day", None)
        for offset in range((end - start).days + 1):
            day = start + dt.timedelta(days=offset)
            label = f"{WEEKDAYS[day.weekday()]} {day.strftime('%d.%m.%Y')}"
            label += " (election day)" if day == election else ""
            self.date_filter.addItem(label, day)
        self.date_filter.setCurrentIndex(max(self.date_filter.findData(chosen), 0))
        self.date_filter.blockSignals(False)
        self.panel.election_day = election

    def _filter(self, name: str, value: object) -> None:
        self.model.set_filter(name, value)

    # --- following the list -----------------------------------------------------------------

    def _follow(self, visit_id: int | None, *, look_further: bool = False) -> None:
        """Select `visit_id` in the list (or nothing) without the selection acting on the form.

        Only the rows already read are searched, unless `look_further`: after a sort the
        visit may be row 150,000, and reading that far on every reload would stall.
        """
        limit = FOLLOW_LIMIT if look_further else self.model.rowCount()
        number = self.model.row_of_id(visit_id, load_up_to=limit) if visit_id else None
        selection = self.list.table.selectionModel()
        self._following = True
        try:
            if number is None:
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
            else:
                index = self.model.index(number, 0)
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.list.table.scrollTo(index)
        finally:
            self._following = False

    def _on_current(self, visit_id: int) -> None:
        if self._following or not visit_id or visit_id == self.panel.visit_id:
            return
        if not self.panel.save():
            self._follow(self.panel.visit_id)  # stay on the visit whose save was refused
            return
        self.panel.show_visit(visit_id)

    def _edit(self, visit_id: int) -> None:
        self._on_current(visit_id)
        if self.panel.visit_id == visit_id:
            self.panel.focus_form()

    def select_record(self, record_id: int) -> None:
        self.activate()
        if self.panel.save():
            self.panel.show_visit(record_id)
            self._follow(record_id, look_further=True)

    def _after_save(self, visit_id: int, created: bool) -> None:
        record = self.panel.record
        if created or record is None or record.fields.team_id is None or not record.fields.date:
            self.model.reload()
            self._follow(visit_id, look_further=True)
            return
        # An edit changes one row: repaint it rather than read 200,000 visits again.
        itinerary = self.context.query(team_itinerary, record.fields.team_id, record.fields.date)
        fresh = next((row for row in itinerary if row.id == visit_id), None)
        if fresh is not None:
            self.model.refresh_row(visit_id, fresh)

    def _after_discard(self) -> None:
        self._follow(self.panel.visit_id)

    # --- new, duplicate, delete, next ------------------------------------------------------

    def new_visit(self) -> None:
        if self.context.read_only or not self.panel.save():
            return
        shown = self.panel.record.fields if self.panel.record is not None else None
        team = self.team_filter.currentData() or (shown.team_id if shown else None)
        day = self.date_filter.currentData() or (shown.date if shown else None)
        phase = self.phase_filter.currentData()
        fields = VisitFields(
            ref=None,
            team_id=team,
            station_id=None,
            date=day or self.panel.election_day or dt.date.today(),
            phase=Phase(phase) if phase else (shown.phase if shown else Phase.VOTING),
        )
        self.panel.start_new(fields, "", modified=False)
        self._follow(None)

    def duplicate_visit(self, visit_id: int) -> None:
        if self.context.read_only or not self.panel.save():
            return
        if visit_id != self.panel.visit_id:
            self.panel.show_visit(visit_id)
        record = self.panel.record
        if record is None:
            return
        copy = replace(
            record.fields,
            ref=None,
            status=VisitStatus.PLANNED,
            actual_arrival=None,
            actual_departure=None,
            voters_voted=None,
            overall=None,
            notes="",
        )
        self.panel.start_new(copy, record.station, modified=True, note=f"copy of {record.ref}")
        self._follow(None)

    def delete_visit(self, visit_id: int) -> None:
        if self.context.read_only:
            return
        number = self.model.row_of_id(visit_id, load_up_to=self.model.rowCount())
        row = self.model.row(number) if number is not None else None
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "visit", visit_id)
        impact = self.context.query(visit_delete_impact, visit_id)
        ref = row.ref if row is not None else f"#{visit_id}"
        where = (
            f" (team {row.team} at {row.station_code} {row.station_name}, "
            f"{row.date.strftime('%d.%m.%Y')})"
            if row is not None
            else ""
        )
        question = f"Delete visit {ref}{where}{and_its(impact)}?"
        if not messages.confirm(self, "Delete visit", question):
            return
        try:
            deleted = perform_delete(
                self.context,
                f"Delete visit {ref}",
                "visits",
                "visit",
                visit_id,
                delete=delete_visit,
                expected_version=version,
            )
        except UserError as error:
            messages.show_error(self, "Delete visit", str(error))
            return
        if not deleted:
            return
        if self.panel.visit_id == visit_id:
            self.panel.show_nothing()

    def next_visit_of_team(self) -> None:
        """Save, then show the visit the same team makes next that day."""
        record = self.panel.record
        if record is None or not self.panel.save():
            return
        following = self.context.query(next_visit_of_team, record.id)
        if following is None:
            self.panel.tell(
                f"Visit {record.ref} is team {record.team}'s last visit on "
                f"{record.fields.date.strftime('%d.%m.%Y') if record.fields.date else 'that day'}."
            )
            return
        self.panel.show_visit(following.id)
        self._follow(following.id, look_further=True)

    # --- leaving -------------------------------------------------------------------------

    def commit_pending(self) -> None:
        if (unsaved := self.save_pending()) is not None:
            messages.show_error(
                self,
                "Visit not saved",
                f"{unsaved} What you typed is still in its form on the Visits & Findings page.",
            )

    def save_pending(self) -> str | None:
        if self.panel.save(quiet=True) or not self.panel.problems:
            return None
        problems = " ".join(p.message for p in self.panel.problems)
        return f"The visit you were editing was not saved: {problems}"
