"""The Debrief page driven as a coordinator would: filters, the statement flag, the form, undo."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.db.models import DebriefNote
from coordinator.services.debrief import DebriefFields, create_debrief_note, list_debrief_notes
from coordinator.services.paging import PageRequest
from coordinator.services.teams import TeamFields, create_team, delete_team
from coordinator.services.unit import get
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.debrief import DebriefModel, DebriefPage
from coordinator.ui.pages.debrief_dialog import DebriefDialog
from tests.conftest import ELECTION_DAY
from tests.ui.conftest import Answers
from tests.ui.test_meetings_page import type_text

# The offscreen platform says so for every window shown; it is not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DAY_AFTER = ELECTION_DAY + dt.timedelta(days=1)
FLAG = DebriefModel.FOR_STATEMENT


def add_teams(context: MissionContext, *codes: str) -> list[int]:
    return [context.write("teams", create_team, TeamFields(code)).id for code in codes]


def add_notes(context: MissionContext) -> dict[str, int]:
    """Three notes: T1 on election day (flagged), T2 on election day, none the day after."""
    t1, t2 = add_teams(context, "T1", "T2")
    notes = {
        "opening": DebriefFields(
            ELECTION_DAY,
            t1,
            "Kubanychbek Omuraliev",
            "Opening",
            "Polling stations opened on time.\nBallot boxes were sealed before the observers.",
            for_statement=True,
        ),
        "voting": DebriefFields(
            ELECTION_DAY, t2, "Aynur Məmmədova", "Voting", "No campaign materials were seen."
        ),
        "general": DebriefFields(
            DAY_AFTER, None, "Head of Mission", "General", "No serious issues were detected."
        ),
    }
    return {
        name: context.write("debrief", create_debrief_note, fields).id
        for name, fields in notes.items()
    }


def open_page(qtbot: QtBot, context: MissionContext) -> DebriefPage:
    page = DebriefPage(context)
    # What the main window does for its pages: forward every change.
    context.changed.connect(page.on_changed)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activate()
    return page


def cells(page: DebriefPage, column: int) -> list[str]:
    return [page.model.index(row, column).data() for row in range(page.model.rowCount())]


def note(context: MissionContext, note_id: int) -> DebriefNote:
    return context.query(get, DebriefNote, note_id, "debrief note")


def the_dialog(page: DebriefPage) -> DebriefDialog:
    dialogs = [d for d in page.findChildren(DebriefDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def press_ok(qtbot: QtBot, dialog: DebriefDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def choose(combo_items: list[str], wanted: str) -> int:
    return combo_items.index(wanted)


def test_a_note_typed_into_the_form_is_listed_and_saved(
    qtbot: QtBot, context: MissionContext
) -> None:
    [_t1, t2] = add_teams(context, "T1", "T2")
    page = open_page(qtbot, context)
    assert page.model.rowCount() == 0
    assert "No debrief notes yet" in page.detail.hint.text()

    page.list.new_action.trigger()
    dialog = the_dialog(page)
    dialog.date.setDate(QDate(2024, 11, 17))
    dialog.team.setCurrentIndex(dialog.team.findData(t2))
    type_text(qtbot, dialog.author, "Ərşad Hüseynov")
    qtbot.keyClicks(dialog.topic, "Counting")
    qtbot.keyClicks(dialog.text, "Tabulation was conducted in time.")
    qtbot.mouseClick(dialog.for_statement, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    press_ok(qtbot, dialog)

    assert not dialog.isVisible()
    assert cells(page, 1) == ["T2"]
    assert cells(page, 2) == ["Ərşad Hüseynov"]
    assert cells(page, FLAG) == ["yes"]
    assert page.model.index(0, FLAG).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    saved = note(context, page.model.id_at(0))
    assert (saved.date, saved.team_id, saved.topic) == (ELECTION_DAY, t2, "Counting")
    assert saved.text == "Tabulation was conducted in time."
    assert saved.for_statement is True
    assert page.detail.note_id == saved.id
    assert page.detail.text.text() == "Tabulation was conducted in time."
    context.undo_stack.undo()
    assert page.model.rowCount() == 0


def test_a_note_without_text_is_refused_beside_the_text(
    qtbot: QtBot, context: MissionContext
) -> None:
    page = open_page(qtbot, context)
    dialog = page.new_note()
    qtbot.keyClicks(dialog.topic, "Opening")
    press_ok(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.errors["text"].isVisible()
    assert dialog.errors["text"].text() == "Text is required."
    assert context.query(list_debrief_notes, PageRequest()).total == 0
    assert context.undo_stack.count() == 0


def test_filters_by_team_date_and_statement_show_only_those_notes(
    qtbot: QtBot, context: MissionContext
) -> None:
    add_notes(context)
    page = open_page(qtbot, context)
    teams = [page.team.itemText(i) for i in range(page.team.count())]
    dates = [page.date.itemText(i) for i in range(page.date.count())]
    assert teams == ["All teams", "T1", "T2"]
    assert dates == ["All dates", "17 November 2024", "18 November 2024"]
    assert page.list.count.text() == "3 debrief notes"

    page.team.setCurrentIndex(choose(teams, "T2"))
    assert cells(page, 1) == ["T2"]
    assert cells(page, 3) == ["Voting"]
    assert page.list.count.text() == "1 debrief note"
    assert page.detail.heading.text() == "17 November 2024 · T2 · Aynur Məmmədova — Voting"

    page.team.setCurrentIndex(0)
    page.date.setCurrentIndex(choose(dates, "17 November 2024"))
    assert sorted(cells(page, 3)) == ["Opening", "Voting"]

    qtbot.mouseClick(page.flagged_only, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert cells(page, 3) == ["Opening"]
    assert cells(page, 4) == ["Polling stations opened on time. …"]

    page.date.setCurrentIndex(choose(dates, "18 November 2024"))
    assert page.model.rowCount() == 0
    assert page.detail.hint.text() == "No notes match the search and filters."
    assert page.detail.hint.isVisible()
    assert not page.detail.check.isVisible()


def test_a_deleted_team_no_longer_filters_the_list(qtbot: QtBot, context: MissionContext) -> None:
    add_notes(context)
    page = open_page(qtbot, context)
    page.team.setCurrentIndex(page.team.findText("T2"))
    assert page.model.rowCount() == 1
    t2 = page.team.currentData()

    context.write("teams", delete_team, t2)

    assert [page.team.itemText(i) for i in range(page.team.count())] == ["All teams", "T1"]
    assert page.model.rowCount() == 3


def test_ticking_for_the_statement_in_the_list_saves_and_undo_reverts(
    qtbot: QtBot, context: MissionContext
) -> None:
    ids = add_notes(context)
    page = open_page(qtbot, context)
    row = page.model.row_of_id(ids["voting"])
    assert row is not None
    cell = page.list.table.visualRect(page.model.index(row, FLAG))
    assert cells(page, FLAG)[row] == ""

    # The check box sits at the left of the cell.
    qtbot.mouseClick(
        page.list.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(cell.left() + 10, cell.center().y()),
    )
    qtbot.waitUntil(lambda: note(context, ids["voting"]).for_statement)

    row = page.model.row_of_id(ids["voting"])
    assert row is not None
    assert cells(page, FLAG)[row] == "yes"
    assert context.undo_stack.undoText() == "Mark note for the statement"
    context.undo_stack.undo()
    assert note(context, ids["voting"]).for_statement is False
    assert cells(page, FLAG)[page.model.row_of_id(ids["voting"]) or 0] == ""


def test_the_check_box_below_the_list_flags_the_selected_note(
    qtbot: QtBot, context: MissionContext
) -> None:
    ids = add_notes(context)
    page = open_page(qtbot, context)
    assert page.list.select(ids["opening"])
    assert page.detail.check.isChecked()
    assert page.detail.text.text().startswith("Polling stations opened on time.\nBallot")

    qtbot.mouseClick(page.detail.check, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))

    assert note(context, ids["opening"]).for_statement is False
    assert page.detail.note_id == ids["opening"]
    assert not page.detail.check.isChecked()
    context.undo_stack.undo()
    assert note(context, ids["opening"]).for_statement is True
    assert page.detail.check.isChecked()


def test_delete_asks_first_and_undo_brings_the_note_back(
    qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    ids = add_notes(context)
    page = open_page(qtbot, context)
    assert page.list.select(ids["opening"])

    answers.confirm = False
    qtbot.keyClick(page.list.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 3
    assert answers.questions == [
        "Delete the note of 17 November 2024 by T1 · Kubanychbek Omuraliev about Opening? "
        "It is marked for the statement. Edit > Undo brings it back."
    ]

    answers.confirm = True
    qtbot.keyClick(page.list.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 2
    assert ids["opening"] not in [page.model.id_at(r) for r in range(2)]

    context.undo_stack.undo()
    back = note(context, ids["opening"])
    assert back.topic == "Opening"
    assert back.for_statement is True
    assert page.model.rowCount() == 3


def test_edit_changes_the_note_and_undo_restores_it(qtbot: QtBot, context: MissionContext) -> None:
    ids = add_notes(context)
    page = open_page(qtbot, context)
    assert page.list.select(ids["general"])
    qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
    dialog = the_dialog(page)
    assert dialog.text.toPlainText() == "No serious issues were detected."
    assert dialog.team.currentData() is None
    dialog.topic.clear()
    qtbot.keyClicks(dialog.topic, "General impression")
    press_ok(qtbot, dialog)

    assert note(context, ids["general"]).topic == "General impression"
    assert "General impression" in cells(page, 3)
    context.undo_stack.undo()
    assert note(context, ids["general"]).topic == "General"


def test_duplicate_copies_the_note(qtbot: QtBot, context: MissionContext) -> None:
    ids = add_notes(context)
    page = open_page(qtbot, context)
    assert page.list.select(ids["voting"])
    page.list.duplicate_action.trigger()
    dialog = the_dialog(page)
    assert dialog.author.text() == "Aynur Məmmədova"
    press_ok(qtbot, dialog)

    assert cells(page, 2).count("Aynur Məmmədova") == 2
    assert page.detail.note_id not in ids.values()


@pytest.mark.parametrize("with_rows", [False, True])
def test_the_notes_model_passes_the_model_tester(
    qtbot: QtBot, context: MissionContext, qtmodeltester: ModelTester, with_rows: bool
) -> None:
    if with_rows:
        add_notes(context)
    page = open_page(qtbot, context)
    qtmodeltester.check(page.model)
    page.flagged_only.setChecked(True)
    qtmodeltester.check(page.model)


def test_a_read_only_mission_is_shown_but_cannot_be_changed(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "sent by e-mail.eom"
    with create_mission_file(path) as writable, writable.session() as session:
        create_debrief_note(
            session, DebriefFields(ELECTION_DAY, None, "Head of Mission", "General", "All calm.")
        )
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    context = MissionContext(open_mission_file(path))
    try:
        page = open_page(qtbot, context)
        assert cells(page, 2) == ["Head of Mission"]
        assert not page.list.new_action.isVisible()
        assert not page.list.delete_action.isVisible()
        flags = page.model.flags(page.model.index(0, FLAG))
        assert not flags & Qt.ItemFlag.ItemIsUserCheckable
        assert not page.detail.check.isEnabled()

        qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
        dialog = the_dialog(page)
        assert dialog.windowTitle() == "Debrief note (read-only)"
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.reject()
    finally:
        context.close()
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
