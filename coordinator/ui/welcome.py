"""The welcome page: what the window shows with no mission open.

New mission, open one, try the demo, and the missions opened lately (or, before any,
a line saying what the list is for).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.ui import icons


class WelcomePage(QWidget):
    """What the window shows with no mission open."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel("Mission Coordinator")
        title.setObjectName("welcomeTitle")
        subtitle = QLabel(
            "Delegations, meetings, polling stations, visits and findings of an election "
            "observation mission, and its statement, in one file on this computer."
        )
        subtitle.setWordWrap(True)
        new_button = QPushButton(icons.icon("new"), "New mission…")
        open_button = QPushButton(icons.icon("open"), "Open a mission…")
        demo_button = QPushButton(icons.icon("mission"), "Try the demo mission")
        demo_button.setToolTip(
            "The OTS observation of the 2024 Kyrgyz local council elections, kept in your "
            "data folder: change it freely."
        )
        new_button.clicked.connect(self.new_requested)
        open_button.clicked.connect(self.open_requested)
        demo_button.clicked.connect(self.demo_requested)
        self.no_recent = QLabel(
            "Missions you open are listed here. To look around first, try the demo mission."
        )
        self.no_recent.setObjectName("noRecent")
        self.no_recent.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.setObjectName("recentList")
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(open_button)
        buttons.addWidget(demo_button)
        buttons.addStretch()
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(QLabel("Recent missions"))
        column.addWidget(self.no_recent)
        column.addWidget(self.recent, 2)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

    def show_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            # A shared mission's address is shown as it is (it has no folder).
            shown = path if "://" in path else f"{Path(path).name}    {Path(path).parent}"
            item = QListWidgetItem(icons.icon("mission"), shown)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)
