"""Dates typed as a coordinator types them, digit by digit, in the real forms.

Qt's own date editor sent every digit to the day, so `24.02.2025` became a day in
December; no test had typed a date. Here every kind of date form is typed into.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from coordinator.services.meetings import list_meetings
from coordinator.services.mission import get_mission, mission_fields, save_mission
from coordinator.services.paging import PageRequest
from coordinator.ui.context import MissionContext
from coordinator.ui.date_field import DateField, read_date
from tests.conftest import ELECTION_DAY
from tests.ui import test_debrief_page, test_meetings_page, test_mission_page
from tests.ui.conftest import Answers
from tests.ui.test_mission_page import OTS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FEB_24 = dt.date(2025, 2, 24)


class TwoFields(QWidget):
    """A line before the date and one after it, to Tab into and out of the date."""

    def __init__(self, required: bool) -> None:
        super().__init__()
        self.before = QLineEdit()
        self.date = DateField(required=required)
        self.after = QLineEdit()
        layout = QVBoxLayout(self)
        for widget in (self.before, self.date, self.after):
            layout.addWidget(widget)


def tab_in(qtbot: QtBot, required: bool = True) -> TwoFields:
    form = TwoFields(required)
    qtbot.addWidget(form)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    form.before.setFocus()
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    assert form.date.hasFocus()
    return form


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("24.02.2025", FEB_24),
        ("24/02/2025", FEB_24),
        ("24-02-2025", FEB_24),
        ("2025-02-24", FEB_24),
        ("24022025", FEB_24),
        ("3.4.2025", dt.date(2025, 4, 3)),
        ("3.4.25", dt.date(2025, 4, 3)),
        ("10.11.2024", dt.date(2024, 11, 10)),
        ("31.12.2024", dt.date(2024, 12, 31)),
    ],
)
@pytest.mark.parametrize("required", [True, False])
def test_a_date_typed_digit_by_digit_is_the_date_typed(
    qtbot: QtBot, typed: str, day: dt.date, required: bool
) -> None:
    form = tab_in(qtbot, required)
    qtbot.keyClicks(form.date, typed)
    qtbot.keyClick(form.date, Qt.Key.Key_Tab)
    # Tab leaves the field (Qt's editor would have gone on to the month).
    assert form.after.hasFocus()
    assert form.date.date_value() == day
    assert form.date.text() == day.strftime("%d.%m.%Y")
    assert form.date.problem == ""


def test_a_whole_date_is_taken_as_its_last_digit_is_typed(qtbot: QtBot) -> None:
    form = tab_in(qtbot)
    qtbot.keyClicks(form.date, "24.0")
    assert form.date.text() == "24.0"  # shown as typed, not yet read
    qtbot.keyClicks(form.date, "2.2025")
    assert form.date.date_value() == FEB_24
    assert form.date.hasFocus()


def test_digits_alone_change_the_day_of_the_date_shown(qtbot: QtBot) -> None:
    form = tab_in(qtbot)
    form.date.set_date(dt.date(2024, 11, 14))
    qtbot.keyClicks(form.date, "17")
    qtbot.keyClick(form.date, Qt.Key.Key_Return)
    assert form.date.date_value() == ELECTION_DAY


def test_a_pasted_date_is_read_whole(qtbot: QtBot) -> None:
    form = tab_in(qtbot, required=False)
    QGuiApplication.clipboard().setText(" 24/02/2025\n")
    qtbot.keyClick(form.date, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert form.date.date_value() == FEB_24
    QGuiApplication.clipboard().setText("next Tuesday")
    qtbot.keyClick(form.date, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert form.date.date_value() == FEB_24
    assert form.date.problem.startswith("'next Tuesday' is not a date")


def test_backspace_and_escape_while_typing(qtbot: QtBot) -> None:
    form = tab_in(qtbot)
    form.date.set_date(ELECTION_DAY)
    qtbot.keyClicks(form.date, "25.03")
    qtbot.keyClick(form.date, Qt.Key.Key_Backspace)
    assert form.date.text() == "25.0"
    qtbot.keyClick(form.date, Qt.Key.Key_Escape)
    assert form.date.text() == "17.11.2024"
    assert form.date.date_value() == ELECTION_DAY


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_an_empty_date_opens_its_calendar_on_the_start_day_from_the_keyboard(
    qtbot: QtBot,
) -> None:
    form = tab_in(qtbot, required=False)
    form.date.set_start_date(dt.date(2024, 11, 14))
    qtbot.keyClick(form.date, Qt.Key.Key_F4)
    calendar = form.date.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2024, 11)
    assert form.date.date_value() is None  # looking is not choosing
    qtbot.keyClick(calendar, Qt.Key.Key_Escape)
    assert form.date.date_value() is None
    qtbot.keyClick(form.date, Qt.Key.Key_Up)  # the arrows start from it too
    assert form.date.date_value() == dt.date(2024, 11, 15)


@pytest.mark.parametrize(
    "typed", ["24.02.2025", "24/02/2025", "2025-02-24", "3.4.2025", "24.02.1250"]
)
def test_read_date(typed: str) -> None:
    expected = {"3.4.2025": dt.date(2025, 4, 3), "24.02.1250": dt.date(1250, 2, 24)}
    assert read_date(typed) == expected.get(typed, FEB_24)


@pytest.mark.parametrize("typed", ["31.02.2025", "24.13.2025", "2025", "24..", "1.2.345"])
def test_read_date_finds_no_date(typed: str) -> None:
    assert read_date(typed) is None


# --- in the real forms ----------------------------------------------------------------------


def test_a_meeting_date_typed_is_saved_and_a_wrong_one_holds_the_dialog(
    qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    context.write("mission", save_mission, OTS)
    page = test_meetings_page.open_page(qtbot, context)
    page.list.new_action.trigger()
    dialog = test_meetings_page.the_dialog(page)
    # A new meeting starts on election day: the mission (November 2024) is not running today.
    assert dialog.date.date_value() == ELECTION_DAY
    dialog.date.setFocus()
    qtbot.keyClicks(dialog.date, "31.02.2024")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    message = dialog.errors["date"]
    assert message.isVisible()
    assert message.text() == (
        "'31.02.2024' is not a date: type day.month.year, as 24.02.2025 "
        "(the field keeps 17.11.2024)."
    )
    test_meetings_page.type_into_cell(
        qtbot, dialog.interlocutors.table, 0, 0, "Ms. Nurzhan Shaildabekova"
    )
    test_meetings_page.press_ok(qtbot, dialog)
    assert dialog.isVisible()  # not saved on the kept date behind the user's back
    assert context.query(list_meetings, PageRequest()).total == 0

    dialog.date.setFocus()
    qtbot.keyClicks(dialog.date, "16.11.2024")
    assert not message.isVisible()  # gone as soon as the date reads
    test_meetings_page.press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    [meeting] = context.query(list_meetings, PageRequest()).rows
    assert meeting.date == dt.date(2024, 11, 16)


def test_a_debrief_note_date_typed_is_saved(qtbot: QtBot, context: MissionContext) -> None:
    context.write("mission", save_mission, OTS)
    page = test_debrief_page.open_page(qtbot, context)
    page.list.new_action.trigger()
    dialog = test_debrief_page.the_dialog(page)
    assert dialog.date.date_value() == ELECTION_DAY
    dialog.date.setFocus()
    qtbot.keyClicks(dialog.date, "18/11/2024")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.text, "Tabulation was conducted in time.")
    test_debrief_page.press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert test_debrief_page.cells(page, 0)[0] == "18.11.2024"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_mission_dates_typed_and_left_are_saved_and_the_end_starts_from_the_start(
    qtbot: QtBot, context: MissionContext
) -> None:
    context.write("mission", save_mission, dataclasses.replace(OTS, mission_end=None))
    page = test_mission_page.open_page(qtbot, context)
    end = test_mission_page.date(page, "mission_end")
    assert end.text() == "none"
    end.setFocus()
    qtbot.keyClick(end, Qt.Key.Key_F4)
    calendar = end.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2024, 11)
    qtbot.keyClick(calendar, Qt.Key.Key_Escape)
    end.setFocus()
    qtbot.keyClicks(end, "19.11.2024")
    qtbot.keyClick(end, Qt.Key.Key_Tab)
    election = test_mission_page.date(page, "election_date")
    election.setFocus()
    qtbot.keyClicks(election, "2024-11-18")
    qtbot.keyClick(election, Qt.Key.Key_Return)
    mission = context.query(get_mission)
    assert mission is not None
    saved = mission_fields(mission)
    assert (saved.mission_end, saved.election_date) == (
        dt.date(2024, 11, 19),
        dt.date(2024, 11, 18),
    )

    election.setFocus()
    qtbot.keyClicks(election, "32.11.2024")
    qtbot.keyClick(election, Qt.Key.Key_Return)
    assert page.errors["election_date"].text().startswith("'32.11.2024' is not a date")
    assert election.text() == "18.11.2024"
    qtbot.keyClicks(election, "17.11.2024")
    assert page.errors["election_date"].isHidden()


def test_a_members_arrival_typed_into_an_empty_date(
    qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    from tests.ui import test_delegations_page as delegations

    context.write("mission", save_mission, OTS)
    mission = delegations.mission.__wrapped__(context)  # type: ignore[attr-defined]
    page = delegations.DelegationsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    delegations.select_row(page.delegations, mission.turkiye)
    page.members.new_action.trigger()
    dialog = delegations.open_dialog(qtbot, page)
    qtbot.keyClicks(dialog.editors["full_name"], "Mehmet Demir")
    arrival = dialog.editors["arrival"]
    assert isinstance(arrival, DateField)
    assert arrival.text() == "none"
    qtbot.keyClick(arrival, Qt.Key.Key_Up)  # from the mission's first day, not from today
    assert arrival.date_value() == dt.date(2024, 11, 15)
    arrival.setFocus()
    qtbot.keyClicks(arrival, "13.11.2024")
    qtbot.keyClick(arrival, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.editors["departure"], "19.11.2024")
    delegations.press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    [saved] = [row for row in delegations.members(context) if row.full_name == "Mehmet Demir"]
    assert (saved.arrival, saved.departure) == (dt.date(2024, 11, 13), dt.date(2024, 11, 19))
