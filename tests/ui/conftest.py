"""Fixtures for tests that drive real widgets (offscreen): settings, context, answers.

Every test here is marked `gui`, so `pytest -m "not gui"` runs the rest without Qt.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from coordinator.db.missionfile import MissionFile
from coordinator.ui import messages, table_model
from coordinator.ui.collector import MainThreadCollector
from coordinator.ui.context import MissionContext


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def lists_read_at_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The missions here are small: every list reads its search at once, even when a busy
    machine slows a read down (test_stations_page tests the pause for slow lists)."""
    monkeypatch.setattr(table_model, "SLOW_READ_MS", float("inf"))


@pytest.fixture(autouse=True)
def collected_in_the_window_thread(qapp: QApplication) -> Iterator[None]:
    """Cyclic garbage is collected in the window's thread only, as when the window runs
    (ui.collector): a worker thread collecting a test's widgets crashes the process."""
    collector = MainThreadCollector()
    collector.start()
    yield
    collector.check()  # what the test left, before the next one starts its workers
    collector.stop()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def context(mission_file: MissionFile) -> Iterator[MissionContext]:
    opened = MissionContext(mission_file)
    yield opened
    opened.undo_stack.clear()


@dataclass
class Answers:
    """What the user answers to questions (confirmations) and what they were told."""

    confirm: bool = True
    questions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Replace the message boxes: confirmations answer `answers.confirm`, all is recorded."""
    recorded = Answers()

    def confirm(_parent: object, _title: str, text: str, *, action: str = "Delete") -> bool:
        recorded.questions.append(text)
        return recorded.confirm

    def show_error(_parent: object, _title: str, text: str, detail: str = "") -> None:
        recorded.errors.append(text)

    def show_info(_parent: object, _title: str, text: str) -> None:
        recorded.infos.append(text)

    def ask_reload(_parent: object, title: str, text: str) -> bool:
        # Nobody else changes the mission in these tests: a refusal is a defect, said at
        # once (a real box would wait, modal, until the test's timeout).
        pytest.fail(f"Unexpected “{title}”: {text}")

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "show_error", show_error)
    monkeypatch.setattr(messages, "show_info", show_info)
    monkeypatch.setattr(messages, "ask_reload", ask_reload)
    return recorded
