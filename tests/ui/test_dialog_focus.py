"""Every new record's dialog opens with the typing in its first field, never on a button.

A dialog with no field focused gave its focus to OK: what was typed went nowhere and
the space in "School No. 1" pressed a button.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from coordinator.ui.context import MissionContext
from coordinator.ui.pages.incidents import IncidentDialog
from tests.ui import test_debrief_page, test_meetings_page, test_stations_page, test_visits_page
from tests.ui.conftest import Answers
from tests.ui.test_stations_page import bishkek  # noqa: F401 (a fixture)
from tests.ui.test_visits_page import Place, place  # noqa: F401 (a fixture)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_new_polling_station_takes_its_code_and_a_name_with_spaces(
    qtbot: QtBot,
    context: MissionContext,
    bishkek: int,  # noqa: F811
) -> None:
    page = test_stations_page.open_page(qtbot, context)
    page.list.new_action.trigger()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.focusWidget() is dialog.code
    qtbot.keyClicks(dialog.focusWidget(), "0012")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.focusWidget(), "School No. 1")
    assert dialog.isVisible()
    assert (dialog.code.text(), dialog.name.text()) == ("0012", "School No. 1")

    qtbot.mouseClick(dialog.new_locality, Qt.MouseButton.LeftButton)
    locality = dialog.locality_dialog
    assert locality is not None and locality.isVisible()
    first = next(iter(locality.editors.values()))
    assert locality.focusWidget() is first
    locality.reject()
    dialog.reject()


def test_new_incident_takes_its_time_first(
    qtbot: QtBot,
    context: MissionContext,
    place: Place,  # noqa: F811
    answers: Answers,
) -> None:
    visit = test_visits_page.done_visit(context, place)
    page = test_visits_page.open_page(qtbot, context)
    page.select_record(visit)
    panel = page.panel.incidents
    dialogs: list[IncidentDialog] = []
    panel.dialog_opened.connect(dialogs.append)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = dialogs[-1]
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.time
    qtbot.keyClicks(dialog.focusWidget(), "10:40")
    assert dialog.time.text() == "10:40"
    dialog.reject()


def test_new_meeting_and_new_note_start_in_a_field(qtbot: QtBot, context: MissionContext) -> None:
    meetings = test_meetings_page.open_page(qtbot, context)
    meetings.list.new_action.trigger()
    meeting = test_meetings_page.the_dialog(meetings)
    assert meeting.focusWidget() is not None
    assert not isinstance(meeting.focusWidget(), QAbstractButton)
    meeting.reject()

    notes = test_debrief_page.open_page(qtbot, context)
    notes.list.new_action.trigger()
    note = test_debrief_page.the_dialog(notes)
    assert note.focusWidget() is note.date
    note.reject()
