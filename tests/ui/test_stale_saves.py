"""Two windows on one mission: a save, delete or undo over the other's change is refused.

Two contexts (each its own session, as two windows have) on one mission, a file and a
shared PostgreSQL database; both open team T1's form; the first saves; the second's
save is refused with a message saying what changed, and its Reload button opens the
form again with the first one's change. Undo of an edit the other window changed since
is refused the same way and overwrites nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from coordinator.db.missionfile import MissionFile
from coordinator.db.models import Team
from coordinator.services.teams import TeamFields, create_team
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.team_dialog import TeamDialog
from coordinator.ui.pages.teams import TeamsPage
from tests.conftest import HOMES, mission_in
from tests.ui.conftest import Answers

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)

# The real box, kept before `answers` replaces it with one that fails the test.
REAL_ASK_RELOAD = messages.ask_reload


@pytest.fixture(autouse=True)
def real_reload_boxes(answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests click the "changed by someone else" boxes themselves."""
    monkeypatch.setattr(messages, "ask_reload", REAL_ASK_RELOAD)


@pytest.fixture(params=HOMES)
def shared(request: pytest.FixtureRequest, mission_path: Path) -> Iterator[MissionFile]:
    yield from mission_in(request, mission_path)


@pytest.fixture
def pages(qtbot: QtBot, shared: MissionFile) -> Iterator[tuple[TeamsPage, TeamsPage]]:
    """Two Teams pages, each on its own context (session) on one mission with team T1."""
    contexts = [MissionContext(shared), MissionContext(shared)]
    contexts[0].write("teams", create_team, TeamFields("T1", area="Osh", vehicle="Lada"))
    shown = []
    for context in contexts:
        page = TeamsPage(context)
        qtbot.addWidget(page)
        context.changed.connect(page.on_changed)
        page.resize(1100, 700)
        page.show()
        page.activate()
        shown.append(page)
    yield shown[0], shown[1]
    for page in shown:
        page.close()
    for context in contexts:
        context.close()  # as closing a window does (the mission closes once more after)


def stored(shared: MissionFile) -> tuple[str, str, str, int]:
    with shared.session() as session:
        row = session.execute(sa.select(Team.code, Team.area, Team.vehicle, Team.version)).one()
    return row.code, row.area, row.vehicle, row.version


