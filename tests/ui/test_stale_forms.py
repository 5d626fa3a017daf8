"""Two windows on one mission: the forms that were guarded last refuse a stale save too.

The question, incident, locality and statement section forms, the Visits & Findings
panel and the Mission page, each open in two windows (two contexts, each its own
session) on a mission file and on a shared PostgreSQL database: the first saves, the
second's save is refused with a message naming what changed, Reload (or Cancel) is
clicked with the mouse, and nothing of the refused save is written. A locality's delete
and the undo of an edit of several records (the standard questions) are refused the same
way when the other window saved meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from coordinator.db.enums import AnswerType, IncidentCategory, Phase, VisitStatus
from coordinator.db.missionfile import MissionFile
from coordinator.db.models import (
    ChecklistQuestion,
    Incident,
    Locality,
    Mission,
    StatementSection,
    Visit,
)
from coordinator.services.checklist import (
    QuestionFields,
    create_question,
    list_questions,
    read_question,
    update_question,
)
from coordinator.services.incidents import IncidentFields, create_incident
from coordinator.services.mission import MissionFields, mission_settings, save_mission
from coordinator.services.statement_sections import SectionFields, add_section
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
    delete_locality,
    update_locality,
)
from coordinator.services.teams import TeamFields, create_team
from coordinator.services.visits import VisitFields, create_visit
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import RecordDialog
from coordinator.ui.pages.checklist_editor import ChecklistEditor
from coordinator.ui.pages.checklist_form import RadioAnswer
from coordinator.ui.pages.incidents import IncidentsPanel
from coordinator.ui.pages.mission import MissionPage
from coordinator.ui.pages.mission_languages import StatementLanguages
from coordinator.ui.pages.statement import StatementPage
from coordinator.ui.pages.station_dialogs import LocalityDialog
from coordinator.ui.pages.stations import StationsPage
from coordinator.ui.pages.visits import VisitsPage
from coordinator.ui.undo_edits import perform_create
from tests.conftest import ELECTION_DAY, HOMES, mission_in
from tests.ui.conftest import Answers
from tests.ui.test_stale_saves import REAL_ASK_RELOAD, MessageBoxes, retype

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


@dataclass(frozen=True)
class Ids:
    locality: int
    visit: int
    question: int
    incident: int
    section: int


@pytest.fixture(params=HOMES)
def shared(request: pytest.FixtureRequest, mission_path: Path) -> Iterator[MissionFile]:
    yield from mission_in(request, mission_path)


@pytest.fixture
def ids(shared: MissionFile) -> Ids:
    """One of each record the forms edit."""
    with shared.session() as session:
        save_mission(session, MissionFields("OTS EOM", "OTS", "Presidential", "KG", ELECTION_DAY))
        locality = create_locality(session, LocalityFields("Osh", district="Kara-Suu")).id
        station = create_station(session, StationFields("0012", locality)).id
        team = create_team(session, TeamFields("T1")).id
        question = create_question(
            session, QuestionFields("V1", Phase.VOTING, "Was the ink checked?", AnswerType.YES_NO)
        ).id
        visit = create_visit(
            session, VisitFields(None, team, station, ELECTION_DAY, status=VisitStatus.DONE)
        ).id
        incident = create_incident(
            session, IncidentFields(visit, None, IncidentCategory.PUBLIC_ORDER, description="Crowd")
        ).id
        section = add_section(session, SectionFields("Summary", "Calm and orderly.")).id
    return Ids(locality, visit, question, incident, section)


@pytest.fixture
def contexts(
    shared: MissionFile, ids: Ids, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[MissionContext, MissionContext]]:
    """Two windows' contexts on the mission; their "changed by someone else" boxes are real."""
    monkeypatch.setattr(messages, "ask_reload", REAL_ASK_RELOAD)
    opened = (MissionContext(shared), MissionContext(shared))
    yield opened
    for context in opened:
        context.close()


