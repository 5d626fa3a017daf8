"""How a statement in another language writes the mission's names: a two-column table
of each name or text as typed and its translation, opened from the Statement page.

The rows are the names the draft uses (the organisation, the election, the country, the
delegations, the places, the interlocutors, the flagged key points and notes), then the
checklist's questions and choices the field form and the paper checklist print (the
standard checklist's shown with the program's own translation). An empty translation means
the name is printed as typed and its section marked for the translator.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.ui import messages

COL_TYPED, COL_TRANSLATION = 0, 1


class TranslationsDialog(QDialog):
    """Edit the translations into one language; `save` gets {as typed: translation}."""

    def __init__(
        self,
        language: str,
        names: list[str],
        translations: dict[str, str],
        save: Callable[[dict[str, str]], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Names in the statement in '{language}'")
        self._save = save
        self._before = {name: translations.get(name, "") for name in names}
        intro = QLabel(
            f"How the statement in '{language}' writes each name or text typed in the "
            "mission. Leave a translation empty to print the name as typed (its section is "
            "then marked for the translator)."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(names), 2)
        self.table.setHorizontalHeaderLabels(["As typed", f"In '{language}'"])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, name in enumerate(names):
            typed = QTableWidgetItem(name)
            typed.setFlags(typed.flags() & ~Qt.ItemFlag.ItemIsEditable)
            typed.setToolTip(name)
            self.table.setItem(row, COL_TYPED, typed)
            self.table.setItem(row, COL_TRANSLATION, QTableWidgetItem(self._before[name]))
        self.table.resizeRowsToContents()
        if names:
            self.table.setCurrentCell(0, COL_TRANSLATION)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)

    def translations(self) -> dict[str, str]:
        """Every row's translation as it stands in the table."""
        found = {}
        for row in range(self.table.rowCount()):
            typed = self.table.item(row, COL_TYPED)
            written = self.table.item(row, COL_TRANSLATION)
            if typed is not None:
                found[typed.text()] = written.text().strip() if written is not None else ""
        return found

    def accept(self) -> None:
        # Moving off the cell commits a translation still being typed in it.
        self.table.setCurrentIndex(QModelIndex())
        changed = {k: v for k, v in self.translations().items() if v != self._before[k]}
        if changed:
            try:
                self._save(changed)
            except UserError as error:
                messages.show_error(self, "Names not saved", str(error))
                return
        super().accept()
