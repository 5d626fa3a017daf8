"""Plan the Day…: the settings of a day's plan, its preview on a list and a map, Apply.

The dialog asks for what `coordinator plan` asks for, plans in a worker thread (the
window stays responsive; the search's progress is shown and Stop ends it early with the
best plan found), and shows the plan before anything is written: each team's stops with
their times, the totals, and the stations left out and why, with every route on the map.
Apply writes it as one edit that Edit > Undo takes back.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.services.planning import settings as defaults
from coordinator.services.planning.apply import (
    AppliedPlan,
    apply_plan,
    apply_plan_again,
    take_back_plan,
)
from coordinator.services.planning.geo import UNPLANNED_COLOUR, route_colour
from coordinator.services.planning.model import DayPlan
from coordinator.services.planning.problem import DayProblem, read_day_problem
from coordinator.services.planning.settings import PlanSettings, clock, minutes_of
from coordinator.services.planning.solver import Progress
from coordinator.services.planning.summary import left_out_lines, team_line
from coordinator.services.unit import format_date
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import DateField, FieldParseError, TimeField
from coordinator.ui.map_view import MapBase, MapRoute, MapStation, MapView

STATION_ROLE = Qt.ItemDataRole.UserRole


class _Relay(QObject):
    """Carries the worker's progress and result to the window's thread (queued signals)."""

    progress = Signal(object)
    finished = Signal(object, object)  # (plan, error)


def map_of_plan(plan: DayPlan) -> tuple[list[MapStation], list[MapRoute], list[MapBase]]:
    """The plan's stations coloured by team, its routes from each base, and the bases."""
    colour_of: dict[int, str] = {}
    routes, bases = [], []
    for number, team in enumerate(plan.teams):
        colour = route_colour(number)
        points = []
        if team.team.base_point is not None and team.stops:
            points.append(team.team.base_point)
            bases.append(
                MapBase(f"Team {team.team.code}: {team.team.base}", colour, *team.team.base_point)
            )
        for stop in team.stops:
            station = plan.stations.get(stop.station_id)
            if station is not None:
                colour_of.setdefault(station.id, colour)
                points.append((station.latitude, station.longitude))
        if team.stops:
            routes.append(MapRoute(f"Team {team.team.code}", colour, points))
    stations = [
        MapStation(
            station.id,
            station.latitude,
            station.longitude,
            f"{station.label} ({station.locality})",
            colour_of.get(station.id, UNPLANNED_COLOUR),
        )
        for station in plan.stations.values()
    ]
    return stations, routes, bases


