"""The window from the keyboard: the records' keys work as soon as a page is chosen,
pages change by Ctrl+number and Ctrl+PgUp/PgDown, and Help lists every key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from coordinator.ui.help_dialogs import TableDialog
from coordinator.ui.main_window import MainWindow
from coordinator.ui.pages import PAGES
from coordinator.ui.pages.delegations import DelegationsPage
from coordinator.ui.pages.meetings import MeetingsPage
from coordinator.ui.pages.mission import MissionPage
from coordinator.ui.pages.statement import StatementPage
from coordinator.ui.pages.stations import StationsPage
from tests.ui.conftest import Answers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings, demo_path: Path, answers: Answers) -> MainWindow:
    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    shown.resize(1280, 760)
    shown.show()
    shown.activateWindow()  # shortcuts go to the active window only
    qtbot.waitUntil(shown.isActiveWindow)
    assert shown.open_mission(demo_path)
    return shown


def click_sidebar(qtbot: QtBot, window: MainWindow, title: str) -> None:
    """Choose a page with the mouse, as a new user does: the focus stays in the sidebar."""
    row = [spec.title for spec in PAGES].index(title)
    item = window.sidebar.item(row)
    spot = window.sidebar.visualItemRect(item).center()
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert window.stack.currentWidget() is window.page(title)
    window.sidebar.setFocus()


def open_dialogs(window: QWidget) -> list[QDialog]:
    return [d for d in window.findChildren(QDialog) if d.isVisible()]


def test_new_works_right_after_choosing_a_page_in_the_sidebar(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_sidebar(qtbot, window, "Stations")
    qtbot.keyClick(window.sidebar, Qt.Key.Key_N, CTRL)
    page = window.page("Stations")
    assert isinstance(page, StationsPage)
    assert page.dialog is not None and page.dialog.isVisible()
    assert page.dialog.windowTitle().startswith("New")
    page.dialog.reject()


def test_find_edit_duplicate_and_delete_work_from_the_sidebar(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    click_sidebar(qtbot, window, "Meetings")
    page = window.page("Meetings")
    assert isinstance(page, MeetingsPage)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is page.list.search

    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F2)
    [edit] = open_dialogs(window)
    assert edit.windowTitle().startswith("Meeting of")
    edit.reject()

    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_D, CTRL)
    [duplicate] = open_dialogs(window)
    duplicate.reject()

    window.sidebar.setFocus()
    answers.confirm = False
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Delete)
    assert len(answers.questions) == 1
    assert answers.questions[0].startswith("Delete the")


def test_the_focused_list_takes_the_keys_on_a_page_of_two_lists(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_sidebar(qtbot, window, "Delegations")
    page = window.page("Delegations")
    assert isinstance(page, DelegationsPage)
    page.members.table.setFocus()
    qtbot.keyClick(page.members.table, Qt.Key.Key_N, CTRL)
    assert page.dialog is not None
    assert page.dialog.windowTitle().startswith("New member")
    page.dialog.reject()
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_N, CTRL)  # no list focused: the page's first
    assert page.dialog.windowTitle().startswith("New delegation")
    page.dialog.reject()


def test_pages_change_by_number_and_by_page_keys_with_the_focus_in_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_sidebar(qtbot, window, "Overview")
    qtbot.keyClick(window.sidebar, Qt.Key.Key_3, CTRL)
    delegations = window.page("Delegations")
    assert window.stack.currentWidget() is delegations
    assert isinstance(delegations, DelegationsPage)
    assert QApplication.focusWidget() is delegations.delegations.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, CTRL)
    assert window.stack.currentWidget() is window.page("Meetings")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, CTRL)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, CTRL)
    assert window.stack.currentWidget() is window.page("Mission")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_9, CTRL)
    assert window.stack.currentWidget() is window.page("Statement")
    assert window.sidebar.currentItem().text() == "Statement"


def test_new_on_the_statement_page_adds_a_section(qtbot: QtBot, window: MainWindow) -> None:
    click_sidebar(qtbot, window, "Statement")
    page = window.page("Statement")
    assert isinstance(page, StatementPage)
    before = len(page.model.sections)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_N, CTRL)
    assert len(page.model.sections) == before + 1
    assert QApplication.focusWidget() is page.title_edit


def test_help_lists_the_keys_from_the_menus(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F1)
    [shown] = open_dialogs(window)
    assert isinstance(shown, TableDialog)
    assert shown.windowTitle() == "Keyboard Shortcuts"
    rows = shown.rows()
    for expected in (
        ("Ctrl+N", "Edit > New"),
        ("Ctrl+F", "Edit > Find"),
        ("F2", "Edit > Edit"),
        ("Ctrl+3", "View > 3 Delegations"),
        ("Ctrl+PgDown", "View > Next Page"),
        ("Ctrl+P", "File > Print Statement"),
    ):
        assert expected in rows
    shown.reject()


def test_help_lists_the_statement_placeholders(qtbot: QtBot, window: MainWindow) -> None:
    window.placeholders_action.trigger()
    [shown] = open_dialogs(window)
    assert isinstance(shown, TableDialog)
    rows = dict(shown.rows())
    assert rows["{stations_visited}"] == "distinct polling stations visited (visits marked done)"
    assert len(rows) > 20
    shown.reject()


def test_a_new_mission_starts_typing_in_its_name_and_tab_walks_the_fields(
    qtbot: QtBot,
    settings: QSettings,
    tmp_path: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    target = tmp_path / "kyrgyzstan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    page = window.page("Mission")
    assert window.stack.currentWidget() is page
    assert isinstance(page, MissionPage)
    assert QApplication.focusWidget() is page.editors["name"]
    qtbot.keyClicks(QApplication.focusWidget(), "EOM Kyrgyzstan")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.editors["organisation"]

    # Ctrl+3 lands in the Delegations list, and Tab goes on from it (not cell by cell).
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3, CTRL)
    delegations = window.page("Delegations")
    assert isinstance(delegations, DelegationsPage)
    assert QApplication.focusWidget() is delegations.delegations.table
    qtbot.keyClick(delegations.delegations.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not delegations.delegations.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, CTRL)
    assert QApplication.focusWidget() is page.editors["name"]
    assert answers.errors == []
