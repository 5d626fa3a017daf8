"""The Teams & Schedule page driven as a user would: real widgets on a fresh mission file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coordinator.db.enums import MemberRole, Phase, VisitStatus
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.members import MemberFields, create_member, list_members
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.paging import PageRequest
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.teams import TeamFields, create_team, list_teams
from coordinator.services.visit_lists import list_visits
from coordinator.services.visits import VisitFields, create_visit
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import RecordDialog, TimeField
from coordinator.ui.pages.team_dialog import TeamDialog, VisitDialog
from coordinator.ui.pages.teams import TeamsPage
from coordinator.ui.table_model import PagedTableModel
from tests.conftest import ELECTION_DAY
from tests.ui.conftest import Answers

# The offscreen platform says these about every window shown and about the station list
# popping up under the station box; they are not about the page.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


@dataclass
class Mission:
    t1: int
    t2: int
    stations: dict[str, int]
    aigul: int
    ayse: int
    aibek: int


@pytest.fixture
def mission(context: MissionContext) -> Mission:
    context.write(
        "mission",
        save_mission,
        MissionFields(
            "OTS IEOM",
            "Organization of Turkic States",
            "Local councils",
            "Kyrgyz Republic",
            ELECTION_DAY,
            mission_start=dt.date(2024, 11, 13),
            mission_end=dt.date(2024, 11, 18),
        ),
    )
    kyrgyzstan = context.write(
        "delegations", create_delegation, DelegationFields("Kyrgyz Republic")
    )
    turkiye = context.write(
        "delegations", create_delegation, DelegationFields("Republic of Türkiye")
    )
    t1 = context.write("teams", create_team, TeamFields("T1", interpreter="Айгүл Төлөгөнова")).id
    t2 = context.write("teams", create_team, TeamFields("T2", area="Bishkek")).id
    ayse = context.write(
        "members", create_member, MemberFields("Ayşe Yılmaz", turkiye.id, team_id=t1)
    )
    aibek = context.write("members", create_member, MemberFields("Айбек Токтогулов", kyrgyzstan.id))
    aigul = context.write(
        "members",
        create_member,
        MemberFields("Айгүл Төлөгөнова", kyrgyzstan.id, role=MemberRole.INTERPRETER),
    )
    bishkek = context.write("stations", create_locality, LocalityFields("Бишкек")).id
    stations = {
        code: context.write("stations", create_station, StationFields(code, bishkek, name=name)).id
        for code, name in (("1045", "Школа № 5"), ("1052", "Лицей № 12"), ("1060", "КНУ"))
    }
    return Mission(t1, t2, stations, aigul.id, ayse.id, aibek.id)


@pytest.fixture
def page(context: MissionContext, qtbot: QtBot) -> Iterator[TeamsPage]:
    shown = TeamsPage(context)
    qtbot.addWidget(shown)
    # As the main window does: every write is announced to the page.
    context.changed.connect(shown.on_changed)
    shown.resize(1280, 800)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.activateWindow()
    shown.activate()
    yield shown
    for dialog in (shown.dialog, shown.itinerary.dialog):
        if dialog is not None and dialog.isVisible():
            dialog.reject()


def column_texts(model: PagedTableModel[Any], header: str) -> list[str]:
    column = [c.header for c in model.columns].index(header)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` key by key, with its letters (ү, ө, ş) as a keyboard layout sends them."""
    widget.setFocus()
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )
    qtbot.wait(1)


def press_ok(qtbot: QtBot, dialog: RecordDialog[Any]) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def team_dialog(qtbot: QtBot, page: TeamsPage) -> TeamDialog:
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert page.dialog is not None
    return page.dialog


def visit_dialog(qtbot: QtBot, page: TeamsPage) -> VisitDialog:
    dialog = page.itinerary.dialog
    qtbot.waitUntil(
        lambda: dialog is not page.itinerary.dialog or bool(dialog and dialog.isVisible())
    )
    assert page.itinerary.dialog is not None and page.itinerary.dialog.isVisible()
    return page.itinerary.dialog