class PlanDayDialog(QDialog):
    """The settings of a day's plan, its preview (lists and map) and Apply."""

    def __init__(
        self, context: MissionContext, day: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plan the Day")
        self.setObjectName("planDayDialog")
        self.resize(1180, 760)
        self.context = context
        self.plan: DayPlan | None = None
        self.applied: AppliedPlan | None = None
        self._worker: threading.Thread | None = None
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self._show_progress)
        self._relay.finished.connect(self._planned)

        self.date = DateField(required=True)
        self.date.set_date(day)
        self.opening = self._time(defaults.DEFAULT_OPENING, "When the polls open")
        self.closing = self._time(defaults.DEFAULT_CLOSING, "When the polls close")
        self.earliest = self._time(defaults.DEFAULT_EARLIEST, "No team leaves its base earlier")
        self.visit_minutes = QSpinBox()
        self.visit_minutes.setRange(1, 600)
        self.visit_minutes.setValue(defaults.DEFAULT_VISIT_MINUTES)
        self.visit_minutes.setSuffix(" min")
        self.speed = QDoubleSpinBox()
        self.speed.setRange(0, 200)
        self.speed.setDecimals(0)
        self.speed.setValue(defaults.DEFAULT_SPEED)
        self.speed.setSuffix(" km/h")
        self.road_factor = QDoubleSpinBox()
        self.road_factor.setRange(0, 5)
        self.road_factor.setSingleStep(0.1)
        self.road_factor.setDecimals(2)
        self.road_factor.setValue(defaults.DEFAULT_ROAD_FACTOR)
        self.road_factor.setToolTip("How much longer the road is than the straight line")
        self.time_limit = QSpinBox()
        self.time_limit.setRange(1, 3600)
        self.time_limit.setValue(int(defaults.DEFAULT_TIME_LIMIT))
        self.time_limit.setSuffix(" s")
        self.time_limit.setToolTip("How long the solver searches for a better plan")
        form = QFormLayout()
        for label, editor in (
            ("&Day", self.date),
            ("Polls &open", self.opening),
            ("Polls &close", self.closing),
            ("&Leave base from", self.earliest),
            ("&Voting visit", self.visit_minutes),
            ("&Speed", self.speed),
            ("&Road factor", self.road_factor),
            ("Search &time", self.time_limit),
        ):
            form.addRow(label, editor)

        self.plan_button = QPushButton("&Plan")
        self.plan_button.setObjectName("planButton")
        self.plan_button.setDefault(True)
        self.plan_button.clicked.connect(self.start)
        self.stop_button = QPushButton("&Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self._cancel.set)
        self.status = QLabel("Choose the day and the rules, then Plan.")
        self.status.setObjectName("planStatus")
        self.status.setWordWrap(True)
        self.background = QPushButton("&Background map…")
        self.background.setToolTip("Draw the map over an offline tile file (MBTiles) of your own")
        self.background.clicked.connect(self._choose_background)
        buttons = QHBoxLayout()
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.stop_button)
        settings_column = QVBoxLayout()
        settings_column.addLayout(form)
        settings_column.addLayout(buttons)
        settings_column.addWidget(self.status)
        settings_column.addStretch(1)
        settings_column.addWidget(self.background)
        settings_panel = QWidget()
        settings_panel.setLayout(settings_column)
        settings_panel.setMaximumWidth(300)

        self.totals = QLabel()
        self.totals.setObjectName("planTotals")
        self.totals.setWordWrap(True)
        self.stops = QTreeWidget()
        self.stops.setObjectName("planStops")
        self.stops.setHeaderLabels(["Time", "Station", "Phase"])
        header = self.stops.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.stops.setColumnWidth(
            0, self.fontMetrics().horizontalAdvance("00:00–00:00") + self.stops.indentation() + 24
        )
        self.stops.setColumnWidth(
            2, self.fontMetrics().horizontalAdvance("counting (done, V0000)") + 12
        )
        self.stops.currentItemChanged.connect(self._stop_chosen)
        self.left_out = QListWidget()
        self.left_out.setObjectName("planLeftOut")
        self.left_out.setWordWrap(True)
        self.left_out.currentItemChanged.connect(self._stop_chosen)
        lists = QWidget()
        lists_column = QVBoxLayout(lists)
        lists_column.setContentsMargins(0, 0, 0, 0)
        lists_column.addWidget(self.totals)
        lists_column.addWidget(self.stops, 3)
        left_out_title = QLabel("Left out")
        left_out_title.setObjectName("sectionTitle")
        lists_column.addWidget(left_out_title)
        lists_column.addWidget(self.left_out, 1)
        self.left_out.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        self.map = MapView()
        self.map.station_clicked.connect(self.select_station)
        preview = QSplitter(Qt.Orientation.Horizontal)
        preview.addWidget(lists)
        preview.addWidget(self.map)
        preview.setSizes([480, 420])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.addButton("&Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("applyPlan")
        self.apply_button.setEnabled(False)
        self.apply_button.setAutoDefault(False)
        self.apply_button.setToolTip("Write the plan: it replaces the day's planned visits")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addWidget(settings_panel)
        body.addWidget(preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.apply_button.setEnabled(False)

    @staticmethod
    def _time(text: str, tip: str) -> TimeField:
        field = TimeField()
        field.setText(text)
        field.setToolTip(tip)
        return field

    # --- planning -----------------------------------------------------------------------

    def settings(self) -> PlanSettings:
        """The settings as typed; a UserError says what is wrong."""
        day = self.date.date_value()
        assert day is not None
        times = []
        for field, what in (
            (self.opening, "opening time"),
            (self.closing, "closing time"),
            (self.earliest, "earliest departure"),
        ):
            try:
                value = field.time_value()
            except FieldParseError as error:
                raise UserError(f"The {what}: {error}") from None
            times.append(minutes_of(f"{value:%H:%M}", what) if value is not None else None)
        opening, closing, earliest = times
        if opening is None or closing is None or earliest is None:
            raise UserError("Give the opening and closing times and when teams may leave.")
        return PlanSettings(
            day,
            opening=opening,
            closing=closing,
            visit_minutes=self.visit_minutes.value(),
            speed_kmh=self.speed.value(),
            road_factor=self.road_factor.value(),
            earliest=earliest,
            time_limit=float(self.time_limit.value()),
        )

    def start(self) -> None:
        """Read the mission and plan the day in a worker thread."""
        if self._worker is not None:
            return
        try:
            settings = self.settings()
            problem = self.context.query(read_day_problem, settings)
        except UserError as error:
            self.status.setText(str(error))
            self.status.setProperty("problem", True)
            return
        self.plan = None
        self.apply_button.setEnabled(False)
        self.plan_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self._cancel.clear()
        self.status.setText(f"Planning {format_date(settings.date)}…")
        self._worker = threading.Thread(target=self._work, args=(problem,), daemon=True)
        self._worker.start()

    def _work(self, problem: DayProblem) -> None:
        from coordinator.services.planning.day import plan_day

        try:
            plan = plan_day(
                problem, report=self._relay.progress.emit, cancelled=self._cancel.is_set
            )
        except Exception as error:  # handed to the window's thread, which reports it
            self._relay.finished.emit(None, error)
        else:
            self._relay.finished.emit(plan, None)

    def _show_progress(self, progress: Progress) -> None:
        self.status.setText(
            f"Searching: {progress.seconds:.0f} s, {progress.stations} stations, "
            f"{progress.km:.1f} km so far. Stop keeps the best plan found."
        )

    def _planned(self, plan: DayPlan | None, error: BaseException | None) -> None:
        if self._worker is not None:
            self._worker.join()
        self._worker = None
        self.plan_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        if error is not None:
            raise error
        assert plan is not None
        self.plan = plan
        self.show_plan(plan)
        self.apply_button.setEnabled(plan.new_visits > 0 or plan.replaced > 0)

    def wait(self, seconds: float = 60) -> None:
        """Wait for a plan being made (tests; closing the dialog)."""
        if self._worker is not None:
            self._worker.join(seconds)

    # --- the preview --------------------------------------------------------------------

    def show_plan(self, plan: DayPlan) -> None:
        stopped = " (stopped early: the best plan found)" if plan.cancelled else ""
        self.status.setText(f"Planned in {plan.searched_seconds:.0f} s{stopped}.")
        self.totals.setText(
            f"<b>{format_date(plan.date)}</b>: {plan.stations_covered} of {len(plan.stations)} "
            f"stations with coordinates, {plan.new_visits} new planned visits, "
            f"{plan.km:.1f} km. Nearest neighbour alone: {plan.nearest_stations} stations, "
            f"{plan.nearest_km:.1f} km."
            + (
                f" Apply replaces the day's {plan.replaced} planned visits; done and "
                "cancelled ones stay."
                if plan.replaced
                else ""
            )
        )
        self.stops.clear()
        for number, team in enumerate(plan.teams):
            head = QTreeWidgetItem([team_line(plan, team)])
            head.setToolTip(0, team_line(plan, team))
            head.setForeground(0, QBrush(QColor(route_colour(number))))
            self.stops.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for stop in team.stops:
                station = plan.stations.get(stop.station_id)
                span = clock(stop.arrival) if stop.arrival is not None else "?"
                if stop.departure is not None:
                    span += f"–{clock(stop.departure)}"
                phase = stop.phase.value + (f" (done, {stop.kept})" if stop.kept else "")
                item = QTreeWidgetItem([span, station.label if station is not None else "—", phase])
                item.setData(0, STATION_ROLE, stop.station_id)
                head.addChild(item)
            head.setExpanded(True)
        for column in (0, 2):
            self.stops.resizeColumnToContents(column)
        self.left_out.clear()
        for line in [*left_out_lines(plan)[:1], *plan.warnings]:
            if line.startswith("Left out, without coordinates"):
                self.left_out.addItem(line)
            elif line:
                self.left_out.addItem(f"Warning: {line}")
        for station_id in plan.unvisited:
            station = plan.stations[station_id]
            unvisited = QListWidgetItem(
                f"{station.label}: not visited (no time left or no team's area)"
            )
            unvisited.setData(STATION_ROLE, station_id)
            self.left_out.addItem(unvisited)
        for team in plan.teams:
            if team.not_planned:
                self.left_out.addItem(f"Team {team.team.code} not planned: {team.not_planned}.")
        self.map.show_map(*map_of_plan(plan))

    def select_station(self, station_id: int) -> None:
        """Select the station in the lists (its first stop, else its line in Left out)."""
        for top in range(self.stops.topLevelItemCount()):
            head = self.stops.topLevelItem(top)
            assert head is not None
            for child in range(head.childCount()):
                item = head.child(child)
                if item is not None and item.data(0, STATION_ROLE) == station_id:
                    self.stops.setCurrentItem(item)
                    self.stops.scrollToItem(item)
                    return
        for row in range(self.left_out.count()):
            line = self.left_out.item(row)
            if line.data(STATION_ROLE) == station_id:
                self.left_out.setCurrentItem(line)
                self.left_out.scrollToItem(line)
                return

    def _stop_chosen(self, current: object, _previous: object = None) -> None:
        station_id = None
        if isinstance(current, QTreeWidgetItem):
            station_id = current.data(0, STATION_ROLE)
        elif isinstance(current, QListWidgetItem):
            station_id = current.data(STATION_ROLE)
        if isinstance(station_id, int):
            self.map.select_station(station_id)

    def _choose_background(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Background map", str(Path.home()), "MBTiles map files (*.mbtiles)"
        )
        if chosen:
            try:
                self.map.set_tiles(Path(chosen))
            except UserError as error:
                messages.show_error(self, "Background map", str(error))

    # --- writing ------------------------------------------------------------------------

    def apply(self) -> None:
        """Write the plan as one edit that Edit > Undo takes back."""
        plan = self.plan
        if plan is None:
            return
        made: list[AppliedPlan] = []

        def do() -> None:
            if not made:
                made.append(self.context.write("visits", apply_plan, plan))
            else:
                self.context.write("visits", apply_plan_again, made[0])

        def undo() -> None:
            self.context.write("visits", take_back_plan, made[0])

        text = f"Plan {format_date(plan.date)}"
        try:
            self.context.perform(text, do, undo)
        except UserError as error:
            messages.show_error(self, text, str(error))
            return
        self.applied = made[0]
        self.accept()

    def done(self, result: int) -> None:
        self._cancel.set()  # a search still running stops; its plan is not wanted
        self.wait()
        super().done(result)
