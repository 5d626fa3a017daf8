"""The Stations page: every polling station of the mission, found, filtered and edited.

The list reads one page of 200 rows at a time from `list_stations` (search, locality
filter and sort happen in SQL), so 100,000 stations open and scroll at once. New, Edit,
Duplicate and Delete open the station form or ask before deleting; every change goes
through `undo_edits`, so Edit > Undo takes it back.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from coordinator.errors import UserError
from coordinator.services.errors import ValidationError
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    StationRow,
    create_locality,
    delete_locality,
    delete_station,
    list_stations,
    locality_records,
    read_station,
    station_delete_impact,
    update_locality,
)
from coordinator.services.stations import create_station as create_station_record
from coordinator.services.stations import update_station as update_station_record
from coordinator.services.versions import record_version
from coordinator.ui import icons, messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.base import Page
from coordinator.ui.pages.station_dialogs import (
    LocalitiesDialog,
    LocalityChoice,
    LocalityDialog,
    StationDialog,
    locality_label,
)
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import PAGE_SIZE, Column, PagedTableModel
from coordinator.ui.undo_edits import perform_create, perform_delete, perform_update

# Writes here change these kinds of records; pages showing stations listen for both.
STATIONS = "stations"
LOCALITIES = "localities"


def _accessible_colour(row: StationRow) -> QColor | None:
    return status_colour("warning") if row.accessible is False else None


def _text_column(header: str, attribute: str, width: int) -> Column[StationRow]:
    """A column of text sorted by the service's key of the same name; long text as tooltip."""
    value = attrgetter(attribute)
    return Column(header, value, sort_key=attribute, width=width, tooltip=value)


STATION_COLUMNS: list[Column[StationRow]] = [
    _text_column("Code", "code", 60),
    _text_column("Name", "name", 180),
    _text_column("Address", "address", 155),
    _text_column("Locality", "locality", 85),
    _text_column("District", "district", 115),
    _text_column("Region", "region", 115),
    Column(
        "Voters",
        lambda r: r.registered_voters,
        sort_key="registered_voters",
        align_right=True,
        width=65,
        tooltip=lambda _r: "Registered voters",
    ),
    Column("Latitude", lambda r: r.latitude, align_right=True, width=68),
    Column("Longitude", lambda r: r.longitude, align_right=True, width=72),
    Column("Accessible", lambda r: r.accessible, foreground=_accessible_colour),
]


def station_title(fields: StationFields | StationRow) -> str:
    """ "polling station 1003 (Secondary School No. 6)": how messages name a station."""
    return f"polling station {fields.code}" + (f" ({fields.name})" if fields.name else "")


