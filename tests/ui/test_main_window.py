"""The main window as a coordinator meets it: open, recent files, copy, close, undo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from coordinator.services.files import new_mission, open_mission
from coordinator.services.mission import get_mission
from coordinator.ui.main_window import MainWindow
from coordinator.ui.pages.mission import MissionPage
from tests.ui.conftest import Answers


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings) -> MainWindow:
    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    return shown


def test_opens_the_demo_with_the_mission_in_the_title(
    window: MainWindow, demo_path: Path, answers: Answers
) -> None:
    assert window.open_mission(demo_path)
    assert window.windowTitle().startswith(
        "International Election Observation Mission of the Organization of Turkic States — demo.eom"
    )
    titles = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert titles[0] == "Overview"
    assert "Delegations" in titles and "Meetings" in titles
    assert window.recent_files() == [str(demo_path)]
    assert answers.errors == []


def test_the_last_mission_reopens_at_start(
    qtbot: QtBot, settings: QSettings, demo_path: Path, answers: Answers
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.open_mission(demo_path)
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.open_last_mission()
    assert second.context is not None
    assert second.context.path == demo_path


def test_a_file_that_is_not_a_mission_is_explained(
    window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    letter = tmp_path / "letter.eom"
    letter.write_text("Dear colleagues,", encoding="utf-8")
    assert not window.open_mission(letter)
    assert window.context is None
    assert answers.errors == [
        "letter.eom is not a mission file: it is not a database this program writes "
        "(perhaps another kind of document). Choose a .eom file."
    ]
    assert window.windowTitle() == "Mission Coordinator"


def test_save_a_copy_while_open(
    window: MainWindow,
    demo_path: Path,
    tmp_path: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    window.open_mission(demo_path)
    target = tmp_path / "copy"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.save_copy()
    copy = tmp_path / "copy.eom"
    with sqlite3.connect(copy) as connection:
        stations = connection.execute("SELECT count(*) FROM polling_station").fetchone()[0]
    connection.close()
    assert stations == 16
    assert answers.errors == []


def test_close_releases_the_file_and_shows_the_welcome_page(
    window: MainWindow, demo_path: Path, answers: Answers
) -> None:
    window.open_mission(demo_path)
    window.close_mission()
    assert window.context is None
    assert window.root.currentWidget() is window.welcome
    assert not demo_path.with_name("demo.eom.lock").exists()
    assert window.welcome.recent.count() == 1


def test_every_sidebar_entry_names_its_page_truly() -> None:
    from coordinator.ui.pages import PAGES

    for spec in PAGES:
        page_type = spec.load()
        assert (page_type.title, page_type.icon_name) == (spec.title, spec.icon_name)


def test_each_page_opens_on_the_demo(
    window: MainWindow, demo_path: Path, answers: Answers, tmp_path: Path
) -> None:
    """Every page shows something of the demo (no empty pages), and a screenshot is made."""
    from coordinator.ui.pages import PAGES

    window.open_mission(demo_path)
    for spec in PAGES:
        window.navigate(spec.title)
        assert window.stack.currentWidget() is window.page(spec.title)
        assert window.grab().save(str(tmp_path / f"{spec.title}.png"))
    assert answers.errors == []


def test_file_export_statement_writes_the_pdf(
    window: MainWindow,
    demo_path: Path,
    tmp_path: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pypdf import PdfReader

    from coordinator.ui import statement_actions

    window.open_mission(demo_path)
    target = tmp_path / "statement.pdf"
    monkeypatch.setattr(
        statement_actions,
        "choose_export_target",
        lambda *_args: statement_actions.ExportTarget(target, False),
    )
    window.export_statement_action.trigger()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "16 polling stations" in " ".join(text.split())
    assert answers.errors == []


def test_closing_with_a_new_mission_half_filled_asks_before_losing_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    path = tmp_path / "new.eom"
    new_mission(path).close()
    window.open_mission(path)
    window.navigate("Overview")
    window.navigate("Mission")
    page = window.page("Mission")
    assert isinstance(page, MissionPage)
    name = page.editors["name"]
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "EOM Kyrgyzstan")
    window.navigate("Stations")  # the typed name cannot be saved alone: nothing is written

    answers.confirm = False
    window.close()
    assert len(answers.questions) == 1
    assert answers.questions[0].startswith("Some of what you typed could not be saved:")
    assert "• Mission: " in answers.questions[0]
    assert "Organisation is required." in answers.questions[0]
    # Cancelled: the window stays open on the page with the typing, which is still there.
    assert window.isVisible() and window.context is not None
    assert window.stack.currentWidget() is page
    assert name.text() == "EOM Kyrgyzstan"

    answers.confirm = True
    window.close()
    assert not window.isVisible() and window.context is None
    assert len(answers.questions) == 2
    with open_mission(path) as reopened, reopened.session() as session:
        assert get_mission(session) is None


def test_closing_with_everything_saved_asks_nothing(
    window: MainWindow, demo_path: Path, answers: Answers
) -> None:
    window.open_mission(demo_path)
    for title in ("Mission", "Visits & Findings", "Statement"):
        window.navigate(title)
    window.close()
    assert not window.isVisible() and window.context is None
    assert answers.questions == []


def test_the_welcome_page_offers_the_demo_and_keeps_it_with_its_changes(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from coordinator.services import demo
    from coordinator.services.delegations import list_delegations

    kept = tmp_path / "data" / "demo.eom"
    kept.parent.mkdir()
    monkeypatch.setattr(demo, "default_demo_path", lambda: kept)
    welcome = window.welcome
    assert window.root.currentWidget() is welcome
    assert welcome.no_recent.isVisible() and not welcome.recent.isVisible()

    [button] = [b for b in welcome.findChildren(QPushButton) if b.text() == "Try the demo mission"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.context is not None and window.context.path == kept
    assert len(window.context.query(list_delegations)) == 4
    window.close_mission()
    with sqlite3.connect(kept) as connection:  # the user's changes to the demo
        connection.execute("UPDATE delegation SET country = 'Changed'")
    connection.close()
    assert welcome.recent.isVisible() and not welcome.no_recent.isVisible()

    assert window.open_demo()  # the kept demo, not a new one
    assert window.context is not None
    rows = window.context.query(list_delegations)
    assert {row.country for row in rows} == {"Changed"}
    assert answers.errors == []


def test_a_visit_that_cannot_be_saved_is_said_once_and_not_after_closing_without_it(
    qtbot: QtBot, window: MainWindow, demo_path: Path, answers: Answers, tmp_path: Path
) -> None:
    from coordinator.ui.pages.visits import VisitsPage
    from tests.ui.test_visits_page import retype

    copy = tmp_path / "copy.eom"
    copy.write_bytes(demo_path.read_bytes())
    window.open_mission(copy)
    window.navigate("Visits & Findings")
    page = window.page("Visits & Findings")
    assert isinstance(page, VisitsPage)
    page.select_record(page.model.id_at(0))
    retype(qtbot, page.panel.form.planned_departure, "00:01")  # before the arrival
    window.navigate("Meetings")
    assert len(answers.errors) == 1
    assert answers.errors[0].startswith("The visit you were editing was not saved:")

    answers.confirm = True  # Close Without It
    window.close()
    assert not window.isVisible()
    assert len(answers.questions) == 1 and len(answers.errors) == 1


@pytest.fixture
def demo_window(qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path) -> MainWindow:
    """The window on a copy of the demo, active, so that its shortcuts reach it."""
    copy = tmp_path / "copy.eom"
    copy.write_bytes(demo_path.read_bytes())
    assert window.open_mission(copy)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _mission(window: MainWindow) -> tuple[MissionPage, str, str]:
    page = window.page("Mission")
    assert isinstance(page, MissionPage) and window.context is not None
    stored = window.context.query(get_mission)
    assert stored is not None
    return page, stored.head_of_mission, stored.statement_place


def test_undo_and_redo_keys_work_from_a_field_with_nothing_of_its_own_to_undo(
    qtbot: QtBot, demo_window: MainWindow, answers: Answers
) -> None:
    from PySide6.QtCore import Qt

    demo_window.navigate("Mission")
    page, head, _place = _mission(demo_window)
    field = page.editors["head_of_mission"]
    assert isinstance(field, QLineEdit)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Aida Bekova")
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # saved; the form is read again
    assert _mission(demo_window)[1] == "Aida Bekova"
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit) and not focused.isUndoAvailable()

    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _mission(demo_window)[1] == head
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(focused, Qt.Key.Key_Z, shift_ctrl)
    assert _mission(demo_window)[1] == "Aida Bekova"
    assert answers.errors == []


def test_undo_with_typing_not_yet_saved_takes_the_typing_back_first(
    qtbot: QtBot, demo_window: MainWindow, answers: Answers
) -> None:
    from PySide6.QtCore import Qt

    demo_window.navigate("Mission")
    page, head, place = _mission(demo_window)
    place_field, head_field = page.editors["statement_place"], page.editors["head_of_mission"]
    assert isinstance(place_field, QLineEdit) and isinstance(head_field, QLineEdit)
    place_field.setFocus()
    place_field.selectAll()
    qtbot.keyClicks(place_field, "Osh")
    qtbot.keyClick(place_field, Qt.Key.Key_Tab)  # saved
    head_field.setFocus()
    head_field.selectAll()
    qtbot.keyClicks(head_field, "New Head")  # typed, not saved: the field keeps the focus

    demo_window.undo_action.trigger()  # Edit > Undo from the menu
    assert _mission(demo_window)[1:] == (head, "Osh")  # the typing was the latest edit
    assert head_field.text() == head
    demo_window.undo_action.trigger()
    assert _mission(demo_window)[1:] == (head, place)
    demo_window.redo_action.trigger()
    demo_window.redo_action.trigger()
    assert _mission(demo_window)[1:] == ("New Head", "Osh")  # nothing typed was lost
    assert page.editors["head_of_mission"].text() == "New Head"  # type: ignore[union-attr]
    assert answers.errors == []