def show(qtbot: QtBot, context: MissionContext, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    if hasattr(widget, "on_changed"):
        context.changed.connect(widget.on_changed)  # as the main window does
    widget.resize(1100, 760)
    widget.show()
    # The window a "changed by someone else" box belongs to is the active one: this
    # test's, not one an earlier test left to be deleted.
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    if hasattr(widget, "activate"):
        widget.activate()


def press_ok(qtbot: QtBot, dialog: RecordDialog[object]) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` key by key (QTest's keyClicks knows ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def stored(
    shared: MissionFile, *columns: sa.orm.InstrumentedAttribute[object]
) -> tuple[object, ...]:
    with shared.session() as session:
        return tuple(session.execute(sa.select(*columns)).one())


def test_the_question_form_is_refused_and_reload_opens_it_again_with_the_change(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
    answers: Answers,
) -> None:
    first, second = (ChecklistEditor(context) for context in contexts)
    for context, editor in zip(contexts, (first, second), strict=True):
        show(qtbot, context, editor)
        editor.reload()
    boxes = MessageBoxes(qtbot)
    second.edit_question(ids.question)
    theirs = second.dialog
    first.edit_question(ids.question)
    mine = first.dialog
    assert mine is not None and theirs is not None
    retype(qtbot, mine.text, "Was the ink applied?")
    press_ok(qtbot, mine)
    assert stored(shared, ChecklistQuestion.code, ChecklistQuestion.text) == (
        "V1",
        "Was the ink applied?",
    )

    retype(qtbot, theirs.code, "V1a")
    boxes.will_click("Reload")
    press_ok(qtbot, theirs)
    assert boxes.said == [
        "Checklist question V1 was changed by someone else since you opened it: Text is now "
        "“Was the ink applied?”. Reload it to see the change, then make your edit again."
    ]
    assert stored(shared, ChecklistQuestion.code, ChecklistQuestion.version) == ("V1", 2)
    again = second.dialog
    assert again is not theirs and again is not None and again.isVisible()
    assert (again.code.text(), again.text.toPlainText()) == ("V1", "Was the ink applied?")
    retype(qtbot, again.code, "V1a")
    press_ok(qtbot, again)
    assert stored(shared, ChecklistQuestion.code, ChecklistQuestion.text) == (
        "V1a",
        "Was the ink applied?",
    )
    assert answers.errors == []


def test_the_incident_form_is_refused_and_cancel_keeps_what_was_typed(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
) -> None:
    panels = [IncidentsPanel(context) for context in contexts]
    opened: list[list[RecordDialog[IncidentFields]]] = [[], []]
    for context, panel, dialogs in zip(contexts, panels, opened, strict=True):
        show(qtbot, context, panel)
        panel.dialog_opened.connect(dialogs.append)
        panel.set_visit(ids.visit, "V0001")
        panel.table.selectRow(0)
    boxes = MessageBoxes(qtbot)
    qtbot.mouseClick(panels[1].edit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panels[0].edit_button, Qt.MouseButton.LeftButton)
    theirs, mine = opened[1][0], opened[0][0]
    retype(qtbot, mine.description, "Crowd outside")
    press_ok(qtbot, mine)

    retype(qtbot, theirs.description, "Police at the door")
    boxes.will_click("Cancel")
    press_ok(qtbot, theirs)
    assert boxes.said == [
        "Incident #1 was changed by someone else since you opened it: Description is now "
        "“Crowd outside”. Reload it to see the change, then make your edit again."
    ]
    assert theirs.isVisible() and theirs.description.toPlainText() == "Police at the door"
    assert opened[1] == [theirs]
    assert stored(shared, Incident.description, Incident.version) == ("Crowd outside", 2)
    theirs.reject()


def test_the_locality_form_is_refused_and_reload_opens_it_again(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
) -> None:
    pages = [StationsPage(context) for context in contexts]
    for context, page in zip(contexts, pages, strict=True):
        show(qtbot, context, page)

    def forms(page: StationsPage) -> list[LocalityDialog]:
        return [d for d in page.findChildren(LocalityDialog) if d.isVisible()]

    boxes = MessageBoxes(qtbot)
    pages[1].edit_locality(ids.locality)
    pages[0].edit_locality(ids.locality)
    (theirs,), (mine,) = forms(pages[1]), forms(pages[0])
    retype(qtbot, mine.district, "Aravan")
    press_ok(qtbot, mine)

    retype(qtbot, theirs.region, "Osh Region")
    boxes.will_click("Reload")
    press_ok(qtbot, theirs)
    assert boxes.said == [
        "Locality Osh was changed by someone else since you opened it: District is now "
        "“Aravan”. Reload it to see the change, then make your edit again."
    ]
    assert stored(shared, Locality.district, Locality.region, Locality.version) == (
        "Aravan",
        "",
        2,
    )
    (again,) = forms(pages[1])
    assert again is not theirs
    assert (again.district.text(), again.region.text()) == ("Aravan", "")
    again.reject()


def test_a_localitys_delete_is_refused_when_the_other_window_saved_it_meanwhile(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = StationsPage(contexts[1])
    show(qtbot, contexts[1], page)
    boxes = MessageBoxes(qtbot)
    asked: list[str] = []

    def confirm_after_the_other_saves(_parent: object, _title: str, text: str, **_: object) -> bool:
        # While this window asks "Delete Osh?", the other one renames the locality.
        asked.append(text)
        contexts[0].write(
            "localities",
            update_locality,
            ids.locality,
            LocalityFields("Osh city", district="Kara-Suu"),
        )
        return True

    monkeypatch.setattr(messages, "confirm", confirm_after_the_other_saves)
    with shared.session() as session:
        # A locality without stations, so that only the other's save stops the delete.
        session.execute(sa.text("DELETE FROM polling_station"))
        session.commit()
    boxes.will_click("Cancel")
    page.remove_locality(ids.locality)
    assert len(asked) == 1
    assert boxes.said == [
        "Locality Osh city was changed by someone else since you chose to delete it. "
        "Reload it to see the change, then make your edit again."
    ]
    assert stored(shared, Locality.name, Locality.version) == ("Osh city", 2)


def test_a_statement_section_is_refused_and_reload_shows_the_other_windows_text(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
) -> None:
    first, second = (StatementPage(context) for context in contexts)
    for context, page in zip(contexts, (first, second), strict=True):
        show(qtbot, context, page)
    boxes = MessageBoxes(qtbot)
    retype(qtbot, first.text_edit, "Calm, orderly and well run.")
    first.commit()
    assert stored(shared, StatementSection.text) == ("Calm, orderly and well run.",)

    retype(qtbot, second.title_edit, "Preliminary findings")
    boxes.will_click("Reload")
    qtbot.keyClick(second.title_edit, Qt.Key.Key_Return)  # finishes the edit: saves it
    qtbot.waitUntil(lambda: len(boxes.said) == 1)
    assert boxes.said == [
        "Statement section Summary was changed by someone else since you opened it: Text is "
        "now “Calm, orderly and well run.”. Reload it to see the change, then make your edit "
        "again."
    ]
    assert (second.title_edit.text(), second.text_edit.toPlainText()) == (
        "Summary",
        "Calm, orderly and well run.",
    )
    assert stored(shared, StatementSection.title, StatementSection.version) == ("Summary", 2)
    # Read again, the same edit goes through.
    retype(qtbot, second.title_edit, "Preliminary findings")
    second.commit()
    assert stored(shared, StatementSection.title, StatementSection.text) == (
        "Preliminary findings",
        "Calm, orderly and well run.",
    )


def test_a_sections_removal_is_refused_when_the_other_window_saved_it_since(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
    answers: Answers,
) -> None:
    first, second = (StatementPage(context) for context in contexts)
    for context, page in zip(contexts, (first, second), strict=True):
        show(qtbot, context, page)
    retype(qtbot, first.text_edit, "Calm, orderly and well run.")
    first.commit()
    boxes = MessageBoxes(qtbot)
    boxes.will_click("Cancel")
    qtbot.mouseClick(second.delete_button, Qt.MouseButton.LeftButton)
    assert answers.questions == ["Remove section 1. Summary from the statement?"]
    assert boxes.said == [
        "Statement section Summary was changed by someone else since you chose to delete it. "
        "Reload it to see the change, then make your edit again."
    ]
    assert stored(shared, StatementSection.text, StatementSection.version) == (
        "Calm, orderly and well run.",
        2,
    )
    assert not second.context.undo_stack.canUndo()


def test_the_visit_panel_is_refused_naming_answers_someone_else_gave_and_reload_shows_them(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
) -> None:
    first, second = (VisitsPage(context) for context in contexts)
    for context, page in zip(contexts, (first, second), strict=True):
        show(qtbot, context, page)
        assert page.panel.visit_id == ids.visit  # the first visit is shown
    boxes = MessageBoxes(qtbot)
    # The second window's coordinator types a note; meanwhile the first answers V1.
    retype(qtbot, second.panel.form.notes, "Calm")
    first.panel.tabs.setCurrentIndex(1)  # the Checklist tab
    (row,) = first.panel.checklist.rows
    assert isinstance(row.editor, RadioAnswer)
    qtbot.mouseClick(row.editor.buttons["yes"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(first.panel.save_button, Qt.MouseButton.LeftButton)
    assert stored(shared, Visit.notes, Visit.version) == ("", 2)

    boxes.will_click("Reload")
    qtbot.mouseClick(second.panel.save_button, Qt.MouseButton.LeftButton)
    assert boxes.said == [
        "Visit V0001 was changed by someone else since you opened it: Answers changed. "
        "Reload it to see the change, then make your edit again."
    ]
    assert stored(shared, Visit.notes, Visit.version) == ("", 2)
    # Reload shows the visit as stored: the other's answer, not what was typed.
    panel = second.panel
    assert panel.form.notes.toPlainText() == ""
    assert panel.checklist.answers() == {ids.question: ("yes", "")}
    assert not panel.is_modified()


def test_the_mission_page_refuses_an_autosave_and_reload_takes_the_others_values(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
) -> None:
    first, second = (MissionPage(context) for context in contexts)
    for context, page in zip(contexts, (first, second), strict=True):
        show(qtbot, context, page)
    boxes = MessageBoxes(qtbot)

    def fill_and_leave(page: MissionPage, name: str, text: str) -> QLineEdit:
        editor = page.editors[name]
        assert isinstance(editor, QLineEdit)
        editor.setFocus()
        editor.clear()
        type_text(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # finishes the edit as leaving it does
        return editor

    fill_and_leave(first, "country", "Kyrgyz Republic")
    assert stored(shared, Mission.country, Mission.version) == ("Kyrgyz Republic", 2)

    boxes.will_click("Cancel")
    head = fill_and_leave(second, "head_of_mission", "Mehmet Ali Yüksel")
    qtbot.waitUntil(lambda: len(boxes.said) == 1)
    said = (
        "Mission OTS EOM was changed by someone else since you opened it: Country is now "
        "“Kyrgyz Republic”. Reload it to see the change, then make your edit again."
    )
    assert boxes.said == [said]
    # Cancel: what was typed stays, unsaved, and the page says so.
    assert head.text() == "Mehmet Ali Yüksel"
    assert second.status.text() == "Not saved: someone else changed the mission's settings."
    assert stored(shared, Mission.country, Mission.head_of_mission) == ("Kyrgyz Republic", "")

    boxes.will_click("Reload")
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(boxes.said) == 2)
    country = second.editors["country"]
    assert isinstance(country, QLineEdit)
    assert (country.text(), head.text()) == ("Kyrgyz Republic", "")
    assert second.status.text() == "Saved"
    assert stored(shared, Mission.head_of_mission, Mission.version) == ("", 2)


def test_undo_of_the_standard_questions_is_refused_after_the_other_window_edits_one(
    qtbot: QtBot,
    shared: MissionFile,
    ids: Ids,
    contexts: tuple[MissionContext, MissionContext],
    answers: Answers,
) -> None:
    editor = ChecklistEditor(contexts[0])
    show(qtbot, contexts[0], editor)
    editor.reload()
    editor.standard_action.trigger()
    added = [row for row in contexts[0].query(list_questions) if row.id != ids.question]
    assert added and answers.errors == []
    edited = added[0]
    read = contexts[1].query(read_question, edited.id)
    contexts[1].write(
        "checklist",
        update_question,
        edited.id,
        replace(read, text="Was the ballot box sealed before voting began?"),
        read=read,
    )

    boxes = MessageBoxes(qtbot)
    boxes.will_click("Cancel")
    contexts[0].undo_stack.undo()
    assert len(boxes.said) == 1
    assert boxes.said[0].startswith(
        f"“Add {len(added)} standard questions” could not be undone. Checklist question "
        f"{edited.code} was changed by someone else since this window saved it."
    )
    # Nothing was taken back: every question is still there, the other's edit too.
    with shared.session() as session:
        assert (
            session.scalar(sa.select(sa.func.count()).select_from(ChecklistQuestion))
            == len(added) + 1
        )
        assert session.get(ChecklistQuestion, edited.id).text == (  # type: ignore[union-attr]
            "Was the ballot box sealed before voting began?"
        )


def test_undo_of_a_statement_language_is_refused_after_the_other_window_saves_the_mission(
    qtbot: QtBot,
    shared: MissionFile,
    contexts: tuple[MissionContext, MissionContext],
    answers: Answers,
) -> None:
    """An edit pushed with a bare `perform` (the statement's languages) is checked too."""
    languages = StatementLanguages(contexts[0])
    show(qtbot, contexts[0], languages)
    languages.reload()
    qtbot.keyClicks(languages.code, "tr")
    qtbot.mouseClick(languages.add_button, Qt.MouseButton.LeftButton)
    assert stored(shared, Mission.statement_languages) == ("tr",) and answers.errors == []
    # The other window saves the mission's settings since.
    read = contexts[1].query(mission_settings)
    assert read is not None
    contexts[1].write("mission", save_mission, replace(read, country="Kyrgyz Republic"), read=read)

    boxes = MessageBoxes(qtbot)
    boxes.will_click("Cancel")
    contexts[0].undo_stack.undo()

    assert len(boxes.said) == 1
    assert boxes.said[0].startswith(
        "“Add Türkçe (tr) to the statement” could not be undone. Mission OTS EOM was "
        "changed by someone else since this window saved it."
    ), boxes.said
    # Nothing was taken back, and the other's save stands.
    assert stored(shared, Mission.statement_languages, Mission.country) == (
        "tr",
        "Kyrgyz Republic",
    )


def test_a_window_forgets_the_versions_of_edits_its_undo_history_no_longer_holds(
    qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    """A long session does not keep a version for every record it ever saved."""

    def new_locality(name: str) -> int:
        return perform_create(
            context,
            f"New locality {name}",
            "localities",
            lambda store: create_locality(store, LocalityFields(name)),
            kind="locality",
            delete=delete_locality,
        )

    osh, naryn = new_locality("Osh"), new_locality("Naryn")
    known = context._versions.known
    assert set(known) == {("locality", osh), ("locality", naryn)}
    context.undo_stack.undo()  # Naryn goes; its redo is still possible
    talas = new_locality("Talas")  # ... until a new edit drops it from the history
    assert set(context._versions.known) == {("locality", osh), ("locality", talas)}
    context.close()
    assert context._versions.known == {}
    assert answers.errors == []
