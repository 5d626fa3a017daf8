"""The Mission page driven as a coordinator would: settings saved on leaving a field, the
service's messages beside the fields, undo, and the checklist editor below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from coordinator.db.enums import AnswerType, Phase
from coordinator.services.checklist import (
    QuestionFields,
    create_question,
    list_questions,
    standard_questions,
)
from coordinator.services.mission import MissionFields, get_mission, save_mission
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import DateField
from coordinator.ui.pages.mission import HINT, MissionPage
from tests.ui.conftest import Answers

# The offscreen platform cannot resize, raise or grab for real; it says so, harmlessly.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

OTS = MissionFields(
    name="International Election Observation Mission of the Organization of Turkic States",
    organisation="Organization of Turkic States",
    organisation_short="OTS",
    election="Elections of Deputies of Local Councils of the Kyrgyz Republic",
    country="Kyrgyz Republic",
    election_date=dt.date(2024, 11, 17),
    mission_start=dt.date(2024, 11, 14),
    mission_end=dt.date(2024, 11, 18),
    invited_by="Central Commission on Elections and Referendums of the Kyrgyz Republic",
    head_of_mission="Mehmet Ali Yüksel",
    statement_place="Bishkek",
    statement_date=dt.date(2024, 11, 18),
)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` key by key; QTest's keyClicks knows ASCII only, and names here are not."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def open_page(qtbot: QtBot, context: MissionContext) -> MissionPage:
    page = MissionPage(context)
    qtbot.addWidget(page)
    context.changed.connect(page.on_changed)  # as the main window does
    page.resize(1280, 800)
    page.show()
    page.activate()
    return page


def line(page: MissionPage, name: str) -> QLineEdit:
    editor = page.editors[name]
    assert isinstance(editor, QLineEdit)
    return editor


def date(page: MissionPage, name: str) -> DateField:
    editor = page.editors[name]
    assert isinstance(editor, DateField)
    return editor


def fill_and_leave(qtbot: QtBot, page: MissionPage, name: str, text: str) -> None:
    """Replace a field's text and press Enter, which finishes the edit as leaving it does."""
    editor = line(page, name)
    editor.clear()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def set_date_and_leave(qtbot: QtBot, page: MissionPage, name: str, day: dt.date) -> None:
    editor = date(page, name)
    qtbot.keyClicks(editor, day.strftime("%d.%m.%Y"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)


@pytest.fixture
def ots(context: MissionContext) -> MissionFields:
    context.write("mission", save_mission, OTS)
    return OTS


def stored(context: MissionContext) -> MissionFields:
    mission = context.query(get_mission)
    assert mission is not None
    return MissionFields(
        name=mission.name,
        organisation=mission.organisation,
        election=mission.election,
        country=mission.country,
        election_date=mission.election_date,
        organisation_short=mission.organisation_short,
        mission_start=mission.mission_start,
        mission_end=mission.mission_end,
        invited_by=mission.invited_by,
        head_of_mission=mission.head_of_mission,
        statement_place=mission.statement_place,
        statement_date=mission.statement_date,
        language=mission.language,
    )


def test_a_new_mission_shows_an_empty_form_and_the_hint(
    qtbot: QtBot, context: MissionContext
) -> None:
    page = open_page(qtbot, context)
    assert page.hint.isVisible()
    assert page.hint.text() == HINT
    assert line(page, "name").text() == ""
    assert date(page, "election_date").date_value() is None
    assert date(page, "election_date").text() == "none"
    assert page.errors["name"].isHidden()


def test_fields_filled_and_left_are_saved(qtbot: QtBot, context: MissionContext) -> None:
    page = open_page(qtbot, context)
    fill_and_leave(qtbot, page, "name", OTS.name)
    # Saving waits for the other required fields, without scolding about unvisited ones.
    assert context.query(get_mission) is None
    assert all(label.isHidden() for label in page.errors.values())
    assert page.status.text() == "Not saved yet: fill in the fields marked *."

    fill_and_leave(qtbot, page, "organisation", OTS.organisation)
    fill_and_leave(qtbot, page, "election", OTS.election)
    fill_and_leave(qtbot, page, "country", OTS.country)
    set_date_and_leave(qtbot, page, "election_date", dt.date(2024, 11, 17))
    mission = context.query(get_mission)
    assert mission is not None
    assert (mission.name, mission.country, mission.election_date) == (
        OTS.name,
        "Kyrgyz Republic",
        dt.date(2024, 11, 17),
    )
    assert page.hint.isHidden()
    assert page.status.text() == "Saved"

    fill_and_leave(qtbot, page, "head_of_mission", "  Mehmet Ali Yüksel ")
    fill_and_leave(qtbot, page, "language", "EN")
    assert stored(context).head_of_mission == "Mehmet Ali Yüksel"
    # The form shows what is stored: trimmed, and the language code as the file keeps it.
    assert line(page, "head_of_mission").text() == "Mehmet Ali Yüksel"
    assert line(page, "language").text() == "en"


def test_save_shows_every_missing_required_field(qtbot: QtBot, context: MissionContext) -> None:
    page = open_page(qtbot, context)
    type_text(line(page, "name"), "EOM")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors["organisation"].text() == "Organisation is required."
    assert page.errors["election_date"].text() == "Election day is required."
    assert page.errors["name"].isHidden()
    assert context.query(get_mission) is None


def test_leaving_a_field_after_focus_moves_on_saves_it(
    qtbot: QtBot, context: MissionContext, ots: MissionFields
) -> None:
    page = open_page(qtbot, context)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    place = line(page, "statement_place")
    place.setFocus()
    qtbot.waitUntil(place.hasFocus)
    place.selectAll()
    type_text(place, "Бишкек")
    line(page, "language").setFocus()
    qtbot.waitUntil(lambda: stored(context).statement_place == "Бишкек")


def test_end_before_start_is_shown_beside_the_end_and_the_file_keeps_the_old_end(
    qtbot: QtBot, context: MissionContext, ots: MissionFields
) -> None:
    page = open_page(qtbot, context)
    fill_and_leave(qtbot, page, "head_of_mission", "Kubanychbek Omuraliev")
    set_date_and_leave(qtbot, page, "mission_end", dt.date(2024, 11, 10))

    message = page.errors["mission_end"]
    assert message.isVisible()
    assert message.text() == (
        "The mission cannot end (10 November 2024) before it starts (14 November 2024)."
    )
    assert date(page, "mission_end").property("invalid") is True
    assert stored(context).mission_end == dt.date(2024, 11, 18)
    assert stored(context).head_of_mission == "Kubanychbek Omuraliev"
    # What was typed stays in the form to be corrected, not lost.
    assert date(page, "mission_end").date_value() == dt.date(2024, 11, 10)
    assert page.status.text().startswith("Not saved")
    # Other pages' changes reload the page, but what waits to be corrected stays.
    context.changed.emit("*")
    assert date(page, "mission_end").date_value() == dt.date(2024, 11, 10)
    assert page.errors["mission_end"].isVisible()

    # Another field left meanwhile is still saved; the wrong end still waits.
    fill_and_leave(qtbot, page, "statement_place", "Бишкек")
    assert stored(context).statement_place == "Бишкек"
    assert stored(context).mission_end == dt.date(2024, 11, 18)
    assert page.errors["mission_end"].isVisible()

    set_date_and_leave(qtbot, page, "mission_end", dt.date(2024, 11, 19))
    assert stored(context).mission_end == dt.date(2024, 11, 19)
    assert page.errors["mission_end"].isHidden()
    assert page.status.text() == "Saved"


def test_each_saved_change_is_one_undo_step(
    qtbot: QtBot, context: MissionContext, ots: MissionFields
) -> None:
    page = open_page(qtbot, context)
    fill_and_leave(qtbot, page, "head_of_mission", "Kubanychbek Omuraliev")
    fill_and_leave(qtbot, page, "statement_place", "Бишкек")
    qtbot.keyClick(line(page, "statement_place"), Qt.Key.Key_Return)  # no change: no step
    assert context.undo_stack.count() == 2
    assert context.undo_stack.undoText() == "Edit mission: statement place"

    context.undo_stack.undo()
    assert stored(context).statement_place == "Bishkek"
    assert line(page, "statement_place").text() == "Bishkek"
    assert stored(context).head_of_mission == "Kubanychbek Omuraliev"
    context.undo_stack.undo()
    assert stored(context) == OTS
    assert line(page, "head_of_mission").text() == "Mehmet Ali Yüksel"
    context.undo_stack.redo()
    assert line(page, "head_of_mission").text() == "Kubanychbek Omuraliev"


def test_a_question_added_in_the_form_is_listed_and_can_be_deleted_and_undone(
    qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    page = open_page(qtbot, context)
    editor = page.checklist
    assert editor.empty_hint.isVisible()
    editor.list.new_action.trigger()
    dialog = editor.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.code, "V20")
    dialog.phase.set_choice(Phase.VOTING)
    type_text(dialog.text, "Где стояла урна для голосования?")
    dialog.answer_type.set_choice(AnswerType.CHOICE)
    assert dialog.choices.isEnabled()
    qtbot.keyClicks(dialog.choices, "in view; out of view")
    qtbot.keyClicks(dialog.negative_answer, "out of view")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    assert not dialog.isVisible()
    model = editor.model
    assert [model.index(0, c).data() for c in range(4)] == [
        "V20",
        "Voting",
        "Choice: in view, out of view",
        "out of view",
    ]
    [row] = context.query(list_questions)
    assert (row.code, row.text, row.choices) == (
        "V20",
        "Где стояла урна для голосования?",
        "in view;out of view",
    )

    editor.list.select(row.id)
    qtbot.keyClick(editor.list.table, Qt.Key.Key_Delete)
    assert answers.questions == [
        "Delete question V20 (Где стояла урна для голосования?)?\n\n"
        "You can take this back with Edit > Undo."
    ]
    assert model.rowCount() == 0
    assert context.query(list_questions) == []
    context.undo_stack.undo()
    assert [model.index(0, 0).data()] == ["V20"]


def test_a_question_the_service_refuses_shows_why_beside_the_field(
    qtbot: QtBot, context: MissionContext
) -> None:
    context.write(
        "checklist", create_question, QuestionFields("V1", Phase.VOTING, "?", AnswerType.YES_NO)
    )
    page = open_page(qtbot, context)
    page.checklist.list.new_action.trigger()
    dialog = page.checklist.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.code, "v1")
    qtbot.keyClicks(dialog.critical_answer, "yes")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible()
    assert dialog.errors["code"].text() == "Another question already has the code V1."
    assert dialog.errors["text"].text() == "Text is required."
    assert dialog.errors["critical_answer"].text() == (
        "A critical answer must also be a negative one: add it there."
    )
    assert len(context.query(list_questions)) == 1


