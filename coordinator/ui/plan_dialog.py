"""Plan the Day…: the settings of a day's plan, its preview (`plan_preview`), Apply.

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

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
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
from coordinator.services.planning.model import DayPlan
from coordinator.services.planning.problem import DayProblem, read_day_problem
from coordinator.services.planning.settings import PlanSettings, minutes_of
from coordinator.services.planning.solver import Progress
from coordinator.services.unit import format_date
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import DateField, FieldParseError, TimeField
from coordinator.ui.plan_preview import PlanPreview


class _Relay(QObject):
    """Carries the worker's progress and result to the window's thread (queued signals)."""

    progress = Signal(object)
    finished = Signal(object, object)  # (plan, error)


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

        self.preview = PlanPreview()
        # The preview's parts, as the tests and the user reach them.
        self.totals, self.stops, self.left_out, self.map = (
            self.preview.totals,
            self.preview.stops,
            self.preview.left_out,
            self.preview.map,
        )

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
        body.addWidget(self.preview, 1)
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
        if isinstance(error, UserError):  # the file could not be read: said, not a bug
            self.status.setText(str(error))
            return
        if error is not None:
            raise error
        assert plan is not None
        self.plan = plan
        self.show_plan(plan)
        changes = plan.new_visits > 0 or plan.replaced > 0
        self.apply_button.setEnabled(changes and not self.context.read_only)
        if not changes:
            self.status.setText(
                self.status.text() + " It adds no visit and replaces none: nothing to apply."
            )

    def wait(self, seconds: float = 60) -> None:
        """Wait for a plan being made (tests; closing the dialog)."""
        if self._worker is not None:
            self._worker.join(seconds)

    # --- the preview --------------------------------------------------------------------

    def show_plan(self, plan: DayPlan) -> None:
        stopped = " (stopped early: the best plan found)" if plan.cancelled else ""
        self.status.setText(f"Planned in {plan.searched_seconds:.0f} s{stopped}.")
        self.preview.show_plan(plan)

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
