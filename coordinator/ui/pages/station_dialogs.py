"""The dialogs of the Stations page: a polling station, a locality, the list of localities.

They are built in their constructors and shown by the page; they never write themselves.
Each gets a `save` callable from the page, which writes through the services (undoably)
and may raise ValidationError, shown beside the field it names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import LocalityKind
from coordinator.db.text import fold
from coordinator.services.stations import LocalityFields, StationFields
from coordinator.ui import icons
from coordinator.ui.forms import (
    ChoiceField,
    DecimalField,
    FieldParseError,
    NumberField,
    RecordDialog,
    TriStateField,
)


@dataclass(frozen=True)
class LocalityChoice:
    """A locality as lists and combo boxes show it."""

    id: int
    label: str
    fields: LocalityFields


def locality_label(fields: LocalityFields) -> str:
    """ "Kant (Ysyk-Ata, Chüy)": the name, with district and region telling namesakes apart."""
    where = ", ".join(part for part in (fields.district, fields.region) if part)
    return f"{fields.name} ({where})" if where else fields.name


class LocalityDialog(RecordDialog[LocalityFields]):
    """A city, town or village with its district and region."""

    def __init__(
        self,
        title: str,
        save: Callable[[LocalityFields], object],
        fields: LocalityFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.setMinimumWidth(420)
        self.name = QLineEdit()
        self.kind: ChoiceField[LocalityKind] = ChoiceField(LocalityKind)
        self.district = QLineEdit()
        self.region = QLineEdit()
        self.add_field("name", "Name", self.name)
        self.add_field("kind", "Kind", self.kind)
        self.add_field("district", "District", self.district)
        self.add_field("region", "Region", self.region)
        if fields is not None:
            self.name.setText(fields.name)
            self.kind.set_choice(fields.kind)
            self.district.setText(fields.district)
            self.region.setText(fields.region)

    def fields(self) -> LocalityFields:
        return LocalityFields(
            name=self.name.text(),
            # Qt hands a vocabulary (a StrEnum) back as its plain text value.
            kind=LocalityKind(self.kind.choice() or LocalityKind.CITY),
            district=self.district.text(),
            region=self.region.text(),
        )


class LocalityCombo(QComboBox):
    """Choose a locality by typing part of its name (thousands of villages stay usable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(24)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText("Type to find a locality")

    def set_localities(self, localities: Sequence[LocalityChoice], current: int | None) -> None:
        self.clear()
        for locality in localities:
            self.addItem(locality.label, locality.id)
        self.set_locality(current)

    def set_locality(self, locality_id: int | None) -> None:
        index = self.findData(locality_id) if locality_id is not None else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")
        line = self.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # "Кант (Ысык-Атинский район, …" from its beginning

    def locality_id(self) -> int | None:
        """The chosen locality: its full label, or just its name when no other shares it."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            named = [
                number
                for number in range(self.count())
                if fold(self.itemText(number).split(" (")[0]) == fold(text)
            ]
            index = named[0] if len(named) == 1 else -1
        if index < 0:
            raise FieldParseError(
                f"'{text}' is not a locality of the mission: choose one from the list, "
                "or add it with New locality…"
            )
        return int(self.itemData(index))


class StationDialog(RecordDialog[StationFields]):
    """A polling station: code, name, address, locality, voters, position, accessibility.

    `add_locality(fields)` creates a locality (from the New locality… button) and returns
    its id; `localities()` lists them again afterwards.
    """

    def __init__(
        self,
        title: str,
        save: Callable[[StationFields], object],
        *,
        localities: Callable[[], list[LocalityChoice]],
        add_locality: Callable[[LocalityFields], int],
        fields: StationFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.setMinimumWidth(620)
        self._localities = localities
        self._add_locality = add_locality
        self.locality_dialog: LocalityDialog | None = None
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. 0012")
        self.code.setToolTip("The code the election commission gives the station")
        self.code.setMaximumWidth(180)
        self.name = QLineEdit()
        self.address = QLineEdit()
        self.locality = LocalityCombo()
        self.new_locality = QPushButton(icons.icon("add"), "New locality…")
        self.new_locality.setAutoDefault(False)
        self.new_locality.clicked.connect(self.ask_new_locality)
        locality_row = QWidget()
        row = QHBoxLayout(locality_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.locality, 1)
        row.addWidget(self.new_locality)
        self.registered_voters = NumberField()
        self.latitude = DecimalField()
        self.longitude = DecimalField()
        for coordinate, example in (
            (self.latitude, "e.g. 42.8746"),
            (self.longitude, "e.g. 74.5698"),
        ):
            coordinate.setMaximumWidth(140)
            coordinate.setPlaceholderText(example)
        self.accessible = TriStateField()
        self.accessible.setToolTip("Can a voter in a wheelchair get in and vote unaided?")
        self.add_field("code", "Code", self.code)
        self.add_field("name", "Name", self.name)
        self.add_field("address", "Address", self.address)
        self.add_field("locality", "Locality", locality_row)
        # Problems about the locality mark the combo box, not the row around it.
        self.editors["locality"] = self.locality
        self.add_field("registered_voters", "Registered voters", self.registered_voters)
        self.add_field("latitude", "Latitude", self.latitude)
        self.add_field("longitude", "Longitude", self.longitude)
        self.add_field("accessible", "Accessible", self.accessible)
        self.locality.set_localities(localities(), None)
        if fields is not None:
            self.code.setText(fields.code)
            self.name.setText(fields.name)
            self.address.setText(fields.address)
            self.locality.set_locality(fields.locality_id)
            self.registered_voters.set_number(fields.registered_voters)
            self.latitude.set_number(fields.latitude)
            self.longitude.set_number(fields.longitude)
            self.accessible.set_value(fields.accessible)

    def fields(self) -> StationFields:
        return StationFields(
            code=self.code.text(),
            locality_id=self.parse("locality", self.locality.locality_id),
            name=self.name.text(),
            address=self.address.text(),
            registered_voters=self.parse("registered_voters", self.registered_voters.number_value),
            latitude=self.parse("latitude", self.latitude.number_value),
            longitude=self.parse("longitude", self.longitude.number_value),
            accessible=self.accessible.value(),
        )

    def ask_new_locality(self) -> None:
        """Open the locality form; once saved, the new locality is chosen here."""
        typed = self.locality.currentText().strip()
        known = self.locality.findText(typed, Qt.MatchFlag.MatchFixedString) >= 0
        dialog = LocalityDialog(
            "New locality",
            self._add_locality,
            LocalityFields(typed if typed and not known else ""),
            self,
        )
        dialog.accepted.connect(lambda: self._locality_added(dialog))
        self.locality_dialog = dialog
        dialog.open()

    def _locality_added(self, dialog: LocalityDialog) -> None:
        new_id = dialog.saved if isinstance(dialog.saved, int) else None
        self.locality.set_localities(self._localities(), new_id)
        self.clear_problems()


class LocalitiesDialog(QDialog):
    """The mission's localities, to rename or delete (a locality with stations stays)."""

    new_requested = Signal()
    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Localities")
        self.setMinimumSize(460, 420)
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _item: self._emit(self.edit_requested))
        self.new_button = QPushButton(icons.icon("add"), "New…")
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button = QPushButton(icons.icon("edit"), "Edit…")
        self.delete_button = QPushButton(icons.icon("delete"), "Delete")
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._emit(self.delete_requested))
        note = QLabel("A locality that still has polling stations cannot be deleted.")
        note.setObjectName("countLabel")
        note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(close)

    def show_localities(self, localities: Sequence[LocalityChoice], current: int | None) -> None:
        self.list.clear()
        for locality in localities:
            item = QListWidgetItem(locality.label)
            item.setData(Qt.ItemDataRole.UserRole, locality.id)
            self.list.addItem(item)
            if locality.id == current:
                self.list.setCurrentItem(item)
        has_any = self.list.count() > 0
        self.edit_button.setEnabled(has_any)
        self.delete_button.setEnabled(has_any)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _emit(self, signal: SignalInstance) -> None:
        locality_id = self.current_id()
        if locality_id is not None:
            signal.emit(locality_id)
