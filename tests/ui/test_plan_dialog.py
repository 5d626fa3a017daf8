"""Plan the Day… driven as a user would: settings typed, the plan previewed, Apply, Undo.

The demo mission (every election-day visit done) gets more stations in Bishkek and one
without coordinates, so the plan fills each team's free hours.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from coordinator.db.enums import VisitStatus
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Team, Visit
from coordinator.services.planning.geo import ROUTE_COLOURS, mercator
from coordinator.ui.context import MissionContext
from coordinator.ui.map_view import MapView
from coordinator.ui.pages.teams import TeamsPage
from coordinator.ui.plan_dialog import PlanDayDialog
from coordinator.ui.plan_preview import STATION_ROLE, team_colours
from tests.services.planning.test_mission_day import add_stations

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


@pytest.fixture
def busy_context(demo_path: Path) -> Iterator[MissionContext]:
    mission_file = open_mission_file(demo_path)
    with mission_file.session() as session:
        add_stations(session)
    context = MissionContext(mission_file)
    yield context
    context.close()


def _visits(context: MissionContext) -> list[tuple[object, ...]]:
    def read(session: sa.orm.Session) -> list[tuple[object, ...]]:
        select = sa.select(Visit.id, Visit.ref, Visit.status, Visit.station_id)
        return [tuple(row) for row in session.execute(select.order_by(Visit.id))]

    return context.query(read)


def _retype(qtbot: QtBot, editor: object, text: str) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)


@pytest.fixture
def dialog(busy_context: MissionContext, qtbot: QtBot) -> Iterator[PlanDayDialog]:
    page = TeamsPage(busy_context)
    qtbot.addWidget(page)
    busy_context.changed.connect(page.on_changed)
    page.resize(1280, 800)
    with qtbot.waitExposed(page):
        page.show()
    page.activate()
    t1 = busy_context.query(lambda s: s.scalar(sa.select(Team.id).where(Team.code == "T1")))
    page.select_record(t1)
    qtbot.mouseClick(page.itinerary.plan_button, Qt.MouseButton.LeftButton)
    shown = page.itinerary.plan_dialog
    assert isinstance(shown, PlanDayDialog)
    qtbot.waitUntil(shown.isVisible)
    yield shown
    if shown.isVisible():
        shown.reject()


def _plan(qtbot: QtBot, dialog: PlanDayDialog) -> None:
    _retype(qtbot, dialog.time_limit, "1")
    # Plan is the dialog's default button: Enter in a field plans.
    qtbot.keyClick(dialog.time_limit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)


def test_a_plan_is_previewed_then_applied_as_one_step_that_undo_takes_back(
    dialog: PlanDayDialog, busy_context: MissionContext, qtbot: QtBot
) -> None:
    before = _visits(busy_context)
    assert dialog.date.date_value() is not None
    _retype(qtbot, dialog.visit_minutes, "45")
    _retype(qtbot, dialog.closing, "19:00")
    _plan(qtbot, dialog)
    plan = dialog.plan
    assert plan is not None
    assert plan.settings.visit_minutes == 45
    assert plan.settings.closing == 19 * 60
    assert _visits(busy_context) == before  # nothing is written before Apply
    totals = dialog.totals.text()
    assert f"{plan.new_visits} new planned visits" in totals
    assert "Nearest neighbour alone:" in totals
    heads = [dialog.stops.topLevelItem(n) for n in range(dialog.stops.topLevelItemCount())]
    assert [head.text(0)[:8] for head in heads if head is not None] == [
        "Team T1 ",
        "Team T2 ",
        "Team T3 ",
        "Team T4 ",
    ]
    assert heads[0] is not None and heads[0].text(0).startswith(
        "Team T1 (from Hyatt Regency Bishkek, leaves 07:"
    )
    t1 = heads[0]
    assert t1 is not None
    assert t1.child(0).text(0) == "07:35–08:25"  # its done opening, as it was done
    assert t1.child(0).text(2) == "opening (done, V001)"
    new_rows = [t1.child(n) for n in range(t1.childCount()) if "(done" not in t1.child(n).text(2)]
    assert new_rows and all(row.text(2) == "voting" for row in new_rows)
    lines = [dialog.left_out.item(n).text() for n in range(dialog.left_out.count())]
    assert lines[0] == "Left out, without coordinates (1): 2999 Village club, no coordinates."

    # A click on a station of the map selects it in the list.
    station_id = new_rows[0].data(0, STATION_ROLE)
    marker = dialog.map.markers[station_id]
    where = dialog.map.mapFromScene(marker.scenePos())
    qtbot.mouseClick(dialog.map.viewport(), Qt.MouseButton.LeftButton, pos=where)
    current = dialog.stops.currentItem()
    assert current is not None and current.data(0, STATION_ROLE) == station_id

    dialog.apply_button.setFocus()
    qtbot.keyClick(dialog.apply_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    planned = _visits(busy_context)
    assert sum(1 for v in planned if v[2] is VisitStatus.PLANNED) == plan.new_visits > 0
    assert busy_context.undo_stack.undoText() == "Plan 17 November 2024"
    busy_context.undo_stack.undo()
    assert _visits(busy_context) == before
    busy_context.undo_stack.redo()
    assert _visits(busy_context) == planned


def test_settings_that_cannot_be_planned_are_said_and_nothing_is_planned(
    dialog: PlanDayDialog, qtbot: QtBot
) -> None:
    _retype(qtbot, dialog.speed, "0")
    qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
    assert "The speed must be more than 0 km/h" in dialog.status.text()
    assert dialog.plan is None
    assert not dialog.apply_button.isEnabled()


def _coloured_pixels(image: QImage, colour: str, tolerance: int = 40) -> int:
    wanted = QColor(colour)
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - wanted.red())
                + abs(pixel.green() - wanted.green())
                + abs(pixel.blue() - wanted.blue())
                < tolerance
            ):
                found += 1
    return found


def test_the_map_draws_every_team_zooms_and_pans_by_keys(
    dialog: PlanDayDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    _plan(qtbot, dialog)
    view = dialog.map
    view.setFocus()
    image = view.grab().toImage()
    # Kept with the test's files, to be looked at (pytest --basetemp=DIR keeps them there).
    image.save(str(tmp_path / "map.png"))
    dialog.grab().save(str(tmp_path / "dialog.png"))
    # Every team's colour is on the map (routes and stations): four teams, four colours.
    assert dialog.plan is not None
    colours = team_colours(dialog.plan)
    assert sorted(set(colours.values())) == sorted(ROUTE_COLOURS[:4])
    for colour in ROUTE_COLOURS[:4]:
        assert _coloured_pixels(image, colour) > 20, colour
    scale = view.transform().m11()
    per_pixel = view.metres_per_pixel()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert math.isclose(view.transform().m11(), scale * 1.25)
    assert view.metres_per_pixel() < per_pixel
    before = view.horizontalScrollBar().value()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.horizontalScrollBar().value() > before
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert math.isclose(view.transform().m11(), scale, rel_tol=1e-6)


def _tile_bytes(colour: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_a_background_from_an_mbtiles_file_is_drawn_under_the_map(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from coordinator.ui.map_view import MapStation

    tiles = tmp_path / "bishkek.mbtiles"
    zoom = 12
    x, y = mercator(42.87, 74.60)
    world = 2 * math.pi * 6378137.0
    column = math.floor((x + world / 2) / (world / 2**zoom))
    row = math.floor((world / 2 - y) / (world / 2**zoom))
    with sqlite3.connect(tiles) as db:
        db.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
            "tile_data BLOB)"
        )
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                db.execute(
                    "INSERT INTO tiles VALUES (?, ?, ?, ?)",
                    (zoom, column + dx, 2**zoom - 1 - (row + dy), _tile_bytes("#FF00FF")),
                )
    view = MapView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show_map([MapStation(1, 42.87, 74.60, "A"), MapStation(2, 42.88, 74.62, "B")])
    with qtbot.waitExposed(view):
        view.show()
    plain = view.grab().toImage()
    view.set_tiles(tiles)
    with_tiles = view.grab().toImage()
    assert _coloured_pixels(plain, "#FF00FF") == 0
    assert _coloured_pixels(with_tiles, "#FF00FF") > 1000
    not_a_map = tmp_path / "not.mbtiles"
    not_a_map.write_text("hello")
    with pytest.raises(Exception, match="is not an MBTiles map file"):
        view.set_tiles(not_a_map)