def test_the_standard_questions_are_added_as_one_step_and_filtered_by_phase(
    qtbot: QtBot, qtmodeltester: object, context: MissionContext, answers: Answers
) -> None:
    page = open_page(qtbot, context)
    editor = page.checklist
    editor.standard_action.trigger()
    standard = standard_questions()
    assert editor.model.total() == len(standard)
    assert editor.model.index(0, 0).data() == standard[0].code
    assert not editor.empty_hint.isVisible()
    qtmodeltester.check(editor.model)  # type: ignore[attr-defined]

    counting = [q.code for q in standard if q.phase is Phase.COUNTING]
    editor.phase_filter.setCurrentIndex(editor.phase_filter.findData(Phase.COUNTING))
    codes = [editor.model.index(r, 0).data() for r in range(editor.model.rowCount())]
    assert codes == counting
    qtbot.keyClicks(editor.list.search, "protocol")
    assert 0 < editor.model.rowCount() < len(counting)

    editor.standard_action.trigger()
    assert answers.infos == ["The checklist already has every standard question."]
    context.undo_stack.undo()
    assert context.query(list_questions) == []
    context.undo_stack.redo()
    assert len(context.query(list_questions)) == len(standard)


def test_the_logo_is_chosen_shown_and_undone(
    qtbot: QtBot,
    context: MissionContext,
    ots: MissionFields,
    *,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from PIL import Image
    from PySide6.QtWidgets import QFileDialog

    logo_file = tmp_path / "logo.png"
    stream = io.BytesIO()
    Image.new("RGB", (200, 80), (20, 90, 160)).save(stream, "PNG")
    logo_file.write_bytes(stream.getvalue())
    page = open_page(qtbot, context)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(logo_file), "")
    )
    page.logo_button.click()
    mission = context.query(get_mission)
    assert mission is not None and mission.logo == logo_file.read_bytes()
    assert page.logo.pixmap() is not None and not page.logo.pixmap().isNull()
    assert page.remove_logo_button.isEnabled()
    context.undo_stack.undo()
    mission = context.query(get_mission)
    assert mission is not None and mission.logo is None
    page.reload()
    assert page.logo.text() == "No logo"
    assert answers.errors == []