def open_form(qtbot: QtBot, page: TeamsPage) -> TeamDialog:
    """Open the selected team's form with Return, as a user would."""
    page.teams.table.setFocus()
    qtbot.keyClick(page.teams.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert page.dialog is not None
    return page.dialog


def retype(qtbot: QtBot, editor: object, text: str) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    qtbot.keyClicks(editor, text)  # type: ignore[arg-type]


def press_ok(qtbot: QtBot, dialog: TeamDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


class MessageBoxes:
    """Answers the next "changed by someone else" message by clicking one of its buttons,
    and keeps what it said (the box is modal: the click comes from a timer)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.said: list[str] = []

    def will_click(self, button: str) -> None:
        tries = iter(range(250))  # 5 s: a box that never comes is no later test's to click

        def click() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox) or box.objectName() != "staleRecord":
                if next(tries, None) is not None:
                    QTimer.singleShot(20, click)
                return
            self.said.append(box.text())
            chosen = next(b for b in box.buttons() if b.text().replace("&", "") == button)
            self.qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)

        QTimer.singleShot(20, click)


def test_the_second_windows_save_is_refused_and_reload_brings_the_first_ones_change(
    qtbot: QtBot, shared: MissionFile, pages: tuple[TeamsPage, TeamsPage], answers: Answers
) -> None:
    first, second = pages
    boxes = MessageBoxes(qtbot)
    theirs = open_form(qtbot, second)
    mine = open_form(qtbot, first)
    retype(qtbot, mine.area, "Kant")
    retype(qtbot, mine.code, "T1a")
    press_ok(qtbot, mine)
    assert not mine.isVisible()
    assert stored(shared) == ("T1a", "Kant", "Lada", 2)

    retype(qtbot, theirs.vehicle, "Niva")
    boxes.will_click("Reload")
    press_ok(qtbot, theirs)
    assert boxes.said == [
        "Team T1a was changed by someone else since you opened it: Code is now “T1a”, "
        "Area is now “Kant”. Reload it to see the change, then make your edit again."
    ]
    # Nothing of the refused save was written.
    assert stored(shared) == ("T1a", "Kant", "Lada", 2)
    # Reload opened the form again, with the first window's change.
    qtbot.waitUntil(lambda: second.dialog is not theirs and second.dialog is not None)
    again = second.dialog
    assert again is not None and again.isVisible()
    assert (again.code.text(), again.area.text(), again.vehicle.text()) == ("T1a", "Kant", "Lada")
    # Now the edit goes through, on top of the first window's.
    retype(qtbot, again.vehicle, "Niva")
    press_ok(qtbot, again)
    assert stored(shared) == ("T1a", "Kant", "Niva", 3)
    assert answers.errors == []


def test_cancel_keeps_the_form_open_with_what_was_typed(
    qtbot: QtBot, shared: MissionFile, pages: tuple[TeamsPage, TeamsPage]
) -> None:
    first, second = pages
    boxes = MessageBoxes(qtbot)
    theirs = open_form(qtbot, second)
    mine = open_form(qtbot, first)
    retype(qtbot, mine.area, "Kant")
    press_ok(qtbot, mine)
    retype(qtbot, theirs.vehicle, "Niva")
    boxes.will_click("Cancel")
    press_ok(qtbot, theirs)
    assert len(boxes.said) == 1 and "Area is now “Kant”" in boxes.said[0]
    assert second.dialog is theirs and theirs.isVisible()
    assert theirs.vehicle.text() == "Niva"
    assert stored(shared) == ("T1", "Kant", "Lada", 2)


def test_undo_of_an_edit_the_other_window_changed_since_is_refused(
    qtbot: QtBot, shared: MissionFile, pages: tuple[TeamsPage, TeamsPage], answers: Answers
) -> None:
    first, second = pages
    boxes = MessageBoxes(qtbot)
    mine = open_form(qtbot, first)
    retype(qtbot, mine.area, "Kant")
    press_ok(qtbot, mine)
    theirs = open_form(qtbot, second)
    assert theirs.area.text() == "Kant"
    retype(qtbot, theirs.vehicle, "Niva")
    press_ok(qtbot, theirs)
    assert stored(shared) == ("T1", "Kant", "Niva", 3)

    # The first window's undo would put back area Osh over the second's vehicle: refused.
    boxes.will_click("Cancel")
    first.context.undo_stack.undo()
    assert len(boxes.said) == 1
    assert boxes.said[0].startswith("“Edit team T1” could not be undone. Team T1 was changed")
    assert "since this window saved it" in boxes.said[0]
    assert stored(shared) == ("T1", "Kant", "Niva", 3)

    # The second window's own undo is its to make: it takes back only its vehicle.
    second.context.undo_stack.undo()
    assert stored(shared) == ("T1", "Kant", "Lada", 4)
    assert answers.errors == []


def test_a_delete_of_a_team_the_other_window_changed_meanwhile_is_refused(
    qtbot: QtBot,
    shared: MissionFile,
    pages: tuple[TeamsPage, TeamsPage],
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = pages
    boxes = MessageBoxes(qtbot)
    answers_at_question: list[tuple[str, str, str, int]] = []

    def confirm_after_the_other_saves(*_args: object, **_options: object) -> bool:
        # While this window asks "Delete team T1?", the other one saves the team.
        mine = open_form(qtbot, first)
        retype(qtbot, mine.area, "Naryn")
        press_ok(qtbot, mine)
        answers_at_question.append(stored(shared))
        return True

    monkeypatch.setattr(messages, "confirm", confirm_after_the_other_saves)
    boxes.will_click("Reload")
    second.teams.table.setFocus()
    qtbot.keyClick(second.teams.table, Qt.Key.Key_Delete)
    assert answers_at_question == [("T1", "Naryn", "Lada", 2)]
    assert len(boxes.said) == 1
    assert "Team T1 was changed by someone else since you chose to delete it" in boxes.said[0]
    assert stored(shared) == ("T1", "Naryn", "Lada", 2)
    assert answers.errors == []
