"""The checklist editor's "Required" tick box, ticked with the mouse and with Space, kept
through saving, reopening, duplicating and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from coordinator.db.enums import AnswerType, Phase
from coordinator.services.checklist import QuestionFields, create_question, list_questions
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.checklist_editor import ChecklistEditor, QuestionDialog
from coordinator.ui.pages.mission import MissionPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def open_page(qtbot: QtBot, context: MissionContext) -> MissionPage:
    page = MissionPage(context)
    qtbot.addWidget(page)
    context.changed.connect(page.on_changed)  # as the main window does
    page.resize(1280, 800)
    page.show()
    page.activate()
    return page


def edit(qtbot: QtBot, editor: ChecklistEditor, question_id: int) -> QuestionDialog:
    """Select the question in the list and press Enter, as a coordinator opens it."""
    editor.list.select(question_id)
    qtbot.keyClick(editor.list.table, Qt.Key.Key_Return)
    dialog = editor.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def press_ok(qtbot: QtBot, dialog: QuestionDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible(), dialog.errors


def required(context: MissionContext) -> dict[str, bool]:
    return {row.code: row.required for row in context.query(list_questions)}


def test_required_is_ticked_with_the_mouse_and_with_space_and_kept(
    qtbot: QtBot, context: MissionContext, tmp_path: Path
) -> None:
    opened = context.write(
        "checklist",
        create_question,
        QuestionFields("O1", Phase.OPENING, "Did the station open on time?", AnswerType.YES_NO),
    )
    page = open_page(qtbot, context)
    editor = page.checklist
    model = editor.model
    column = next(i for i, c in enumerate(model.columns) if c.header == "Required")
    assert model.index(0, column).data() == ""

    dialog = edit(qtbot, editor, opened.id)
    assert not dialog.required.isChecked()
    qtbot.mouseClick(dialog.required, Qt.MouseButton.LeftButton)
    assert dialog.required.isChecked()
    press_ok(qtbot, dialog)
    assert required(context) == {"O1": True}
    assert model.index(0, column).data() == "yes"
    dialog.grab().save(str(tmp_path / "question-required.png"))

    # Opened again, it is still ticked; Space from the keyboard takes it off.
    dialog = edit(qtbot, editor, opened.id)
    assert dialog.required.isChecked()
    dialog.required.setFocus()
    qtbot.keyClick(dialog.required, Qt.Key.Key_Space)
    assert not dialog.required.isChecked()
    press_ok(qtbot, dialog)
    assert required(context) == {"O1": False}

    # Space ticks it again; each save is one step to undo.
    dialog = edit(qtbot, editor, opened.id)
    dialog.required.setFocus()
    qtbot.keyClick(dialog.required, Qt.Key.Key_Space)
    press_ok(qtbot, dialog)
    assert required(context) == {"O1": True}
    context.undo_stack.undo()
    assert required(context) == {"O1": False}
    assert model.index(0, column).data() == ""
    context.undo_stack.redo()
    assert required(context) == {"O1": True}

    # A page opened afresh reads it from the file.
    again = open_page(qtbot, context)
    dialog = edit(qtbot, again.checklist, opened.id)
    assert dialog.required.isChecked()


def test_a_duplicate_of_a_required_question_is_required_too(
    qtbot: QtBot, context: MissionContext
) -> None:
    original = context.write(
        "checklist",
        create_question,
        QuestionFields(
            "V12",
            Phase.VOTING,
            "Was the secrecy of the vote ensured?",
            AnswerType.YES_NO,
            negative_answer="no",
            required=True,
        ),
    )
    editor = open_page(qtbot, context).checklist
    editor.list.select(original.id)
    editor.list.duplicate_action.trigger()
    dialog = editor.dialog
    assert dialog is not None and dialog.required.isChecked()
    qtbot.keyClicks(dialog.code, "V12a")
    press_ok(qtbot, dialog)
    assert required(context) == {"V12": True, "V12a": True}
    context.undo_stack.undo()
    assert required(context) == {"V12": True}
