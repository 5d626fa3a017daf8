"""The Stations page driven as a coordinator would: the list, the station form, undo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from coordinator.db.enums import LocalityKind, Phase
from coordinator.db.models import Locality, PollingStation
from coordinator.services.paging import Page, PageRequest
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    StationRow,
    create_locality,
    create_station,
    list_localities,
    list_stations,
    locality_key,
    station_delete_impact,
    station_key,
)
from coordinator.services.teams import TeamFields, create_team
from coordinator.services.unit import unit_of_work
from coordinator.services.visits import VisitFields, create_visit
from coordinator.ui import table_model
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.station_dialogs import StationDialog
from coordinator.ui.pages.stations import StationsPage
from coordinator.ui.table_model import PAGE_SIZE
from tests.ui.conftest import Answers

NNBSP = "\u202f"
# The offscreen platform cannot resize, raise or grab for real; it says so, harmlessly.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def bishkek(context: MissionContext) -> int:
    locality = LocalityFields("Бишкек", LocalityKind.CITY, region="город Бишкек")
    return context.write("localities", create_locality, locality).id


@pytest.fixture
def kant(context: MissionContext) -> int:
    locality = LocalityFields(
        "Кант", LocalityKind.TOWN, district="Ысык-Атинский район", region="Чуйская область"
    )
    return context.write("localities", create_locality, locality).id


def add_station(context: MissionContext, fields: StationFields) -> int:
    return context.write("stations", create_station, fields).id


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` key by key; QTest's keyClicks knows ASCII only, and names here are Cyrillic."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def open_page(qtbot: QtBot, context: MissionContext) -> StationsPage:
    page = StationsPage(context)
    qtbot.addWidget(page)
    context.changed.connect(page.on_changed)  # as the main window does
    page.resize(1280, 800)
    page.show()
    page.activate()
    return page


def cells(page: StationsPage, column: int = 0) -> list[str]:
    model = page.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def press_ok(qtbot: QtBot, dialog: StationDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def all_stations(context: MissionContext) -> list[tuple[str, str]]:
    rows = context.query(list_stations, PageRequest()).rows
    return [(row.code, row.name) for row in rows]


def test_a_station_added_in_the_form_is_listed_and_saved(
    qtbot: QtBot, context: MissionContext, bishkek: int
) -> None:
    page = open_page(qtbot, context)
    assert page.empty_hint.isVisible()
    page.list.new_action.trigger()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.code, "0012")
    type_text(dialog.name, "Средняя школа № 6")
    type_text(dialog.address, "пр. Чүй, 125")
    line = dialog.locality.lineEdit()
    assert line is not None
    type_text(line, "бишкек")  # the name alone, in any case, when no other shares it
    qtbot.keyClicks(dialog.registered_voters, "2 410")
    qtbot.keyClicks(dialog.latitude, "42,8763")
    dialog.accessible.set_value(True)
    press_ok(qtbot, dialog)

    assert not dialog.isVisible()
    assert cells(page) == ["0012"]
    assert page.model.index(0, 6).data() == f"2{NNBSP}410"
    assert page.model.index(0, 9).data() == "yes"
    assert page.list.count.text() == "1 station"
    assert not page.empty_hint.isVisible()
    assert page.list.current_id() == page.model.id_at(0)
    [row] = context.query(list_stations, PageRequest()).rows
    assert (row.code, row.name, row.locality, row.registered_voters) == (
        "0012",
        "Средняя школа № 6",
        "Бишкек",
        2410,
    )
    assert row.latitude == pytest.approx(42.8763)

    context.undo_stack.undo()
    assert cells(page) == []
    assert all_stations(context) == []
    context.undo_stack.redo()
    assert cells(page) == ["0012"]


def test_a_code_used_twice_is_shown_beside_the_code_and_nothing_is_saved(
    qtbot: QtBot, context: MissionContext, bishkek: int
) -> None:
    add_station(context, StationFields("1001", bishkek, name="Гимназия № 5"))
    page = open_page(qtbot, context)
    page.list.new_action.trigger()
    dialog = page.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.code, "1001")
    qtbot.keyClicks(dialog.registered_voters, "-5")
    dialog.locality.set_locality(bishkek)
    press_ok(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.errors["code"].isVisible()
    assert dialog.errors["code"].text() == "Another polling station already has the code 1001."
    assert dialog.errors["registered_voters"].text() == "Registered voters cannot be negative."
    assert not dialog.errors["name"].isVisible()
    assert all_stations(context) == [("1001", "Гимназия № 5")]
    assert cells(page) == ["1001"]
    assert context.undo_stack.count() == 0


def test_a_locality_that_is_not_in_the_mission_is_refused(
    qtbot: QtBot, context: MissionContext, bishkek: int
) -> None:
    page = open_page(qtbot, context)
    page.list.new_action.trigger()
    dialog = page.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.code, "7001")
    line = dialog.locality.lineEdit()
    assert line is not None
    type_text(line, "Ош")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "'Ош' is not a locality of the mission" in dialog.errors["locality"].text()
    assert all_stations(context) == []


def test_a_new_locality_can_be_added_from_the_station_form(
    qtbot: QtBot, context: MissionContext, bishkek: int
) -> None:
    page = open_page(qtbot, context)
    page.list.new_action.trigger()
    dialog = page.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.code, "5101")
    qtbot.mouseClick(dialog.new_locality, Qt.MouseButton.LeftButton)
    locality_dialog = dialog.locality_dialog
    assert locality_dialog is not None and locality_dialog.isVisible()
    type_text(locality_dialog.name, "Кант")
    locality_dialog.kind.set_choice(LocalityKind.TOWN)
    type_text(locality_dialog.district, "Ысык-Атинский район")
    type_text(locality_dialog.region, "Чуйская область")
    button = locality_dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert not locality_dialog.isVisible()
    assert dialog.locality.currentText() == "Кант (Ысык-Атинский район, Чуйская область)"
    assert page.locality_filter.findText("Кант (Ысык-Атинский район, Чуйская область)") > 0
    press_ok(qtbot, dialog)
    [row] = context.query(list_stations, PageRequest()).rows
    assert (row.code, row.locality, row.district) == ("5101", "Кант", "Ысык-Атинский район")
    kant = next(loc for loc in context.query(list_localities) if loc.name == "Кант")
    assert kant.kind is LocalityKind.TOWN


def test_search_and_the_locality_filter_narrow_the_list(
    qtbot: QtBot, context: MissionContext, bishkek: int, kant: int
) -> None:
    add_station(context, StationFields("1001", bishkek, name="Школа-гимназия № 5"))
    add_station(context, StationFields("1002", bishkek, name="Средняя школа № 28"))
    add_station(context, StationFields("5101", kant, name="Дом культуры «Ала-Тоо»"))
    page = open_page(qtbot, context)
    assert cells(page) == ["1001", "1002", "5101"]

    type_text(page.list.search, "ГИМНАЗИЯ")
    assert cells(page) == ["1001"]
    assert page.list.count.text() == "1 station"
    page.list.search.clear()
    type_text(page.list.search, "кант")  # the locality's name is searched too
    assert cells(page) == ["5101"]
    qtbot.keyClicks(page.list.search, "xyz")
    assert cells(page) == []
    assert page.empty_hint.text() == "No station matches the search or the locality chosen."
    page.list.search.clear()

    page.locality_filter.setCurrentIndex(page.locality_filter.findData(bishkek))
    assert cells(page) == ["1001", "1002"]
    assert page.list.count.text() == "2 stations"
    page.locality_filter.setCurrentIndex(0)
    assert page.locality_filter.currentText() == "All localities"
    assert len(cells(page)) == 3


def test_a_slow_list_reads_a_search_once_typing_pauses(
    qtbot: QtBot, context: MissionContext, bishkek: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_station(context, StationFields("1001", bishkek, name="Школа-гимназия № 5"))
    add_station(context, StationFields("1002", bishkek, name="Средняя школа № 28"))
    page = open_page(qtbot, context)
    searches: list[str] = []
    fetch = page.model._fetch

    def counted(request: PageRequest) -> Page[StationRow]:
        searches.append(request.search)
        return fetch(request)

    monkeypatch.setattr(page.model, "_fetch", counted)
    monkeypatch.setattr(table_model, "SLOW_READ_MS", -1.0)  # every read counts as slow

    type_text(page.list.search, "гимназия")
    assert page.model.search_pending
    assert cells(page) == ["1001", "1002"]  # what was shown stays until typing pauses
    qtbot.waitUntil(lambda: not page.model.search_pending, timeout=2000)
    assert cells(page) == ["1001"]
    assert searches == ["гимназия"]  # one read for the eight keys

    monkeypatch.setattr(table_model, "SLOW_READ_MS", float("inf"))  # a fast list again
    page.list.search.clear()
    assert not page.model.search_pending
    assert cells(page) == ["1001", "1002"]
    assert searches == ["гимназия", ""]


def test_sorting_by_a_header_asks_the_service(
    qtbot: QtBot, context: MissionContext, bishkek: int
) -> None:
    add_station(context, StationFields("1001", bishkek, registered_voters=900))
    add_station(context, StationFields("1002", bishkek, registered_voters=3000))
    add_station(context, StationFields("1003", bishkek, registered_voters=1500))
    page = open_page(qtbot, context)
    page.list.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    assert cells(page) == ["1002", "1003", "1001"]
    page.list.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert cells(page) == ["1001", "1002", "1003"]

    # Latitude cannot be sorted by: a click there leaves the list and its arrow as they were.
    header = page.list.table.horizontalHeader()
    latitude = [c.header for c in page.model.columns].index("Latitude")
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(latitude) + 5, header.height() // 2),
    )
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0,
        Qt.SortOrder.AscendingOrder,
    )
    assert cells(page) == ["1001", "1002", "1003"]


def test_editing_a_station_can_be_undone(
    qtbot: QtBot, context: MissionContext, bishkek: int
) -> None:
    station = add_station(context, StationFields("1001", bishkek, name="Лицей № 19"))
    page = open_page(qtbot, context)
    page.list.select(station)
    qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.code.text() == "1001"
    assert dialog.locality.currentText() == "Бишкек (город Бишкек)"
    dialog.name.clear()
    type_text(dialog.name, "Лицей № 61")
    press_ok(qtbot, dialog)

    assert cells(page, 1) == ["Лицей № 61"]
    assert context.undo_stack.undoText() == "Edit polling station 1001 (Лицей № 61)"
    context.undo_stack.undo()
    assert cells(page, 1) == ["Лицей № 19"]
    assert all_stations(context) == [("1001", "Лицей № 19")]


def test_duplicate_opens_the_form_filled_in_but_for_the_code(
    qtbot: QtBot, context: MissionContext, bishkek: int
) -> None:
    station = add_station(
        context, StationFields("1001", bishkek, name="Гимназия № 5", registered_voters=1200)
    )
    page = open_page(qtbot, context)
    page.list.select(station)
    page.list.duplicate_action.trigger()
    dialog = page.dialog
    assert dialog is not None
    assert (dialog.code.text(), dialog.name.text(), dialog.registered_voters.text()) == (
        "",
        "Гимназия № 5",
        "1200",
    )
    qtbot.keyClicks(dialog.code, "1002")
    press_ok(qtbot, dialog)
    assert all_stations(context) == [("1001", "Гимназия № 5"), ("1002", "Гимназия № 5")]


@pytest.fixture
def station_with_visits(context: MissionContext, bishkek: int) -> int:
    station = add_station(context, StationFields("1001", bishkek, name="Гимназия № 5"))
    add_station(context, StationFields("1002", bishkek, name="Лицей № 19"))
    team = context.write("teams", create_team, TeamFields("T1")).id
    day = dt.date(2024, 11, 17)
    for _ in range(12):
        context.write("visits", create_visit, VisitFields(None, team, station, day, Phase.VOTING))
    return station


def test_delete_asks_naming_the_visits_and_can_be_undone(
    qtbot: QtBot, context: MissionContext, answers: Answers, station_with_visits: int
) -> None:
    page = open_page(qtbot, context)
    page.list.select(station_with_visits)

    answers.confirm = False
    qtbot.keyClick(page.list.table, Qt.Key.Key_Delete)
    assert answers.questions[-1] == (
        "Delete polling station 1001 (Гимназия № 5) and its 12 visits?\n\n"
        "The visits' checklist answers and incidents go with them.\n\n"
        "You can take this back with Edit > Undo."
    )
    assert cells(page) == ["1001", "1002"]

    answers.confirm = True
    page.list.delete_action.trigger()
    assert cells(page) == ["1002"]
    assert all_stations(context) == [("1002", "Лицей № 19")]
    assert page.list.current_id() == page.model.id_at(0)

    context.undo_stack.undo()
    assert cells(page) == ["1001", "1002"]
    assert context.query(station_delete_impact, station_with_visits) == {"visits": 12}
    assert answers.errors == []


def test_a_locality_with_stations_is_not_deleted(
    qtbot: QtBot, context: MissionContext, answers: Answers, bishkek: int, kant: int
) -> None:
    add_station(context, StationFields("1001", bishkek))
    page = open_page(qtbot, context)
    page.show_localities()
    dialog = page.localities_dialog
    assert dialog is not None and dialog.list.count() == 2
    page.remove_locality(bishkek)
    assert answers.errors == ["It still has 1 polling station(s); move or delete them first."]
    page.remove_locality(kant)
    assert [loc.name for loc in context.query(list_localities)] == ["Бишкек"]
    assert dialog.list.count() == 1
    context.undo_stack.undo()
    assert len(context.query(list_localities)) == 2


def test_the_station_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, context: MissionContext, bishkek: int
) -> None:
    for number in range(5):
        add_station(context, StationFields(f"10{number:02d}", bishkek, name=f"Школа № {number}"))
    page = open_page(qtbot, context)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]


def insert_stations(session: Session, count: int) -> None:
    """Many stations in one unit of work, through the ORM (the form would take all day)."""
    with unit_of_work(session):
        localities = [
            Locality(name="Бишкек", region="город Бишкек"),
            Locality(name="Кант", district="Ысык-Ата", region="Чүй"),
        ]
        for locality in localities:
            locality.search_key = locality_key(
                LocalityFields(
                    locality.name, district=locality.district or "", region=locality.region
                )
            )
        session.add_all(localities)
        session.flush()
        for number in range(count):
            fields = StationFields(
                f"{number:05d}", localities[number % 2].id, name=f"Участок № {number}"
            )
            session.add(
                PollingStation(
                    code=fields.code,
                    name=fields.name,
                    address="",
                    locality_id=fields.locality_id,
                    search_key=station_key(fields),
                )
            )


def test_five_thousand_stations_open_one_page_at_a_time(
    qtbot: QtBot, context: MissionContext
) -> None:
    context.write("stations", insert_stations, 5000)

    page = open_page(qtbot, context)
    assert page.model.rowCount() == PAGE_SIZE
    assert page.model.total() == 5000
    assert page.list.count.text() == f"5{NNBSP}000 stations"
    page.list.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 * PAGE_SIZE)
    assert cells(page)[PAGE_SIZE] == f"{PAGE_SIZE:05d}"

    qtbot.keyClicks(page.list.search, "04999")
    assert cells(page) == ["04999"]