class StationsPage(Page):
    """The mission's polling stations."""

    title = "Stations"
    icon_name = "stations"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dialog: StationDialog | None = None
        self.localities_dialog: LocalitiesDialog | None = None
        self.model: PagedTableModel[StationRow] = PagedTableModel(
            STATION_COLUMNS,
            fetch=lambda request: context.query(list_stations, request),
            row_id=lambda row: row.id,
            parent=self,
        )
        self.list = RecordList(self.model, "station", self)
        self.list.search.setPlaceholderText("Search stations by code, name, address or locality…")
        self.locality_filter = QComboBox()
        self.locality_filter.setObjectName("localityFilter")
        self.locality_filter.setMinimumContentsLength(18)
        self.locality_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.locality_filter.currentIndexChanged.connect(self._filter_locality)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.list.toolbar.addWidget(spacer)
        self.list.toolbar.addWidget(QLabel("Locality "))
        self.list.toolbar.addWidget(self.locality_filter)
        self.localities_action = self.list.toolbar.addAction(
            icons.icon("edit"), "Localities…", self.show_localities
        )
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("countLabel")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        heading = QLabel("Polling stations")
        heading.setObjectName("pageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        list_layout = self.list.layout()
        assert isinstance(list_layout, QVBoxLayout)
        # Between the toolbar and the table, where the eye looks for the stations.
        list_layout.insertWidget(2, self.empty_hint)
        self.list.new_requested.connect(self.new_station)
        self.list.edit_requested.connect(self.edit_station)
        self.list.duplicate_requested.connect(self.duplicate_station)
        self.list.delete_requested.connect(self.delete_station)
        self.model.counted.connect(self._show_hint)
        # Shown as the service sorts by default: by code, ascending.
        self.list.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.list.set_read_only(context.read_only)
        self.localities_action.setVisible(not context.read_only)

    # --- showing ------------------------------------------------------------------------

    def reload(self) -> None:
        current = self.list.current_id()
        loaded = self.model.rowCount()
        self._fill_locality_filter()
        self.model.reload()
        if current is not None:
            self._select(current, load_up_to=max(loaded, PAGE_SIZE))

    def on_changed(self, what: str) -> None:
        if what in (STATIONS, LOCALITIES, "*"):
            super().on_changed(what)

    def select_record(self, record_id: int) -> None:
        self.activate()
        if not self.list.select(record_id):
            # Not among the stations the search or filter shows: show them all.
            self.list.search.clear()
            self.locality_filter.setCurrentIndex(0)
            self.list.select(record_id)

    def _select(self, record_id: int, *, load_up_to: int) -> None:
        """Select a station if it is among the first `load_up_to` rows (a deep one stays)."""
        if self.model.row_of_id(record_id, load_up_to=load_up_to) is not None:
            self.list.select(record_id)

    def localities(self) -> list[LocalityChoice]:
        choices = []
        for locality_id, fields in self.context.query(locality_records):
            choices.append(LocalityChoice(locality_id, locality_label(fields), fields))
        return choices

    def _fill_locality_filter(self) -> None:
        chosen = self.locality_filter.currentData()
        self.locality_filter.blockSignals(True)
        self.locality_filter.clear()
        self.locality_filter.addItem("All localities", None)
        for locality in self.localities():
            self.locality_filter.addItem(locality.label, locality.id)
        index = self.locality_filter.findData(chosen) if chosen is not None else 0
        self.locality_filter.setCurrentIndex(max(index, 0))
        self.locality_filter.blockSignals(False)
        if chosen is not None and index < 0:
            self.model.set_filter("locality_id", None)

    def _filter_locality(self, _index: int) -> None:
        self.model.set_filter("locality_id", self.locality_filter.currentData())

    def _show_hint(self, total: int) -> None:
        if total:
            self.empty_hint.hide()
            return
        if self.list.search.text().strip() or self.locality_filter.currentData() is not None:
            self.empty_hint.setText("No station matches the search or the locality chosen.")
        elif self.context.read_only:
            self.empty_hint.setText("This mission has no polling stations.")
        else:
            self.empty_hint.setText(
                "No polling stations yet. Add one with New (Ctrl+N), or import the Stations "
                "sheet of a workbook."
            )
        self.empty_hint.show()

    def _guarded(self, title: str, work: Callable[[], object]) -> None:
        """Run `work`; what the services refuse is shown plainly (never a traceback)."""
        try:
            work()
        except ValidationError as error:
            messages.show_error(self, title, " ".join(p.message for p in error.problems))
        except UserError as error:
            messages.show_error(self, title, str(error))

    # --- editing ------------------------------------------------------------------------

    def _open_dialog(
        self, title: str, save: Callable[[StationFields], object], fields: StationFields | None
    ) -> None:
        dialog = StationDialog(
            title,
            save,
            localities=self.localities,
            add_locality=self.add_locality,
            fields=fields,
            parent=self,
        )
        if self.context.read_only:
            dialog.setWindowTitle(f"{title} (read-only)")
            dialog.buttons.button(dialog.buttons.StandardButton.Ok).setEnabled(False)
        self.dialog = dialog
        dialog.open()

    def new_station(self) -> None:
        if not self.context.read_only:
            self._open_dialog("New polling station", self.create_station, None)

    def duplicate_station(self, station_id: int) -> None:
        """The station's form filled in but for its code, which must be new."""
        if self.context.read_only:
            return
        fields = self.context.query(read_station, station_id)
        self._open_dialog(
            f"New polling station like {fields.code}",
            self.create_station,
            StationFields(
                code="",
                locality_id=fields.locality_id,
                name=fields.name,
                address=fields.address,
                registered_voters=fields.registered_voters,
                latitude=fields.latitude,
                longitude=fields.longitude,
                accessible=fields.accessible,
            ),
        )
        if self.dialog is not None:
            self.dialog.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_station(self, station_id: int) -> None:
        def read() -> None:
            old = self.context.query(read_station, station_id)
            self._open_dialog(
                f"Polling station {old.code}",
                lambda new: self.update_station(station_id, old, new),
                old,
            )
            # Refused because someone else saved it meanwhile: Reload opens it again.
            if self.dialog is not None:
                self.dialog.reload_record = lambda: self.edit_station(station_id)

        self._guarded("Polling station", read)

    def create_station(self, fields: StationFields) -> int:
        station_id = perform_create(
            self.context,
            f"New {station_title(fields)}",
            STATIONS,
            lambda session: create_station_record(session, fields),
            kind="polling_station",
            delete=delete_station,
        )
        self._select(station_id, load_up_to=self.model.rowCount() + 5 * PAGE_SIZE)
        return station_id

    def update_station(self, station_id: int, old: StationFields, new: StationFields) -> int:
        if new != old:
            perform_update(
                self.context,
                f"Edit {station_title(new)}",
                STATIONS,
                lambda session: update_station_record(session, station_id, new, read=old),
                lambda session: update_station_record(session, station_id, old),
            )
            self._select(station_id, load_up_to=self.model.rowCount())
        return station_id

    def delete_station(self, station_id: int) -> None:
        number = self.model.row_of_id(station_id, load_up_to=self.model.rowCount())
        if number is None:
            return
        row = self.model.row(number)
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "polling_station", station_id)
        visits = self.context.query(station_delete_impact, station_id)["visits"]
        also = f" and its {visits} visit{'s' if visits != 1 else ''}" if visits else ""
        question = f"Delete {station_title(row)}{also}?"
        if visits:
            question += "\n\nThe visits' checklist answers and incidents go with them."
        question += "\n\nYou can take this back with Edit > Undo."
        if not messages.confirm(self, "Delete polling station", question):
            return
        self._guarded(
            "Delete polling station",
            lambda: perform_delete(
                self.context,
                f"Delete {station_title(row)}{also}",
                STATIONS,
                "polling_station",
                station_id,
                delete=delete_station,
                expected_version=version,
            ),
        )
        # The row that took its place is the natural next one to look at.
        if 0 <= number < self.model.rowCount():
            self.list.select(self.model.id_at(number))

    # --- localities ---------------------------------------------------------------------

    def add_locality(self, fields: LocalityFields) -> int:
        return perform_create(
            self.context,
            f"New locality {fields.name.strip()}",
            LOCALITIES,
            lambda session: create_locality(session, fields),
            kind="locality",
            delete=delete_locality,
        )

    def show_localities(self) -> None:
        dialog = LocalitiesDialog(self)
        dialog.show_localities(self.localities(), None)
        dialog.new_requested.connect(self.new_locality)
        dialog.edit_requested.connect(self.edit_locality)
        dialog.delete_requested.connect(self.remove_locality)
        self.localities_dialog = dialog
        dialog.open()

    def _refresh_localities_dialog(self, current: int | None) -> None:
        if self.localities_dialog is not None:
            self.localities_dialog.show_localities(self.localities(), current)

    def new_locality(self) -> None:
        dialog = LocalityDialog("New locality", self.add_locality, None, self.localities_dialog)
        dialog.accepted.connect(
            lambda: self._refresh_localities_dialog(
                dialog.saved if isinstance(dialog.saved, int) else None
            )
        )
        dialog.open()

    def edit_locality(self, locality_id: int) -> None:
        old = next((c.fields for c in self.localities() if c.id == locality_id), None)
        if old is None:
            return

        def save(new: LocalityFields) -> None:
            if new != old:
                perform_update(
                    self.context,
                    f"Edit locality {new.name.strip()}",
                    LOCALITIES,
                    lambda session: update_locality(session, locality_id, new, read=old),
                    lambda session: update_locality(session, locality_id, old),
                )

        dialog = LocalityDialog(f"Locality {old.name}", save, old, self.localities_dialog or self)
        dialog.accepted.connect(lambda: self._refresh_localities_dialog(locality_id))
        # Refused because someone else saved the locality meanwhile: Reload opens it again.
        dialog.reload_record = lambda: self._reopen_locality(locality_id)
        dialog.open()

    def _reopen_locality(self, locality_id: int) -> None:
        self.context.reload_all()
        self._refresh_localities_dialog(locality_id)
        self.edit_locality(locality_id)

    def remove_locality(self, locality_id: int) -> None:
        choice = next((c for c in self.localities() if c.id == locality_id), None)
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "locality", locality_id)
        if (
            choice is None
            or version is None
            or not messages.confirm(
                self.localities_dialog or self, "Delete locality", f"Delete {choice.label}?"
            )
        ):
            return
        self._guarded(
            "Delete locality",
            lambda: perform_delete(
                self.context,
                f"Delete locality {choice.fields.name}",
                LOCALITIES,
                "locality",
                locality_id,
                delete=delete_locality,
                expected_version=version,
            ),
        )
        self._refresh_localities_dialog(None)
