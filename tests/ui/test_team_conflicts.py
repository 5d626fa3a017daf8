"""The team form's message about members in other teams names every one of them, and a
member unticked takes their part of it away at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.members import MemberFields, create_member
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.team_dialog import TeamDialog
from coordinator.ui.pages.teams import TeamsPage
from tests.ui.conftest import Answers
from tests.ui.test_teams_page import Mission, mission, page, press_ok, team_dialog  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


def toggle(qtbot: QtBot, dialog: TeamDialog, member_id: int) -> None:
    """Tick or untick a member from the keyboard: the row chosen, then Space."""
    item = dialog.members.item_of(member_id)
    assert item is not None
    dialog.members.list.setFocus()
    dialog.members.list.setCurrentItem(item)
    qtbot.keyClick(dialog.members.list, Qt.Key.Key_Space)


def test_every_member_in_another_team_is_named_and_unticking_clears_them(
    page: TeamsPage,  # noqa: F811
    mission: Mission,  # noqa: F811
    qtbot: QtBot,
    context: MissionContext,
    answers: Answers,
) -> None:
    kazakhstan = context.write(
        "delegations", create_delegation, DelegationFields("Republic of Kazakhstan")
    ).id
    nurlan = context.write(
        "members",
        create_member,
        MemberFields("Nurlan Seitkali", kazakhstan, team_id=mission.t2),
    ).id
    page.reload()
    page.teams.table.setFocus()
    qtbot.keyClick(page.teams.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = team_dialog(qtbot, page)
    qtbot.keyClicks(dialog.code, "T3")
    toggle(qtbot, dialog, mission.aibek)
    toggle(qtbot, dialog, mission.ayse)
    toggle(qtbot, dialog, nurlan)
    answers.confirm = False  # not moved: the form says why it cannot save
    press_ok(qtbot, dialog)
    message = dialog.errors["members"]
    assert message.isVisible()
    assert message.text().splitlines() == [
        "Ayşe Yılmaz is already in team T1. Take them out of team T1 first, "
        "or move them to team T3.",
        "Nurlan Seitkali is already in team T2. Take them out of team T2 first, "
        "or move them to team T3.",
    ]

    toggle(qtbot, dialog, mission.ayse)
    assert message.isVisible()
    assert message.text().startswith("Nurlan Seitkali is already in team T2.")
    assert "Ayşe" not in message.text()
    toggle(qtbot, dialog, nurlan)
    assert not message.isVisible()
    assert not dialog.members.property("invalid")

    press_ok(qtbot, dialog)
    assert not dialog.isVisible()  # saved with Aibek alone, nobody moved
