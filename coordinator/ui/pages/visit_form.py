"""The fields of one visit as a form beside the visits list.

How a visit is read and saved (with its answers, in one transaction) is the services'
`visit_records`. The station is chosen by typing: the chooser asks the stations service
for the first twenty that match, as a mission may have 100,000 of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import Assessment, Phase, VisitStatus, Vocabulary
from coordinator.services.errors import FieldProblem
from coordinator.services.paging import PageRequest
from coordinator.services.stations import StationRow
from coordinator.services.teams import TeamRow
from coordinator.services.visit_records import station_label
from coordinator.services.visits import VisitFields
from coordinator.ui.forms import (
    ChoiceField,
    DateField,
    FieldParseError,
    NumberField,
    TimeField,
    text_editor,
)

VocabularyT = TypeVar("VocabularyT", bound=Vocabulary)

# --- choosing a station ----------------------------------------------------------------------


class StationChooser(QLineEdit):
    """Type part of a station's code, name or locality, then pick it from the list."""

    chosen = Signal()

    def __init__(
        self, find: Callable[[PageRequest], list[StationRow]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._find = find
        self.station_id: int | None = None
        self._labels: dict[str, int] = {}
        self._found = QStandardItemModel(self)
        self.completer_ = QCompleter(self._found, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setMaxVisibleItems(12)
        self.setCompleter(self.completer_)
        self.setPlaceholderText("Type a station code, name or locality…")
        self.setClearButtonEnabled(True)
        self.textEdited.connect(self._search)
        self.completer_.activated[str].connect(self._pick)  # type: ignore[index]
        self.editingFinished.connect(self.settle)

    def set_station(self, station_id: int | None, label: str) -> None:
        self.station_id = station_id
        self._labels = {label: station_id} if station_id is not None else {}
        self.setText(label)

    def _search(self, text: str) -> None:
        self.station_id = self._labels.get(text)
        rows = self._find(PageRequest(search=text, limit=20, count_total=False)) if text else []
        self._found.clear()
        for row in rows:
            label = station_label(row.code, row.name, row.locality)
            self._labels[label] = row.id
            item = QStandardItem(label)
            item.setData(row.id, Qt.ItemDataRole.UserRole)
            item.setToolTip(row.address)
            self._found.appendRow(item)
            if self.station_id is None and row.code.casefold() == text.strip().casefold():
                # A station's exact code is enough: picking it from the list is not needed.
                self.station_id = row.id
        self.chosen.emit()

    def _pick(self, label: str) -> None:
        self.station_id = self._labels.get(label)
        self.chosen.emit()

    def settle(self) -> None:
        """Typed a code without picking it: take the station with exactly that code."""
        text = self.text().strip()
        if self.station_id is not None or not text:
            return
        rows = self._find(PageRequest(search=text, limit=20, count_total=False))
        exact = [row for row in rows if row.code.casefold() == text.casefold()]
        if len(exact) == 1 or len(rows) == 1:
            row = exact[0] if exact else rows[0]
            self.set_station(row.id, station_label(row.code, row.name, row.locality))
            self.chosen.emit()


# --- the form ------------------------------------------------------------------------------


class VisitForm(QWidget):
    """Team, station, date, phase, times, status and what the team saw overall."""

    changed = Signal()
    phase_changed = Signal()

    def __init__(
        self,
        find_stations: Callable[[PageRequest], list[StationRow]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._loading = False
        self.ref = QLineEdit()
        self.ref.setPlaceholderText("given when saved")
        self.ref.setMaximumWidth(160)
        self.team = QComboBox()
        self.team.setMinimumContentsLength(8)
        self.station = StationChooser(find_stations)
        self.date = DateField(required=True)
        self.phase: ChoiceField[Phase] = ChoiceField(Phase)
        self.planned_arrival = TimeField()
        self.planned_departure = TimeField()
        self.actual_arrival = TimeField()
        self.actual_departure = TimeField()
        self.status: ChoiceField[VisitStatus] = ChoiceField(VisitStatus)
        self.voters_voted = NumberField()
        self.voters_voted.setPlaceholderText("at the visit")
        self.overall: ChoiceField[Assessment] = ChoiceField(Assessment, optional=True)
        self.notes = text_editor(3)
        self.notes.setMaximumHeight(self.notes.minimumHeight() * 2)
        for combo in (self.team, self.phase, self.status, self.overall):
            combo.setMinimumWidth(160)

        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._row("Reference", ("ref", self.ref))
        self._row("Team", ("team", self.team))
        self._row("Polling station", ("station", self.station))
        self._row("Date", ("date", self.date))
        self._row("Phase", ("phase", self.phase))
        self._row("Status", ("status", self.status))
        self._row(
            "Planned",
            ("planned_arrival", self.planned_arrival),
            ("planned_departure", self.planned_departure),
            between="to",
        )
        self._row(
            "Actual",
            ("actual_arrival", self.actual_arrival),
            ("actual_departure", self.actual_departure),
            between="to",
        )
        self._row("Voters who had voted", ("voters_voted", self.voters_voted))
        self._row("Overall assessment", ("overall", self.overall))
        self._row("Notes", ("notes", self.notes))

        for editor in (self.ref, self.voters_voted, *self._times()):
            editor.textEdited.connect(self._on_changed)
        for combo in (self.team, self.status, self.overall):
            combo.currentIndexChanged.connect(self._on_changed)
        self.phase.currentIndexChanged.connect(self._on_phase)
        self.date.dateChanged.connect(self._on_changed)
        self.date.problem_changed.connect(self._show_date_problem)
        self.station.chosen.connect(self._on_changed)
        self.notes.textChanged.connect(self._on_changed)

    def _times(self) -> tuple[TimeField, ...]:
        return (
            self.planned_arrival,
            self.planned_departure,
            self.actual_arrival,
            self.actual_departure,
        )

    def _row(self, label: str, *editors: tuple[str, QWidget], between: str = "") -> None:
        """A labelled row of one or two editors sharing the message line below them."""
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        for number, (name, editor) in enumerate(editors):
            if number:
                line.addWidget(QLabel(between))
            line.addWidget(editor, 1 if isinstance(editor, (StationChooser, QPlainTextEdit)) else 0)
            editor.setObjectName(f"field_{name}")
            self.editors[name] = editor
            self.errors[name] = error
        if not isinstance(editors[0][1], (StationChooser, QPlainTextEdit)):
            line.addStretch()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addLayout(line)
        column.addWidget(error)
        self.form.addRow(label, column)

    def _on_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _on_phase(self) -> None:
        if not self._loading:
            self.phase_changed.emit()
            self.changed.emit()

    # --- teams, loading and reading -------------------------------------------------------

    def set_teams(self, teams: list[TeamRow]) -> None:
        chosen = self.team.currentData()
        self._loading = True
        try:
            self.team.clear()
            self.team.addItem("— choose —", None)
            for team in teams:
                self.team.addItem(team.code, team.id)
            self.team.setCurrentIndex(max(self.team.findData(chosen), 0))
        finally:
            self._loading = False

    def load(self, fields: VisitFields, station: str) -> None:
        """Show `fields` (of a saved visit, or the start of a new one)."""
        self._loading = True
        try:
            self.ref.setText(fields.ref or "")
            self.team.setCurrentIndex(max(self.team.findData(fields.team_id), 0))
            self.station.set_station(fields.station_id, station)
            self.date.set_date(fields.date)
            self.phase.set_choice(fields.phase)
            self.planned_arrival.set_time(fields.planned_arrival)
            self.planned_departure.set_time(fields.planned_departure)
            self.actual_arrival.set_time(fields.actual_arrival)
            self.actual_departure.set_time(fields.actual_departure)
            self.status.set_choice(fields.status)
            self.voters_voted.set_number(fields.voters_voted)
            self.overall.set_choice(fields.overall)
            self.notes.setPlainText(fields.notes)
        finally:
            self._loading = False
        self.clear_problems()

    def fields(self) -> tuple[VisitFields, list[FieldProblem]]:
        """The visit as typed, and what could not even be read (letters for a time)."""
        problems: list[FieldProblem] = []
        self.station.settle()

        def read(name: str, reader: Callable[[], object]) -> object:
            try:
                return reader()
            except FieldParseError as error:
                problems.append(FieldProblem(name, str(error)))
                return None

        times = {
            name: read(name, editor.time_value)
            for name, editor in zip(
                ("planned_arrival", "planned_departure", "actual_arrival", "actual_departure"),
                self._times(),
                strict=True,
            )
        }
        voters = read("voters_voted", self.voters_voted.number_value)
        day = self.date.date_value()
        if self.date.problem:
            problems.append(FieldProblem("date", self.date.problem))
        fields = VisitFields(
            ref=self.ref.text().strip() or None,
            team_id=self.team.currentData(),
            station_id=self.station.station_id,
            date=day,
            phase=vocabulary_member(Phase, self.phase.choice()) or Phase.VOTING,
            planned_arrival=_time(times["planned_arrival"]),
            planned_departure=_time(times["planned_departure"]),
            status=vocabulary_member(VisitStatus, self.status.choice()) or VisitStatus.PLANNED,
            actual_arrival=_time(times["actual_arrival"]),
            actual_departure=_time(times["actual_departure"]),
            voters_voted=voters if isinstance(voters, int) else None,
            overall=vocabulary_member(Assessment, self.overall.choice()),
            notes=self.notes.toPlainText().strip(),
        )
        if fields.station_id is None and self.station.text().strip():
            problems.append(
                FieldProblem("station", "Pick the polling station from the list as you type.")
            )
        return fields, problems

    # --- problems --------------------------------------------------------------------------

    def show_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        """Show each problem beside its field; return those that name no field here."""
        others = []
        shown: dict[str, list[str]] = {}
        first: QWidget | None = None
        for problem in problems:
            editor = self.editors.get(problem.field)
            if editor is None:
                others.append(problem)
                continue
            label = self.errors[problem.field]
            shown.setdefault(label.objectName() + str(id(label)), []).append(problem.message)
            label.setText("\n".join(shown[label.objectName() + str(id(label))]))
            label.show()
            _mark(editor, True)
            first = first or editor
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return others

    def _show_date_problem(self, text: str) -> None:
        """A date typed that is not one is said at once, beside the field."""
        self.errors["date"].setText(text)
        self.errors["date"].setVisible(bool(text))
        _mark(self.date, bool(text))

    def clear_problems(self) -> None:
        for name, editor in self.editors.items():
            self.errors[name].hide()
            _mark(editor, False)

    def message_of(self, name: str) -> str:
        """The message shown beside field `name`, "" when none (for tests and screen readers)."""
        label = self.errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.setEnabled(not read_only)


def vocabulary_member(vocabulary: type[VocabularyT], value: object) -> VocabularyT | None:
    """The vocabulary member a list holds: Qt hands back a str, which `is` tests miss."""
    return vocabulary(value) if isinstance(value, str) and value else None


def _time(value: object) -> dt.time | None:
    return value if isinstance(value, dt.time) else None


def _mark(editor: QWidget, invalid: bool) -> None:
    if bool(editor.property("invalid")) != invalid:
        editor.setProperty("invalid", invalid)
        editor.style().unpolish(editor)
        editor.style().polish(editor)
