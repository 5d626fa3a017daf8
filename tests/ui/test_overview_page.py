"""The Overview page when its background list cannot be made: it says so and keeps working."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from coordinator.errors import UserError
from coordinator.ui.context import MissionContext
from coordinator.ui.pages import overview
from coordinator.ui.pages.overview import OverviewPage


def test_a_list_that_cannot_be_made_is_said_and_the_next_change_tries_again(
    qtbot: QtBot, context: MissionContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(session: object) -> object:
        raise UserError("The shared mission's server cannot be reached.")

    real = overview.attention
    monkeypatch.setattr(overview, "attention", unreachable)
    page = OverviewPage(context)
    qtbot.addWidget(page)
    page.reload()

    def said() -> bool:
        first = page.attention.topLevelItem(0)
        return first is not None and first.text(0).startswith("Could not look through")

    qtbot.waitUntil(said)
    monkeypatch.setattr(overview, "attention", real)
    page.reload()  # what a change of the mission does
    qtbot.waitUntil(lambda: not said() and "Looking" not in page.attention.topLevelItem(0).text(0))
