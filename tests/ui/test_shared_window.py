"""Windows on a shared mission: each shows what the others change, the password is asked
and never kept, and a server that goes away is a message until it is back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from coordinator.db.models import Locality
from coordinator.errors import UserError
from coordinator.services.stations import StationFields, create_station
from coordinator.ui import messages
from coordinator.ui.main_window import MainWindow
from coordinator.ui.pages.stations import StationsPage
from tests.conftest import SharedDatabases
from tests.postgres_server import PASSWORD_ROLE
from tests.ui.conftest import Answers

pytestmark = [pytest.mark.postgresql, pytest.mark.qt_log_ignore("This plugin does not support")]


def _window(qtbot: QtBot, folder: Path, name: str) -> MainWindow:
    window = MainWindow(QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


@pytest.fixture
def two_windows(
    qtbot: QtBot, tmp_path: Path, shared_demo_address: str, answers: Answers
) -> Iterator[tuple[MainWindow, MainWindow]]:
    first, second = _window(qtbot, tmp_path, "first"), _window(qtbot, tmp_path, "second")
    assert first.open_mission(shared_demo_address)
    assert second.open_mission(shared_demo_address)
    yield first, second
    for window in (first, second):
        window.close_mission()


def _station_codes(page: StationsPage) -> list[str]:
    return [page.model.index(row, 0).data() for row in range(page.model.rowCount())]


def _add_station(window: MainWindow, code: str) -> None:
    context = window.context
    assert context is not None
    # The demo's first locality (a shared mission's ids are those of the published file).
    locality = _FIRST_LOCALITY
    context.write("stations", create_station, StationFields(code, locality, name="New school"))


_FIRST_LOCALITY = 1


def test_two_windows_show_each_others_edits_within_two_seconds(
    qtbot: QtBot, two_windows: tuple[MainWindow, MainWindow], answers: Answers
) -> None:
    first, second = two_windows
    second.sidebar.setCurrentRow(4)
    page = second.page("Stations")
    assert isinstance(page, StationsPage)
    assert "NEW-7" not in _station_codes(page)
    began = time.monotonic()
    _add_station(first, "NEW-7")
    qtbot.waitUntil(lambda: "NEW-7" in _station_codes(page), timeout=2000)
    assert time.monotonic() - began < 2
    # And back: the first window hears the second's edit.
    first.sidebar.setCurrentRow(4)
    other = first.page("Stations")
    assert isinstance(other, StationsPage)
    _add_station(second, "NEW-8")
    qtbot.waitUntil(lambda: "NEW-8" in _station_codes(other), timeout=2000)
    assert answers.errors == []


def test_the_password_is_asked_for_and_never_kept(
    *,
    qtbot: QtBot,
    tmp_path: Path,
    shared_demo_address: str,
    shared_databases: SharedDatabases,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, database = shared_databases.server, shared_demo_address.rsplit("/", 1)[1]
    server.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PASSWORD_ROLE}') "
        f"THEN CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD 'Bishkek-2024'; END IF; END $$",
        f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {PASSWORD_ROLE}",
        f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {PASSWORD_ROLE}",
        database=database,
    )
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    asked: list[str] = []
    typed = iter(["wrong", "Bishkek-2024"])

    def ask_text(_parent: object, title: str, label: str, **_options: object) -> str | None:
        asked.append(label)
        return next(typed)

    monkeypatch.setattr(messages, "ask_text", ask_text)
    address = server.url(database, user=PASSWORD_ROLE)
    window = _window(qtbot, tmp_path, "guarded")
    assert window.open_mission(address)
    assert "asks for a password" in asked[0] and "refused the password" in asked[1]
    assert window.context is not None and not window.context.read_only
    assert window.recent_files()[0] == address
    window.close_mission()
    window.settings.sync()
    assert "Bishkek-2024" not in (tmp_path / "guarded.ini").read_text()


def test_a_server_that_goes_away_is_a_message_and_the_window_works_when_it_is_back(
    qtbot: QtBot,
    two_windows: tuple[MainWindow, MainWindow],
    shared_databases: SharedDatabases,
    answers: Answers,
) -> None:
    window = two_windows[0]
    assert window.context is not None
    with window.context.mission_file.session() as session:
        assert session.get(Locality, _FIRST_LOCALITY) is not None
    status = window.statusBar()
    shared_databases.server.pause()
    try:
        qtbot.waitUntil(lambda: "cannot be reached" in status.currentMessage(), timeout=3000)
        with pytest.raises(UserError) as raised:
            _add_station(window, "LOST-1")
        assert "server could not be reached, so nothing was saved" in str(raised.value)
    finally:
        shared_databases.server.resume()
    qtbot.waitUntil(lambda: "answers again" in status.currentMessage(), timeout=5000)
    _add_station(window, "BACK-1")
    window.sidebar.setCurrentRow(4)
    page = window.page("Stations")
    assert isinstance(page, StationsPage)
    qtbot.waitUntil(lambda: "BACK-1" in _station_codes(page), timeout=2000)
    assert "LOST-1" not in _station_codes(page)
