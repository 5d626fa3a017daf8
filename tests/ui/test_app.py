"""Starting the window: what a machine without a screen or Qt's libraries is told, the
safety net for bugs, and the garbage collector paused while the program starts."""

from __future__ import annotations

import contextlib
import gc
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Visit
from coordinator.errors import UserError
from coordinator.ui import app
from tests.ui.conftest import Answers


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a test does to the collector is undone after it."""
    yield
    gc.unfreeze()
    gc.enable()


def test_no_screen_is_said_in_plain_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(app.sys, "platform", "linux")
    reason = app.cannot_show_window()
    assert reason is not None and "no screen" in reason and "DISPLAY" in reason
    collecting = gc.isenabled()
    with pytest.raises(UserError, match="no screen"):
        app.run_window()
    assert gc.isenabled() == collecting  # the collector left as it was


def test_missing_qt_libraries_are_named_with_the_command_to_install_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(app.sys, "platform", "linux")
    absent = {"xcb-cursor", "xkbcommon-x11"}
    monkeypatch.setattr(
        app.ctypes.util,
        "find_library",
        lambda name: None if name in absent else f"lib{name}.so",
    )
    assert app.missing_system_libraries() == ["libxcb-cursor0", "libxkbcommon-x11-0"]
    assert app.cannot_show_window() == (
        "Qt needs system libraries that are not installed. Install them with:\n"
        "  sudo apt install libxcb-cursor0 libxkbcommon-x11-0"
    )
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.missing_system_libraries() == []


def test_an_unexpected_error_is_logged_and_explained(
    answers: Answers, caplog: pytest.LogCaptureFixture
) -> None:
    try:
        raise KeyError("visit 12")
    except KeyError as error:
        with caplog.at_level(logging.ERROR, logger="coordinator"):
            app._report_bug(KeyError, error, error.__traceback__)
    assert len(answers.errors) == 1
    assert "Your mission file is safe" in answers.errors[0]
    assert str(app.log_file()) in answers.errors[0]
    assert "visit 12" in caplog.text and "Traceback" in caplog.text


def test_a_user_error_reaching_the_safety_net_is_shown_as_it_is(answers: Answers) -> None:
    error = UserError("The mission file is read-only.")
    app._report_bug(UserError, error, None)
    assert answers.errors == ["The mission file is read-only."]


@pytest.mark.usefixtures("collector")
def test_collection_is_paused_while_starting_and_resumed_with_start_up_frozen(
    qtbot: QtBot,
) -> None:
    app.pause_collection()
    assert not gc.isenabled()
    collector = app.resume_collection()
    try:
        assert gc.get_freeze_count() > 10_000  # the modules, classes and widgets made so far
        # Resumed in the window's thread only: the automatic collector stays off, and the
        # window's timer collects cycles as they pile up.
        assert not gc.isenabled() and collector.timer.isActive()
        found: list[int] = []
        collector.timer.timeout.connect(lambda: found.append(gc.get_count()[0]))
        for _ in range(5 * gc.get_threshold()[0]):
            cycle: list[object] = []
            cycle.append(cycle)
        qtbot.waitUntil(lambda: bool(found) and found[-1] < gc.get_threshold()[0])
    finally:
        collector.stop()
    assert gc.isenabled()


def test_a_worker_thread_never_collects_while_the_window_runs(qtbot: QtBot) -> None:
    """Garbage made in a worker thread waits for the window's thread to collect it."""
    import threading

    from coordinator.ui.collector import MainThreadCollector

    collector = MainThreadCollector()
    collector.start()
    collected_in: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_in.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:

        def make_garbage() -> None:
            for _ in range(20 * gc.get_threshold()[0]):
                cycle: list[object] = []
                cycle.append(cycle)

        worker = threading.Thread(target=make_garbage, name="worker")
        worker.start()
        worker.join()
        assert "worker" not in collected_in
        qtbot.waitUntil(lambda: threading.main_thread().name in collected_in)
    finally:
        gc.callbacks.remove(note)
        collector.stop()
    assert "worker" not in collected_in


def test_a_damaged_mission_file_reaching_the_safety_net_is_said_as_damage(
    answers: Answers, demo_path: Path
) -> None:
    with contextlib.closing(sqlite3.connect(demo_path)) as connection:
        connection.execute("UPDATE visit SET phase = 'lunch' WHERE id = 2")  # changed by hand
        connection.commit()
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        try:
            session.scalars(sa.select(Visit)).all()
        except LookupError as error:
            app._report_bug(LookupError, error, error.__traceback__)
    assert len(answers.errors) == 1
    assert answers.errors[0].startswith("The mission file is damaged: a value is not one the")
    assert "names each damaged table, row and field" in answers.errors[0]
    assert "Something went wrong" not in answers.errors[0]
