"""The team form's base: a place name with its latitude and longitude, typed and checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from coordinator.db.models import Team
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.team_dialog import TeamDialog
from coordinator.ui.pages.teams import TeamsPage

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


@pytest.fixture
def dialog(context: MissionContext, qtbot: QtBot) -> Iterator[TeamDialog]:
    page = TeamsPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitExposed(page):
        page.show()
    page.new_team()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert isinstance(page.dialog, TeamDialog)
    yield page.dialog
    if page.dialog.isVisible():
        page.dialog.reject()


def _ok(qtbot: QtBot, dialog: TeamDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _teams(context: MissionContext) -> list[tuple[object, ...]]:
    select = sa.select(Team.code, Team.area, Team.base, Team.base_latitude, Team.base_longitude)
    return context.query(lambda session: [tuple(row) for row in session.execute(select)])


def test_a_base_is_typed_with_its_coordinates(
    dialog: TeamDialog, context: MissionContext, qtbot: QtBot, tmp_path: Path
) -> None:
    qtbot.keyClicks(dialog.code, "T7")
    qtbot.keyClicks(dialog.area, "Bishkek; Kant")
    qtbot.keyClicks(dialog.base, "Hyatt Regency")
    qtbot.keyClicks(dialog.base_latitude, "42,8767")  # a decimal comma is read too
    qtbot.keyClicks(dialog.base_longitude, "74.6111")
    dialog.grab().save(str(tmp_path / "team-form.png"))  # to be looked at
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _teams(context) == [("T7", "Bishkek; Kant", "Hyatt Regency", 42.8767, 74.6111)]


def test_a_base_without_its_longitude_or_off_the_earth_is_refused_and_said(
    dialog: TeamDialog, context: MissionContext, qtbot: QtBot
) -> None:
    qtbot.keyClicks(dialog.code, "T7")
    qtbot.keyClicks(dialog.base_latitude, "142.5")
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errors["base_latitude"].text() == (
        "The base's latitude must be between -90 and 90."
    )
    assert dialog.errors["base_longitude"].text() == (
        "A base needs both its latitude and its longitude, or neither."
    )
    qtbot.keyClicks(dialog.base_longitude, "east")
    _ok(qtbot, dialog)
    assert dialog.errors["base_longitude"].text() == "'east' is not a number."
    assert _teams(context) == []