def plan_visit(qtbot: QtBot, page: TeamsPage, station: str, arrival: str, departure: str) -> None:
    """New visit (Ctrl+N in the itinerary), station found by typing, times typed, OK."""
    page.itinerary.visits.table.setFocus()
    qtbot.keyClick(page.itinerary.visits.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = visit_dialog(qtbot, page)
    qtbot.keyClicks(dialog.station, station)
    # Choose the station the list offers, as a user does with the arrow and Enter keys.
    popup = dialog.station.completer_.popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.station.station_id is not None
    qtbot.keyClicks(dialog.planned_arrival, arrival)
    qtbot.keyClicks(dialog.planned_departure, departure)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible(), [e.text() for e in dialog.errors.values() if e.isVisible()]


def visits_of(context: MissionContext, team: int | None = None) -> int:
    filters = {} if team is None else {"team_id": team}
    total = context.query(list_visits, PageRequest(filters=filters)).total
    assert total is not None
    return total


def add_visit(
    context: MissionContext, team: int, station: int, arrival: str, departure: str, **more: object
) -> int:
    fields = VisitFields(
        None,
        team,
        station,
        more.pop("day", ELECTION_DAY),  # type: ignore[arg-type]
        Phase.VOTING,
        dt.time.fromisoformat(arrival),
        dt.time.fromisoformat(departure),
        **more,  # type: ignore[arg-type]
    )
    return context.write("visits", create_visit, fields).id


# --- the teams list ------------------------------------------------------------------------


def test_teams_are_listed_and_a_team_without_observers_is_marked(
    page: TeamsPage, mission: Mission
) -> None:
    page.reload()
    assert column_texts(page.model, "Team") == ["T1", "T2"]
    assert column_texts(page.model, "Observers") == ["Ayşe Yılmaz", "No observers"]
    assert column_texts(page.model, "Interpreter") == ["Айгүл Төлөгөнова", ""]
    observers = page.model.index(1, 1)
    assert isinstance(observers.data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert page.model.index(0, 1).data(Qt.ItemDataRole.DecorationRole) is None
    assert "no observers" in observers.data(Qt.ItemDataRole.ToolTipRole)
    # The first team is chosen, so its itinerary shows at once.
    assert page.teams.current_id() == mission.t1
    assert page.itinerary.title.text() == "Itinerary of team T1"
    page.teams.select(mission.t2)
    assert page.itinerary.conflict_messages() == [
        "Team T2 has no observers: add members to the team."
    ]

    page.teams.search.setText("айгүл")
    assert column_texts(page.model, "Team") == ["T1"]


def test_a_team_added_through_the_form_with_its_observers(
    page: TeamsPage, mission: Mission, qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    page.reload()
    page.teams.table.setFocus()
    qtbot.keyClick(page.teams.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = team_dialog(qtbot, page)
    assert dialog.windowTitle() == "New team"
    qtbot.keyClicks(dialog.code, "T3")
    type_text(qtbot, dialog.driver, "Бакыт Осмонов")
    qtbot.keyClicks(dialog.driver_phone, "+996 555 123 456")
    qtbot.keyClicks(dialog.vehicle, "Toyota Land Cruiser 01 KG 123")
    # Ayşe is in T1: shown with her team, and moved only once the user agrees.
    ayse = dialog.members.item_of(mission.ayse)
    assert ayse is not None and ayse.text() == "Ayşe Yılmaz — Republic of Türkiye · in team T1"
    type_text(qtbot, dialog.members.search_box, "айбек")
    shown = [
        dialog.members.list.item(n).text()
        for n in range(dialog.members.list.count())
        if not dialog.members.list.item(n).isHidden()
    ]
    assert shown == ["Айбек Токтогулов — Kyrgyz Republic"]
    dialog.members.set_checked(mission.aibek)
    dialog.members.set_checked(mission.ayse)
    assert dialog.members.summary.text() == "2 observers chosen."

    answers.confirm = False
    press_ok(qtbot, dialog)
    assert answers.questions == [
        "Move these members to team T3?\n\n• Ayşe Yılmaz, now in team T1\n\n"
        "They leave the team they are in."
    ]
    assert dialog.isVisible()
    assert dialog.errors["members"].text() == (
        "Ayşe Yılmaz is already in team T1. Take them out of team T1 first, "
        "or move them to team T3."
    )
    assert [row.code for row in context.query(list_teams)] == ["T1", "T2"]

    answers.confirm = True
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert column_texts(page.model, "Team") == ["T1", "T2", "T3"]
    assert column_texts(page.model, "Observers")[2] == "Ayşe Yılmaz, Айбек Токтогулов"
    assert column_texts(page.model, "Observers")[0] == "No observers"
    assert page.teams.current_id() == page.model.id_at(2)
    [t3] = [row for row in context.query(list_teams) if row.code == "T3"]
    assert (t3.driver, t3.driver_phone, t3.vehicle) == (
        "Бакыт Осмонов",
        "+996 555 123 456",
        "Toyota Land Cruiser 01 KG 123",
    )

    # Undo takes the team away and gives Ayşe back to T1.
    assert context.undo_stack.undoText() == "New team T3"
    context.undo_stack.undo()
    assert column_texts(page.model, "Team") == ["T1", "T2"]
    teams = {row.full_name: row.team for row in context.query(list_members, PageRequest()).rows}
    assert teams == {"Ayşe Yılmaz": "T1", "Айбек Токтогулов": "", "Айгүл Төлөгөнова": ""}
    context.undo_stack.redo()
    assert column_texts(page.model, "Observers")[2] == "Ayşe Yılmaz, Айбек Токтогулов"


def test_a_team_without_a_code_is_refused_beside_the_field(
    page: TeamsPage, mission: Mission, qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    page.reload()
    page.teams.select(mission.t1)
    page.teams.duplicate_action.trigger()
    dialog = team_dialog(qtbot, page)
    assert dialog.windowTitle() == "New team (copy of T1)"
    assert dialog.interpreter.text() == "Айгүл Төлөгөнова"
    # Ayşe is in T1: the form's own problem is told first, without asking to move her.
    dialog.members.set_checked(mission.ayse)
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errors["code"].text() == "Code is required."
    assert dialog.code.property("invalid") is True
    assert not dialog.errors["members"].isVisible()
    qtbot.keyClicks(dialog.code, "T1")
    press_ok(qtbot, dialog)
    assert dialog.errors["code"].text() == "Another team already has the code T1."
    assert answers.questions == []
    assert len(context.query(list_teams)) == 2
    assert context.undo_stack.count() == 0


def test_an_edit_of_the_members_is_undone_with_who_was_where(
    page: TeamsPage, mission: Mission, qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    page.reload()
    page.teams.select(mission.t2)
    page.teams.table.setFocus()
    qtbot.keyClick(page.teams.table, Qt.Key.Key_Return)
    dialog = team_dialog(qtbot, page)
    assert dialog.windowTitle() == "Team T2"
    dialog.members.set_checked(mission.ayse)
    dialog.members.set_checked(mission.aigul)
    assert dialog.members.summary.text() == "1 observer and 1 other member chosen."
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert len(answers.questions) == 1
    assert column_texts(page.model, "Observers") == ["No observers", "Ayşe Yılmaz"]

    context.undo_stack.undo()
    assert column_texts(page.model, "Observers") == ["Ayşe Yılmaz", "No observers"]
    teams = {row.full_name: row.team for row in context.query(list_members, PageRequest()).rows}
    assert teams == {"Ayşe Yılmaz": "T1", "Айбек Токтогулов": "", "Айгүл Төлөгөнова": ""}
    context.undo_stack.redo()
    assert column_texts(page.model, "Observers") == ["No observers", "Ayşe Yılmaz"]


def test_delete_a_team_with_its_visits_then_undo_brings_them_back(
    page: TeamsPage, mission: Mission, qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    for arrival, station in (("09:00", "1045"), ("10:00", "1052"), ("11:00", "1060")):
        add_visit(context, mission.t1, mission.stations[station], arrival, arrival[:2] + ":45")
    add_visit(context, mission.t2, mission.stations["1060"], "15:00", "15:30")
    page.reload()
    page.teams.select(mission.t1)
    assert column_texts(page.model, "Visits") == ["3", "1"]
    page.teams.table.setFocus()
    qtbot.keyClick(page.teams.table, Qt.Key.Key_Delete)

    assert answers.questions == [
        "Delete team T1 and its 3 visits?\n\n"
        "The visits' checklist answers and incidents go with them.\n\n"
        "Its member stays in the mission, without a team.\n\n"
        "Edit > Undo can bring it all back."
    ]
    assert column_texts(page.model, "Team") == ["T2"]
    assert (visits_of(context), visits_of(context, mission.t1)) == (1, 0)
    assert page.itinerary.title.text() == "Itinerary of team T2"

    context.undo_stack.undo()
    assert column_texts(page.model, "Team") == ["T1", "T2"]
    assert (visits_of(context), visits_of(context, mission.t1)) == (4, 3)
    assert column_texts(page.model, "Observers")[0] == "Ayşe Yılmaz"
    page.teams.select(mission.t1)
    assert column_texts(page.itinerary.model, "Station") == ["1045", "1052", "1060"]


def test_a_delete_not_confirmed_changes_nothing(
    page: TeamsPage, mission: Mission, context: MissionContext, answers: Answers
) -> None:
    answers.confirm = False
    page.reload()
    page.teams.select(mission.t2)
    page.teams.delete_action.trigger()
    assert answers.questions == [
        "Delete team T2? It has no visits.\n\nEdit > Undo can bring it all back."
    ]
    assert len(context.query(list_teams)) == 2
    assert context.undo_stack.count() == 0


# --- the itinerary -------------------------------------------------------------------------


def test_two_overlapping_visits_planned_on_the_page_are_shown_as_a_conflict(
    page: TeamsPage, mission: Mission, qtbot: QtBot, context: MissionContext
) -> None:
    page.reload()
    page.teams.select(mission.t1)
    assert page.itinerary.day == ELECTION_DAY
    assert page.itinerary.hint.text() == (
        "Team T1 has no visits on this day yet: add one with New visit (Ctrl+N)."
    )
    plan_visit(qtbot, page, "1045", "09:30", "10:15")
    assert page.itinerary.conflict_messages() == []
    assert page.itinerary.conflicts_title.text() == "No conflicts on this day"
    plan_visit(qtbot, page, "1052", "10:00", "10:45")

    message = "Team T1 is at 1045 (09:30–10:15) and 1052 (10:00–10:45) at once on 17 November 2024."
    assert page.itinerary.conflict_messages() == [message]
    assert page.itinerary.conflicts_title.text() == "Conflicts (1)"
    model = page.itinerary.model
    assert column_texts(model, "Station") == ["1045", "1052"]
    assert column_texts(model, "Planned") == ["09:30–10:15", "10:00–10:45"]
    for row in (0, 1):
        assert isinstance(model.index(row, 0).data(Qt.ItemDataRole.DecorationRole), QIcon)
        assert model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole) == message
    assert page.itinerary.day_choice.itemIcon(0).isNull() is False
    assert visits_of(context, mission.t1) == 2

    # Moved later, the second visit no longer clashes; undo brings the clash back.
    page.itinerary.visits.select(model.id_at(1))
    page.itinerary.visits.edit_action.trigger()
    dialog = visit_dialog(qtbot, page)
    dialog.planned_arrival.setText("10:30")
    dialog.planned_departure.setText("11:15")
    press_ok(qtbot, dialog)
    assert page.itinerary.conflict_messages() == []
    assert model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is None
    context.undo_stack.undo()
    assert page.itinerary.conflict_messages() == [message]


def test_a_station_typed_but_not_picked_is_refused_beside_the_field(
    page: TeamsPage, mission: Mission, qtbot: QtBot, context: MissionContext
) -> None:
    page.reload()
    page.itinerary.visits.new_action.trigger()
    dialog = visit_dialog(qtbot, page)
    assert dialog.windowTitle() == "New visit of team T1"
    dialog.station.setText("Школа № 99")
    departure = dialog.planned_departure
    assert isinstance(departure, TimeField) and isinstance(dialog.station, QLineEdit)
    dialog.planned_arrival.setText("11:00")
    departure.setText("10:00")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errors["station"].text() == "Pick the polling station from the list as you type."
    assert visits_of(context) == 0


def test_the_day_choice_offers_the_days_of_the_team_and_election_day(
    page: TeamsPage, mission: Mission, context: MissionContext
) -> None:
    before = ELECTION_DAY - dt.timedelta(days=2)
    add_visit(context, mission.t1, mission.stations["1045"], "10:00", "11:00", day=before)
    add_visit(context, mission.t1, mission.stations["1052"], "09:00", "09:30")
    add_visit(context, mission.t1, mission.stations["1060"], "08:00", "08:30")
    add_visit(context, mission.t2, mission.stations["1060"], "08:15", "08:45")
    page.reload()
    page.teams.select(mission.t1)
    choice = page.itinerary.day_choice
    assert [choice.itemText(n) for n in range(choice.count())] == [
        "Friday, 15 November 2024 · 1 visit",
        "Sunday, 17 November 2024 — election day · 2 visits",
    ]
    assert choice.currentIndex() == 1
    assert column_texts(page.itinerary.model, "Planned") == ["08:00–08:30", "09:00–09:30"]
    assert page.itinerary.conflict_messages() == [
        "Teams T1 and T2 are both at 1060 on 17 November 2024: T1 08:00–08:30, T2 08:15–08:45."
    ]
    choice.setCurrentIndex(0)
    assert page.itinerary.day == before
    assert column_texts(page.itinerary.model, "Station") == ["1045"]
    assert page.itinerary.conflict_messages() == ["1 more on other days: 17 November 2024."]


def test_removing_a_visit_asks_and_undo_puts_it_back(
    page: TeamsPage, mission: Mission, qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    visit = add_visit(
        context, mission.t1, mission.stations["1045"], "09:30", "10:15", status=VisitStatus.PLANNED
    )
    page.reload()
    page.itinerary.visits.select(visit)
    page.itinerary.visits.table.setFocus()
    qtbot.keyClick(page.itinerary.visits.table, Qt.Key.Key_Delete)
    assert answers.questions == [
        "Remove visit V0001 (1045 · Школа № 5 · Бишкек, 09:30–10:15) from the itinerary of "
        "team T1?\n\nEdit > Undo can bring it back."
    ]
    assert page.itinerary.model.rowCount() == 0
    assert visits_of(context) == 0
    context.undo_stack.undo()
    assert column_texts(page.itinerary.model, "Visit") == ["V0001"]


@pytest.mark.parametrize("with_rows", [False, True])
def test_every_model_passes_the_model_tester(
    page: TeamsPage,
    mission: Mission,
    context: MissionContext,
    qtmodeltester: ModelTester,
    with_rows: bool,
) -> None:
    if with_rows:
        add_visit(context, mission.t1, mission.stations["1045"], "09:30", "10:15")
        add_visit(context, mission.t1, mission.stations["1052"], "10:00", "10:45")
    page.reload()
    assert page.itinerary.model.rowCount() == (2 if with_rows else 0)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.itinerary.model)