def test_the_statement_languages_are_added_and_removed_as_a_coordinator_does(
    qtbot: QtBot, context: MissionContext, ots: MissionFields, tmp_path: Path
) -> None:
    from coordinator.services.statement_languages import statement_languages

    page = open_page(qtbot, context)
    page.resize(1366, 768)
    row = page.languages
    assert [row.list.item(i).text() for i in range(row.list.count())] == ["English (en)"]
    assert not row.remove_button.isEnabled()  # the mission's own language stays first

    # Typed as a code, in capitals: stored as the file keeps it.
    qtbot.mouseClick(row.code.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(row.code.lineEdit(), "RU")
    qtbot.keyClick(row.code.lineEdit(), Qt.Key.Key_Return)
    assert context.query(statement_languages) == ["en", "ru"]
    # Picked among the draft languages, then added with the button.
    row.code.setCurrentIndex(row.code.findText("tr"))
    qtbot.mouseClick(row.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(row.code.lineEdit(), "kk")
    qtbot.mouseClick(row.add_button, Qt.MouseButton.LeftButton)
    assert context.query(statement_languages) == ["en", "ru", "tr", "kk"]
    assert row.list.item(1).text() == "Русский (ru)"
    page.grab().save(str(tmp_path / "languages.png"))

    # A code that is not one is refused beside the row, and nothing changes.
    qtbot.keyClicks(row.code.lineEdit(), "russian")
    qtbot.keyClick(row.code.lineEdit(), Qt.Key.Key_Return)
    assert not row.error.isHidden()
    assert "'russian' is not a language code" in row.error.text()
    assert context.query(statement_languages) == ["en", "ru", "tr", "kk"]

    # Removed by clicking it, then Remove; Undo brings it back.
    rect = row.list.visualItemRect(row.list.item(2))
    qtbot.mouseClick(row.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert row.remove_button.isEnabled()
    qtbot.mouseClick(row.remove_button, Qt.MouseButton.LeftButton)
    assert context.query(statement_languages) == ["en", "ru", "kk"]
    assert row.error.isHidden()
    context.undo_stack.undo()
    assert context.query(statement_languages) == ["en", "ru", "tr", "kk"]

    # The Language field is the first language: changed there, the row follows.
    fill_and_leave(qtbot, page, "language", "ru")
    assert [row.list.item(i).text() for i in range(row.list.count())] == [
        "Русский (ru)",
        "Türkçe (tr)",
        "kk",
    ]
