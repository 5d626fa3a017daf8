"""The Meetings page driven as a coordinator would: the list, the detail, the form, undo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QTableWidget,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator.db.enums import MeetingKind
from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.meetings import (
    InterlocutorFields,
    KeyPointFields,
    MeetingFields,
    create_meeting,
    get_meeting,
    list_meetings,
)
from coordinator.services.members import MemberFields, create_member
from coordinator.services.paging import PageRequest
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.meeting_dialog import MeetingDialog
from coordinator.ui.pages.meetings import MeetingsPage
from tests.ui.conftest import Answers

# The offscreen platform says so for every window shown; it is not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CEC = "Central Commission on Elections and Referendums of the Kyrgyz Republic"
THRESHOLD = "The election threshold was reduced from 7% to 5%."
E_VOTING = "In the elections of Deputies of Local Councils, e-voting is used for the first time."
BIOMETRICS = "An updated biometric identification system was adopted."

PRESENTATION = MeetingFields(
    date=dt.date(2024, 11, 16),
    start=dt.time(10, 0),
    end=dt.time(12, 30),
    location="ЦИК, Бишкек",
    kind=MeetingKind.PRESENTATION,
    summary="Presentation for the international observation missions.",
    interlocutors=(
        InterlocutorFields("Ms. Nurzhan Shaildabekova", "Chairman", CEC),
        InterlocutorFields("Айгүл Өмүрова", "Secretary", CEC),
    ),
    key_points=(
        KeyPointFields(THRESHOLD, for_statement=True),
        KeyPointFields(E_VOTING, for_statement=True),
        KeyPointFields(BIOMETRICS, for_statement=True),
        KeyPointFields("Questions were answered clearly."),
    ),
)
COURTESY_CALL = MeetingFields(
    date=dt.date(2024, 11, 14),
    start=dt.time(15, 0),
    kind=MeetingKind.COURTESY_CALL,
    location="Embassy of the Republic of Türkiye",
    interlocutors=(InterlocutorFields("Mr. Ahmet Sadık Doğan", "Ambassador"),),
)


def meeting_count(context: MissionContext) -> int:
    return context.query(list_meetings, PageRequest()).total or 0


def add_members(context: MissionContext, *names: str) -> list[int]:
    delegation = context.write("delegations", create_delegation, DelegationFields("Secretariat"))
    return [
        context.write("members", create_member, MemberFields(name, delegation.id)).id
        for name in names
    ]


def open_page(qtbot: QtBot, context: MissionContext) -> MeetingsPage:
    page = MeetingsPage(context)
    # What the main window does for its pages: forward every change.
    context.changed.connect(page.on_changed)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activate()
    return page


def cells(page: MeetingsPage, column: int) -> list[str]:
    model = page.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def detail_text(page: MeetingsPage) -> str:
    shown = page.detail.widget()
    return "\n".join(label.text() for label in shown.findChildren(QLabel))


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` into `widget`; QTest types only ASCII, so other letters go as key events."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for letter in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, letter)
            )


def type_into_cell(
    qtbot: QtBot,
    table: QTableWidget,
    row: int,
    column: int,
    text: str,
    *,
    press_enter: bool = True,
) -> None:
    """Type into a cell as a user does: open its editor, type, press Enter."""
    item = table.item(row, column)
    assert item is not None
    index = table.model().index(row, column)
    if table.indexWidget(index) is None:  # Add opens the new row's first cell by itself
        table.setCurrentCell(row, column)
        table.editItem(item)
    editor = table.indexWidget(index)
    assert editor is not None
    type_text(qtbot, editor, text)
    if press_enter:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        QApplication.processEvents()  # the table takes the text in a queued call


def click_check(qtbot: QtBot, table: QTableWidget | QListWidget, rect_left: int, y: int) -> None:
    # The check box sits at the left of its cell; clicking it toggles it.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect_left + 10, y))


def the_dialog(page: MeetingsPage) -> MeetingDialog:
    dialogs = [d for d in page.findChildren(MeetingDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def press_ok(qtbot: QtBot, dialog: MeetingDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_meeting_typed_into_the_form_is_listed_and_saved(
    qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    aynur, _zhanar = add_members(context, "Aynur Məmmədova", "Жанар Сейткали")
    page = open_page(qtbot, context)
    assert "No meetings logged yet" in detail_text(page)

    page.list.new_action.trigger()
    dialog = the_dialog(page)
    dialog.date.setDate(QDate(2024, 11, 16))
    qtbot.keyClicks(dialog.start, "10:00")
    qtbot.keyClicks(dialog.end, "1230")
    dialog.kind.setCurrentIndex(dialog.kind.findText("Presentation"))
    type_text(qtbot, dialog.location, "ЦИК, Бишкек")
    qtbot.keyClicks(dialog.summary, "Presentation for the international observation missions.")
    people = dialog.interlocutors.table
    type_into_cell(qtbot, people, 0, 0, "Ms. Nurzhan Shaildabekova")
    type_into_cell(qtbot, people, 0, 1, "Chairman")
    type_into_cell(qtbot, people, 0, 2, CEC)
    qtbot.mouseClick(dialog.interlocutors.add_button, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, people, 1, 0, "Айгүл Өмүрова")
    points = dialog.key_points.table
    qtbot.mouseClick(dialog.key_points.add_button, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, points, 0, 0, THRESHOLD)
    flag = points.visualItemRect(points.item(0, 1))
    click_check(qtbot, points, flag.left(), flag.center().y())
    qtbot.keyClicks(dialog.participants.filter, "aynur")
    shown = [
        dialog.participants.list.item(r)
        for r in range(dialog.participants.list.count())
        if not dialog.participants.list.item(r).isHidden()
    ]
    assert [item.text() for item in shown] == ["Aynur Məmmədova  ·  Secretariat"]
    box = dialog.participants.list.visualItemRect(shown[0])
    click_check(qtbot, dialog.participants.list, box.left(), box.center().y())
    assert dialog.participants.count.text() == "1 of 2 took part"
    qtbot.mouseClick(dialog.key_points.add_button, Qt.MouseButton.LeftButton)
    # The last point is still being typed when OK is pressed: it must not be lost.
    type_into_cell(qtbot, points, 1, 0, "Questions were answered clearly.", press_enter=False)

    press_ok(qtbot, dialog)

    assert not dialog.isVisible()
    assert cells(page, 3) == ["Ms. Nurzhan Shaildabekova"]
    assert cells(page, 1) == ["10:00–12:30"]
    assert cells(page, 6) == ["2 (1 for the statement)"]
    meeting = context.query(get_meeting, page.model.id_at(0))
    assert [(i.name, i.position, i.institution) for i in meeting.interlocutors] == [
        ("Ms. Nurzhan Shaildabekova", "Chairman", CEC),
        ("Айгүл Өмүрова", "", ""),
    ]
    assert [(p.text, p.for_statement) for p in meeting.key_points] == [
        (THRESHOLD, True),
        ("Questions were answered clearly.", False),
    ]
    assert [m.id for m in meeting.participants] == [aynur]
    assert meeting.kind is MeetingKind.PRESENTATION
    assert (meeting.start, meeting.end) == (dt.time(10, 0), dt.time(12, 30))
    # The new meeting is selected and shown in full below the list.
    assert page.detail.meeting_id == meeting.id
    assert set(page.detail.checks) == {p.id for p in meeting.key_points}
    assert answers.errors == []

    context.undo_stack.undo()
    assert meeting_count(context) == 0
    context.undo_stack.redo()
    assert meeting_count(context) == 1
    assert context.query(get_meeting, meeting.id).key_points[0].text == THRESHOLD


def test_a_meeting_ending_before_it_starts_is_refused_beside_the_end(
    qtbot: QtBot, context: MissionContext
) -> None:
    page = open_page(qtbot, context)
    page.list.new_action.trigger()
    dialog = the_dialog(page)
    type_into_cell(qtbot, dialog.interlocutors.table, 0, 0, "Ms. Nurzhan Shaildabekova")
    qtbot.keyClicks(dialog.start, "12:00")
    qtbot.keyClicks(dialog.end, "11:00")

    press_ok(qtbot, dialog)

    assert dialog.isVisible()
    message = dialog.errors["end"]
    assert message.isVisible()
    assert "must end after it starts (12:00)" in message.text()
    assert dialog.end.property("invalid") is True
    assert not dialog.errors["start"].isVisible()
    assert meeting_count(context) == 0
    assert page.model.rowCount() == 0
    assert context.undo_stack.count() == 0

    dialog.end.clear()
    qtbot.keyClicks(dialog.end, "13:00")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert meeting_count(context) == 1


def test_a_meeting_without_interlocutors_or_with_an_empty_point_is_refused(
    qtbot: QtBot, context: MissionContext
) -> None:
    page = open_page(qtbot, context)
    dialog = page.new_meeting()
    dialog.key_points.add_row(KeyPointFields(""))
    dialog.key_points.add_row(KeyPointFields(THRESHOLD))

    press_ok(qtbot, dialog)

    assert "Name at least one interlocutor." in dialog.errors["interlocutors"].text()
    assert "Key point 1 has no text" in dialog.errors["key_points"].text()
    assert dialog.interlocutors.table.property("invalid") is True
    assert meeting_count(context) == 0


def test_key_points_can_be_reordered_and_removed_in_the_form(
    qtbot: QtBot, context: MissionContext
) -> None:
    page = open_page(qtbot, context)
    dialog = page.new_meeting(PRESENTATION)
    editor = dialog.key_points
    editor.table.setCurrentCell(2, 0)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    editor.table.setCurrentCell(3, 0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)  # nothing selected below

    assert dialog.fields().key_points == (
        KeyPointFields(BIOMETRICS, True),
        KeyPointFields(THRESHOLD, True),
        KeyPointFields(E_VOTING, True),
    )


def test_ticking_a_key_point_for_the_statement_saves_it_and_undo_reverts_it(
    qtbot: QtBot, context: MissionContext
) -> None:
    meeting_id = context.write("meetings", create_meeting, PRESENTATION).id
    page = open_page(qtbot, context)
    last = context.query(get_meeting, meeting_id).key_points[3]
    assert cells(page, 6) == ["4 (3 for the statement)"]
    assert not page.detail.checks[last.id].isChecked()

    qtbot.mouseClick(page.detail.checks[last.id], Qt.MouseButton.LeftButton)

    assert context.query(get_meeting, meeting_id).key_points[3].for_statement is True
    assert cells(page, 6) == ["4 (4 for the statement)"]
    assert page.detail.checks[last.id].isChecked()
    assert context.undo_stack.undoText() == "Mark key point for the statement"

    context.undo_stack.undo()
    assert context.query(get_meeting, meeting_id).key_points[3].for_statement is False
    assert cells(page, 6) == ["4 (3 for the statement)"]
    assert not page.detail.checks[last.id].isChecked()

    context.undo_stack.redo()
    assert context.query(get_meeting, meeting_id).key_points[3].for_statement is True


def test_delete_says_what_goes_and_undo_brings_it_all_back(
    qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    [member] = add_members(context, "Kubanychbek Omuraliev")
    fields = dataclasses.replace(PRESENTATION, participant_ids=(member,))
    meeting_id = context.write("meetings", create_meeting, fields).id
    context.write("meetings", create_meeting, COURTESY_CALL)
    page = open_page(qtbot, context)
    assert page.list.select(meeting_id)

    answers.confirm = False
    qtbot.keyClick(page.list.table, Qt.Key.Key_Delete)
    assert meeting_count(context) == 2
    assert "and its 4 key points, 3 of them for the statement" in answers.questions[0]
    assert "Ms. Nurzhan Shaildabekova" in answers.questions[0]

    answers.confirm = True
    qtbot.keyClick(page.list.table, Qt.Key.Key_Delete)
    assert meeting_count(context) == 1
    assert cells(page, 3) == ["Mr. Ahmet Sadık Doğan"]
    assert page.detail.meeting_id != meeting_id

    context.undo_stack.undo()
    back = context.query(get_meeting, meeting_id)
    assert [p.text for p in back.key_points] == [
        THRESHOLD,
        E_VOTING,
        BIOMETRICS,
        fields.key_points[3].text,
    ]
    assert [m.id for m in back.participants] == [member]
    assert len(back.interlocutors) == 2
    assert page.model.rowCount() == 2


def test_edit_changes_the_meeting_and_undo_restores_it(
    qtbot: QtBot, context: MissionContext
) -> None:
    meeting_id = context.write("meetings", create_meeting, PRESENTATION).id
    page = open_page(qtbot, context)
    where = page.list.table.visualRect(page.model.index(0, 0)).center()
    viewport = page.list.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    dialog = the_dialog(page)
    assert dialog.location.text() == "ЦИК, Бишкек"
    assert dialog.interlocutors.people() == PRESENTATION.interlocutors
    dialog.location.clear()
    qtbot.keyClicks(dialog.location, "Hotel Jannat Regency, Bishkek")
    press_ok(qtbot, dialog)

    assert cells(page, 5) == ["Hotel Jannat Regency, Bishkek"]
    assert context.query(get_meeting, meeting_id).location == "Hotel Jannat Regency, Bishkek"
    context.undo_stack.undo()
    assert context.query(get_meeting, meeting_id).location == "ЦИК, Бишкек"
    assert cells(page, 5) == ["ЦИК, Бишкек"]


def test_duplicate_opens_a_copy_that_saves_as_a_new_meeting(
    qtbot: QtBot, context: MissionContext
) -> None:
    context.write("meetings", create_meeting, PRESENTATION)
    page = open_page(qtbot, context)
    page.list.duplicate_action.trigger()
    dialog = the_dialog(page)
    assert dialog.windowTitle() == "Duplicate meeting"
    dialog.date.setDate(QDate(2024, 11, 18))
    press_ok(qtbot, dialog)

    assert sorted(cells(page, 0)) == ["16.11.2024", "18.11.2024"]
    assert cells(page, 6) == ["4 (3 for the statement)"] * 2
    # The copy is the meeting selected and shown.
    shown = page.model.row_of_id(page.detail.meeting_id or 0)
    assert shown is not None
    assert cells(page, 0)[shown] == "18.11.2024"


def test_search_and_kind_filter_narrow_the_list(qtbot: QtBot, context: MissionContext) -> None:
    context.write("meetings", create_meeting, PRESENTATION)
    context.write("meetings", create_meeting, COURTESY_CALL)
    page = open_page(qtbot, context)
    assert page.list.count.text() == "2 meetings"

    page.kind.setCurrentIndex(page.kind.findText("Courtesy call"))
    assert cells(page, 2) == ["Courtesy call"]
    assert page.detail.meeting_id == page.model.id_at(0)
    page.kind.setCurrentIndex(0)

    qtbot.keyClicks(page.list.search, "SHAILDABEKOVA")
    assert page.model.rowCount() == 1
    page.list.search.clear()
    type_text(qtbot, page.list.search, "айгүл")  # the second interlocutor, any case
    assert cells(page, 3) == ["Ms. Nurzhan Shaildabekova"]
    page.list.search.clear()
    qtbot.keyClicks(page.list.search, "nobody")
    assert page.model.rowCount() == 0
    assert page.detail.meeting_id is None


@pytest.mark.parametrize("with_rows", [False, True])
def test_every_model_on_the_page_passes_the_model_tester(
    qtbot: QtBot, context: MissionContext, qtmodeltester: ModelTester, with_rows: bool
) -> None:
    if with_rows:
        add_members(context, "Aynur Məmmədova")
        context.write("meetings", create_meeting, PRESENTATION)
        context.write("meetings", create_meeting, COURTESY_CALL)
    page = open_page(qtbot, context)
    qtmodeltester.check(page.model)
    dialog = page.new_meeting(PRESENTATION if with_rows else None)
    qtmodeltester.check(dialog.interlocutors.table.model())
    qtmodeltester.check(dialog.key_points.table.model())
    qtmodeltester.check(dialog.participants.list.model())


def test_a_read_only_mission_is_shown_but_cannot_be_changed(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "sent by e-mail.eom"
    with create_mission_file(path) as writable, writable.session() as session:
        create_meeting(session, PRESENTATION)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    context = MissionContext(open_mission_file(path))
    try:
        page = open_page(qtbot, context)
        assert cells(page, 3) == ["Ms. Nurzhan Shaildabekova"]
        for action in (page.list.new_action, page.list.duplicate_action, page.list.delete_action):
            assert not action.isVisible()
        assert len(page.detail.checks) == 4
        assert not any(check.isEnabled() for check in page.detail.checks.values())

        qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
        dialog = the_dialog(page)
        assert dialog.windowTitle() == "Meeting of 16 November 2024 (read-only)"
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.reject()
    finally:
        context.close()
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
