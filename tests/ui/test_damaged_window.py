"""The window on a mission file damaged outside the program, one damage at a time.

Each damaged file (made with sqlite3 from the demo, as in tests/test_damaged_missions.py)
is opened the ways a coordinator opens it: File > Open's path (`open_mission`, what the
menu and the recent files call) and the start-up path `coordinator FILE` takes
(`_run_window`). The coordinator is told what is damaged and pointed to `coordinator
check`, never "(a bug)" nor a traceback, and the window goes on working. The window's
safety net is the one `coordinator FILE` installs (`sys.excepthook = _report_bug`), so
a page that meets the damage later says so the same way.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coordinator.ui import app, style
from coordinator.ui.main_window import MainWindow
from coordinator.ui.pages import PAGES
from tests.test_damaged_missions import DAMAGES
from tests.ui.conftest import Answers

# What the opening says of each damage: its table (and row and field, where it has them).
NAMED = {
    "impossible date": "Table visit, row 3, field date: '2024-02-31' is not a date that exists.",
    "unknown phase": "Table visit, row 2, field phase: 'lunch' is not one of opening",
    "unknown status": "Table visit, row 4, field status: 'maybe' is not one of planned",
    "answer to no question": "1 answer record refers to a checklist question that is not in "
    "the file (row 1).",
    "missing column": "Table meeting: the column summary is missing.",
    "missing table": "Table incident is missing from the file.",
    "logo not an image": "Table mission, row 1, field logo: it is not an image",
}
WINDOW_DAMAGES = sorted(set(DAMAGES) - {"unknown status"})  # status: as phase, one is enough


def _damage(good: Path, folder: Path, name: str) -> Path:
    damaged = folder / f"{name.replace(' ', '-')}.eom"
    shutil.copy(good, damaged)
    with contextlib.closing(sqlite3.connect(damaged)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(DAMAGES[name][0])
        connection.commit()
    return damaged


# Damages that more than one page meets (the others only one page reads, or none).
MET_BY_SEVERAL_PAGES = {"impossible date", "missing column", "missing table", "unknown phase"}


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings) -> MainWindow:
    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    shown.show()
    return shown


@pytest.fixture
def safety_net(monkeypatch: pytest.MonkeyPatch) -> None:
    """The excepthook `coordinator FILE` installs, for this test only."""
    monkeypatch.setattr(sys, "excepthook", app._report_bug)


def _said_plainly(answers: Answers) -> str:
    said = "\n".join(answers.errors + answers.infos)
    assert "(a bug)" not in said and "Traceback" not in said, said
    assert "Something went wrong" not in said, said
    return said


@pytest.mark.usefixtures("safety_net")
@pytest.mark.parametrize("damage", WINDOW_DAMAGES)
def test_file_open_says_what_is_damaged_and_the_window_goes_on(
    window: MainWindow,
    demo_original: Path,
    tmp_path: Path,
    answers: Answers,
    damage: str,
) -> None:
    damaged = _damage(demo_original, tmp_path, damage)

    assert window.open_mission(damaged)

    assert answers.errors, "opening a damaged file said nothing"
    first = answers.errors[0]
    assert first.startswith(f"{damaged.name} is damaged: it was changed outside")
    assert NAMED[damage] in first
    assert f"coordinator check {damaged}" in first
    # Every page: those that meet the damage say so, as damage; none is "(a bug)".
    for spec in PAGES:
        window.navigate(spec.title)
        QApplication.processEvents()
    said = _said_plainly(answers)
    for later in answers.errors[1:]:
        assert later.startswith("The mission file is damaged:"), later
        assert f"coordinator check {damaged}" in later
    # Each damage is said in a box once; the next page meeting it says so in the status bar.
    assert len(set(answers.errors)) == len(answers.errors), answers.errors
    if damage in MET_BY_SEVERAL_PAGES:
        assert window.statusBar().currentMessage() in answers.errors[1:]
    # The window still works: another mission opens, with nothing more to say.
    shown = len(answers.errors)
    assert window.open_mission(demo_original)
    assert window.context is not None and window.context.path == demo_original
    assert len(answers.errors) == shown, said


@pytest.mark.usefixtures("safety_net")
def test_the_visits_page_listing_an_impossible_date_says_it_is_damage(
    window: MainWindow, demo_original: Path, tmp_path: Path, answers: Answers
) -> None:
    damaged = _damage(demo_original, tmp_path, "impossible date")
    window.open_mission(damaged)
    opened = len(answers.errors)

    window.navigate("Visits & Findings")
    QApplication.processEvents()

    _said_plainly(answers)
    assert len(answers.errors) > opened, "the Visits page met the date and said nothing"
    said = answers.errors[-1]
    assert said.startswith("The mission file is damaged: a date or time does not exist")
    # The command is named with the file's path, ready to be copied.
    assert f"`coordinator check {damaged}` names each damaged table, row and field" in said


def test_coordinator_file_at_start_up_says_what_is_damaged(
    monkeypatch: pytest.MonkeyPatch,
    demo_original: Path,
    tmp_path: Path,
    answers: Answers,
) -> None:
    damaged = _damage(demo_original, tmp_path, "missing table")
    # The window's settings in a file of the test's own, never the user's.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # _run_window sets its own
    monkeypatch.setattr(style, "apply", lambda *_args: None)  # other tests' look stays
    started: list[MainWindow] = []

    def run_events(*_args: object) -> int:
        started.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        return 0

    monkeypatch.setattr(QApplication, "exec", run_events)
    try:
        assert app._run_window(damaged) == 0
    finally:
        QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
    window = next(w for w in started if w.context is not None)
    try:
        said = _said_plainly(answers)
        assert answers.errors[0].startswith(f"{damaged.name} is damaged")
        assert NAMED["missing table"] in said
        assert f"coordinator check {damaged}" in said
        assert sys.excepthook is app._report_bug  # what later pages' damage goes through
        window.navigate("Visits & Findings")
        assert answers.errors[-1].startswith(
            "The mission file is damaged: a table is missing"
        )  # incident
        _said_plainly(answers)
    finally:
        window.close_mission()
        window.close()
        window.deleteLater()


def test_file_export_statement_leaves_a_broken_logo_out_and_says_so(
    window: MainWindow,
    demo_original: Path,
    tmp_path: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pypdf import PdfReader

    from coordinator.ui import statement_actions

    window.open_mission(_damage(demo_original, tmp_path, "logo not an image"))
    target = tmp_path / "statement.pdf"
    monkeypatch.setattr(
        statement_actions,
        "choose_export_target",
        lambda *_args: statement_actions.ExportTarget(target, False),
    )

    window.export_statement_action.trigger()

    first = PdfReader(target).pages[0]
    text = " ".join(first.extract_text().split())
    assert text.startswith("International Election Observation Mission of the Organization")
    assert text.endswith("Page 1 of 2")
    assert list(first.images) == []  # no broken picture where the logo was
    assert answers.infos == [
        "The mission's logo is not an image that can be shown (the file was changed outside "
        "the program); the statement is printed without it. Choose the logo again on the "
        "Mission page."
    ]
    assert window.statusBar().currentMessage() == f"Statement written to {target}"
    _said_plainly(answers)
