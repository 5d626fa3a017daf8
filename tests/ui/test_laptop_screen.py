"""The window on the commonest laptop screen, 1366 × 768: it opens inside it, the visits
list shows Locality and Status, a long mission name is not cut at its start, and the
checklist of another visit starts at its first question."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from coordinator.ui.main_window import MainWindow, elide_middle
from coordinator.ui.pages.mission import MissionPage
from coordinator.ui.pages.visit_panel import CHECKLIST_TAB
from coordinator.ui.pages.visits import VisitsPage
from tests.ui.conftest import Answers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# What a maximised window gets of a 1366 × 768 screen under a desktop's top bar.
LAPTOP = (1366, 705)

OPEN_AND_SAY_WHERE = """
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from coordinator.ui.main_window import MainWindow
app = QApplication([])
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.show()
app.processEvents()
outer, area = window.frameGeometry(), window.screen().availableGeometry()
print(json.dumps([outer.getRect(), area.getRect()]))
"""


def test_the_window_opens_inside_a_1366_by_768_screen(tmp_path: Path) -> None:
    screens = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}]}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(screens), encoding="utf-8")
    environment = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AND_SAY_WHERE, str(tmp_path / "settings.ini")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    (x, y, width, height), (ax, ay, a_width, a_height) = json.loads(done.stdout)
    assert (a_width, a_height) == (1366, 768)
    assert ax <= x and x + width <= ax + a_width
    assert ay <= y and y + height <= ay + a_height
    assert height >= 700  # and uses the screen's height, not a small window


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings, demo_path: Path, answers: Answers) -> MainWindow:
    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    shown.resize(*LAPTOP)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    assert shown.open_mission(demo_path)
    return shown


def test_the_visits_list_shows_locality_and_status_beside_the_visit(window: MainWindow) -> None:
    window.navigate("Visits & Findings")
    page = window.page("Visits & Findings")
    assert isinstance(page, VisitsPage)
    table = page.list.table
    headers = [str(page.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(10)]
    for title in ("Ref", "Date", "Team", "Station", "Locality", "Status"):
        column = headers.index(title)
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert right <= table.viewport().width(), f"{title} is cut off"


def test_the_checklist_of_the_next_visit_starts_at_its_first_question(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.navigate("Visits & Findings")
    page = window.page("Visits & Findings")
    assert isinstance(page, VisitsPage)
    panel = page.panel
    # V002 is T1's voting visit, with a checklist longer than the panel.
    page.list.search.setFocus()
    qtbot.keyClicks(page.list.search, "V002")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.list.table.setFocus()
    qtbot.keyClick(page.list.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: panel.record is not None and panel.record.fields.ref == "V002")
    tab = panel.tabs.tabBar()
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton, pos=tab.tabRect(CHECKLIST_TAB).center())
    bar = panel.checklist_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    # Down to the last question, as the keyboard goes: Tab to its comment.
    panel.checklist.rows[-2].comment.setFocus()
    last = panel.checklist.rows[-1].comment
    for _ in range(8):
        if last.hasFocus():
            break
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert last.hasFocus()
    qtbot.waitUntil(lambda: bar.value() > 0)

    qtbot.keyClick(last, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert panel.state.text() == ""
    qtbot.waitUntil(lambda: panel.record is not None and panel.record.fields.ref != "V002")
    assert panel.tabs.currentIndex() == CHECKLIST_TAB
    assert bar.value() == 0
    first = panel.checklist.rows[0]
    assert first.visibleRegion().boundingRect().height() == first.height()


def test_a_long_mission_name_reads_from_its_beginning(qtbot: QtBot, window: MainWindow) -> None:
    window.navigate("Mission")
    page = window.page("Mission")
    assert isinstance(page, MissionPage)
    name = page.editors["name"]
    assert isinstance(name, QLineEdit)
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_End)
    qtbot.keyClicks(name, " to the Elections of Deputies of Local Councils of 17 November 2024")
    assert name.cursorPosition() == len(name.text())
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert name.cursorPosition() == 0  # its start is shown, not its last words
    title = window.windowTitle()
    assert title.startswith("International Election Observation Mission o")
    assert " … " in title and title.endswith("17 November 2024 — demo.eom — Mission Coordinator")


def test_elide_middle() -> None:
    assert elide_middle("short", 10) == "short"
    shortened = elide_middle("International Election Observation Mission of the OTS", 30)
    assert len(shortened) <= 32
    assert shortened.startswith("International") and shortened.endswith("the OTS")
