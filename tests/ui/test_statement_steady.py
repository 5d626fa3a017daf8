"""The Statement page holds still while a section is edited from the keyboard.

Editing a drafted section renamed it in the list; the warning about an unknown
placeholder came and went above the page and moved everything by a line; it stayed
until the field was left; Tab typed a tab into the text.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coordinator.ui.context import MissionContext
from coordinator.ui.pages.statement import StatementPage
from tests.ui.conftest import Answers
from tests.ui.test_statement_page import demo, page, shown_names, stored  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def where(shown: StatementPage) -> tuple[int, int]:
    """Where the list and the text box are on the page, top edges."""
    return (
        shown.list.mapTo(shown, QPoint(0, 0)).y(),
        shown.text_edit.mapTo(shown, QPoint(0, 0)).y(),
    )


def test_a_drafted_section_keeps_its_name_and_the_page_does_not_move(
    qtbot: QtBot,
    page: StatementPage,  # noqa: F811
    demo: MissionContext,  # noqa: F811
    answers: Answers,
) -> None:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.draft()
    names = shown_names(page)
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Down)  # the second section, from the keyboard
    assert page.list.currentIndex().row() == 1
    before = where(page)
    page.text_edit.setFocus()
    page.text_edit.moveCursor(page.text_edit.textCursor().MoveOperation.Start)
    qtbot.keyClicks(page.text_edit, "In {turnout} ")
    # The warning is there at once, in its place, and nothing moved.
    assert "{turnout}" in page.unknown.text()
    assert "{turnout}" in page.problems.text()
    assert "Help > Statement Placeholders" in page.unknown.text()
    assert "{turnout}" in shown_names(page)[1]
    assert where(page) == before

    for _ in range(len("{turnout} ")):
        qtbot.keyClick(page.text_edit, Qt.Key.Key_Backspace)
    # Gone as soon as the text is right, before the field is left.
    assert page.unknown.text() == ""
    assert page.problems.text() == ""
    assert where(page) == before

    assert page.text_edit.hasFocus()
    qtbot.keyClick(page.text_edit, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and focused is not page.text_edit  # Tab leaves the text box
    assert page.isAncestorOf(focused)
    assert "\t" not in page.text_edit.toPlainText()
    assert stored(demo)[1][1].startswith("In ")  # saved on leaving
    assert shown_names(page) == names  # still named by its topic, not its first words
    assert where(page) == before
