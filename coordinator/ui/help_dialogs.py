"""Help in the window: the keyboard shortcuts and the statement's placeholders.

A coordinator has the program, not its source folder: what the guide's `docs/` pages
say about keys and placeholders is shown here, read from the menus and from the
placeholders the statement knows, so that the help cannot drift from the program.
"""

from __future__ import annotations

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

from coordinator.services.statement_facts import PLACEHOLDERS

PLACEHOLDER_RULES = (
    "A section's title and text may hold placeholders: a name in braces, such as "
    "{stations_visited}. When the statement is printed, each is replaced by its value from "
    "the mission's data at that moment. Names are matched ignoring case, and a space or "
    "hyphen counts as an underscore. To print a brace itself, double it: {{ or }}. A "
    "placeholder the program does not know, or one whose value the mission does not have "
    "yet, stops the export and is named, never printed as typed. On the Statement page, the "
    "Placeholders list puts one in at the text's cursor (click it, or choose it with the "
    "arrows and press Enter)."
)


class TableDialog(QDialog):
    """A titled table of two columns, to read, with a Close button."""

    def __init__(
        self,
        title: str,
        headers: tuple[str, str],
        rows: list[tuple[str, str]],
        intro: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for number, (left, right) in enumerate(rows):
            self.table.setItem(number, 0, QTableWidgetItem(left))
            self.table.setItem(number, 1, QTableWidgetItem(right))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            words = QLabel(intro)
            words.setWordWrap(True)
            layout.addWidget(words)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.table.setFocus()

    def rows(self) -> list[tuple[str, str]]:
        """What the table shows, row by row."""
        shown = []
        for row in range(self.table.rowCount()):
            left, right = self.table.item(row, 0), self.table.item(row, 1)
            shown.append((left.text() if left else "", right.text() if right else ""))
        return shown


def placeholders_dialog(parent: QWidget | None = None) -> TableDialog:
    """Help > Statement Placeholders."""
    rows = [("{" + name + "}", meaning) for name, meaning in PLACEHOLDERS.items()]
    return TableDialog(
        "Statement Placeholders", ("Placeholder", "Printed as"), rows, PLACEHOLDER_RULES, parent
    )
