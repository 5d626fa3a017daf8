"""A role that may only read opens a shared mission read-only, and the window says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from coordinator.ui.main_window import MainWindow
from tests.conftest import SharedDatabases
from tests.ui.conftest import Answers

pytestmark = [pytest.mark.postgresql, pytest.mark.qt_log_ignore("This plugin does not support")]

READER = "mission_reader_ui"


def _reading_role(shared_databases: SharedDatabases, address: str) -> str:
    """The address of `address`'s database for a role that may only read it."""
    server, database = shared_databases.server, address.rsplit("/", 1)[1]
    server.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER}') "
        f"THEN CREATE ROLE {READER} LOGIN; END IF; END $$"
    )
    server.execute(
        f"GRANT CONNECT ON DATABASE {database} TO {READER}",
        f"GRANT USAGE ON SCHEMA public TO {READER}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER}",
        database=database,
    )
    return server.url(database, user=READER)


def test_a_reading_role_opens_read_only_and_the_status_bar_says_so(
    qtbot: QtBot,
    tmp_path: Path,
    shared_demo_address: str,
    shared_databases: SharedDatabases,
    answers: Answers,
) -> None:
    reader = _reading_role(shared_databases, shared_demo_address)
    window = MainWindow(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_mission(reader)
    assert window.context is not None and window.context.read_only
    assert answers.infos == [
        f"{window.context.mission_file.name}: you may only read this shared mission; changes "
        "cannot be saved. To edit it, ask for an editing role (see docs/shared-mission.md)."
    ]
    assert "[read-only]" in window.windowTitle()
    window.grab().save(str(tmp_path / "read-only.png"))
    label = window.statusBar().findChild(QLabel, "readOnlyStatus")
    assert label is not None and label.isVisible()
    assert label.text() == "Read-only: this role may only read the shared mission."
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    window.close_mission()
    assert not label.isVisible()
    # A mission the role may edit says nothing of the kind.
    assert window.open_mission(shared_demo_address)
    assert not label.isVisible()
    window.close_mission()
