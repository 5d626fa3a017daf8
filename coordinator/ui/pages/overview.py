"""The Overview page: the mission's counts at a glance and what needs attention.

Each attention item links to its record: activating it (double-click or Enter) shows
the page where it can be put right with the record selected.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinator.services.files import mission_title
from coordinator.services.overview import Attention, Overview, attention, overview
from coordinator.ui import icons
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.base import Page
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import display

log = logging.getLogger(__name__)

LINK_ROLE = Qt.ItemDataRole.UserRole + 1


class Figure(QFrame):
    """A number with what it counts, and a line of detail under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel("0")
        self.number.setObjectName("figureNumber")
        self.caption = QLabel(caption)
        self.detail = QLabel("")
        self.detail.setObjectName("figureDetail")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        layout.addStretch()

    def show_figure(self, number: int, detail: str = "") -> None:
        self.number.setText(display(number))
        self.detail.setText(detail)


class OverviewPage(Page):
    title = "Overview"
    icon_name = "overview"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.heading = QLabel("Overview")
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.figures = {
            "delegations": Figure("delegations"),
            "members": Figure("members"),
            "meetings": Figure("meetings"),
            "stations": Figure("polling stations"),
            "teams": Figure("teams"),
            "incidents": Figure("incidents"),
        }
        grid = QGridLayout()
        for number, figure in enumerate(self.figures.values()):
            grid.addWidget(figure, number // 3, number % 3)

        self.visits = QTableWidget(0, 4)
        self.visits.setObjectName("visitsByPhase")
        self.visits.setHorizontalHeaderLabels(["Phase", "Planned", "Done", "Cancelled"])
        self.visits.verticalHeader().hide()
        self.visits.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.visits.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.visits.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.visits.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.attention = QTreeWidget()
        self.attention.setObjectName("attention")
        self.attention.setHeaderHidden(True)
        self.attention.setRootIsDecorated(True)
        self.attention.itemActivated.connect(self._follow)
        self._generation = 0

        left = QVBoxLayout()
        left.addLayout(grid)
        visits_title = QLabel("Visits by phase")
        visits_title.setObjectName("sectionTitle")
        left.addWidget(visits_title)
        left.addWidget(self.visits)
        left.addStretch(1)
        right = QVBoxLayout()
        attention_title = QLabel("Needs attention")
        attention_title.setObjectName("sectionTitle")
        right.addWidget(attention_title)
        hint = QLabel("Double-click an item to open its record.")
        hint.setObjectName("countLabel")
        right.addWidget(hint)
        right.addWidget(self.attention, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(columns, 1)

    def reload(self) -> None:
        self.heading.setText(self.context.query(mission_title))
        self._show_overview(self.context.query(overview))
        # Looking through every visit for conflicts takes a while on a big mission: the
        # page shows at once and the list follows. Only the newest answer is shown.
        self._generation += 1
        generation = self._generation
        self.attention.clear()
        self.attention.addTopLevelItem(QTreeWidgetItem(["Looking through the mission…"]))
        self.context.in_background(
            attention,
            lambda found: self._show_attention(found) if generation == self._generation else None,
            lambda error: self._attention_failed(error) if generation == self._generation else None,
        )

    def _attention_failed(self, error: BaseException) -> None:
        """The list could not be made (a shared mission's server went away meanwhile, say):
        the page says so and keeps working; the next change of the mission tries again."""
        log.warning("the overview's list could not be made", exc_info=error)
        self.attention.clear()
        self.attention.addTopLevelItem(
            QTreeWidgetItem(
                ["Could not look through the mission just now; tried again on the next change."]
            )
        )

    def _show_overview(self, figures: Overview) -> None:
        self.figures["delegations"].show_figure(figures.delegations)
        self.figures["members"].show_figure(
            figures.members, f"{display(figures.accredited)} accredited"
        )
        self.figures["meetings"].show_figure(figures.meetings)
        self.figures["stations"].show_figure(figures.stations)
        self.figures["teams"].show_figure(figures.teams)
        total = sum(figures.incidents.values())
        self.figures["incidents"].show_figure(
            total,
            ", ".join(
                f"{count} {severity.label.lower()}" for severity, count in figures.incidents.items()
            ),
        )
        self.visits.setRowCount(len(figures.visits))
        header = self.visits.horizontalHeader().height()
        rows = sum(self.visits.rowHeight(row) for row in range(len(figures.visits)))
        self.visits.setFixedHeight(header + rows + 2 * self.visits.frameWidth())
        for row, phase in enumerate(figures.visits):
            values = [phase.phase.label, phase.planned, phase.done, phase.cancelled]
            for column, value in enumerate(values):
                item = QTableWidgetItem(display(value))
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.visits.setItem(row, column, item)

    def _show_attention(self, found: Attention) -> None:
        self.attention.clear()
        warning = icons.icon("warning")
        for kind, total in found.totals.items():
            group = QTreeWidgetItem([f"{kind}: {display(total)}" if total else f"{kind}: none"])
            group.setForeground(0, status_colour("warning" if total else "good"))
            self.attention.addTopLevelItem(group)
            shown = [item for item in found.items if item.kind == kind]
            for item in shown:
                child = QTreeWidgetItem([item.message])
                child.setIcon(0, warning)
                child.setToolTip(0, f"{item.message}\nOpen it in {item.page}.")
                child.setData(0, LINK_ROLE, (item.page, item.record_id))
                group.addChild(child)
            if total > len(shown):
                group.addChild(QTreeWidgetItem([f"… and {display(total - len(shown))} more"]))
            group.setExpanded(True)

    def _follow(self, item: QTreeWidgetItem, _column: int) -> None:
        link = item.data(0, LINK_ROLE)
        if link:
            page, record_id = link
            self.navigate.emit(page, record_id)
