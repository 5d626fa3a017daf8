"""A map of stations, routes and bases drawn with Qt from coordinates alone, offline.

Any page can show one: give it stations (coloured by team, grey when no team visits
them), routes (each team's stops in order) and bases. The scene is in Web Mercator
metres with y pointing south, so north is up; markers keep their size at every zoom.
The wheel and the keys zoom (+, −) and pan (arrows); 0 shows everything again; a click
on a station emits `station_clicked`. A scale bar and the teams' colours are drawn over
the map. A user may add a background from an MBTiles file of their own (read with
sqlite3, drawn at the zoom level nearest the view's); there is no network.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.services.planning.geo import (
    MERCATOR_RADIUS_M,
    UNPLANNED_COLOUR,
    inverse_mercator,
    mercator,
    nice_scale_length,
    scale_label,
)

STATION_ROLE = 0  # the item data key holding a station marker's id
MARKER = 9.0  # a station marker's diameter in pixels
ZOOM_STEP = 1.25
WORLD = 2 * math.pi * MERCATOR_RADIUS_M  # the width of the Web Mercator square, metres
TILE_PIXELS = 256
TILE_CACHE = 256
# The legend lists at most this many teams (and says how many more there are).
LEGEND_LINES = 12


@dataclass(frozen=True)
class MapStation:
    id: int
    latitude: float
    longitude: float
    label: str
    colour: str = UNPLANNED_COLOUR


@dataclass(frozen=True)
class MapRoute:
    label: str
    colour: str
    points: Sequence[tuple[float, float]]  # latitude, longitude, in the order driven


@dataclass(frozen=True)
class MapBase:
    label: str
    colour: str
    latitude: float
    longitude: float


def scene_point(latitude: float, longitude: float) -> QPointF:
    x, y = mercator(latitude, longitude)
    return QPointF(x, -y)


class MapTiles:
    """Raster tiles from an MBTiles file (SQLite; rows counted from the south, TMS)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            zooms = self._db.execute(
                "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles"
            ).fetchone()
        except sqlite3.Error as error:
            raise UserError(
                f"{path.name} is not an MBTiles map file (an SQLite file with a tiles "
                f"table): {error}."
            ) from None
        if zooms is None or zooms[0] is None:
            raise UserError(f"{path.name} holds no map tiles.")
        self.min_zoom, self.max_zoom = int(zooms[0]), int(zooms[1])
        self._cache: dict[tuple[int, int, int], QPixmap | None] = {}

    def tile(self, zoom: int, column: int, row: int) -> QPixmap | None:
        key = (zoom, column, row)
        if key not in self._cache:
            if len(self._cache) >= TILE_CACHE:
                self._cache.pop(next(iter(self._cache)))
            found = self._db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                "AND tile_row = ?",
                (zoom, column, (1 << zoom) - 1 - row),
            ).fetchone()
            pixmap = None
            if found is not None:
                pixmap = QPixmap()
                if not pixmap.loadFromData(bytes(found[0])):
                    pixmap = None
            self._cache[key] = pixmap
        return self._cache[key]

    def close(self) -> None:
        self._db.close()


class MapView(QGraphicsView):
    """Stations, routes and bases on a Web Mercator map; zoom and pan by wheel and keys."""

    station_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapView")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Dragging and the arrows pan; scroll bars would only take room from the map.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumSize(320, 240)
        self.setToolTip("Wheel or + and − zoom, arrows or dragging pan, 0 shows everything")
        self.tiles: MapTiles | None = None
        # Each route's label, colour and points (scene coordinates), for the legend.
        self.legend: list[tuple[str, str, list[QPointF]]] = []
        self.markers: dict[int, QGraphicsEllipseItem] = {}
        self._selected: int | None = None
        self._extent = QRectF()  # of everything shown, in scene coordinates
        # Until the user zooms or pans, the map keeps everything in view as it is resized.
        self._fitted = True

    # --- what is drawn -----------------------------------------------------------------------

    def show_map(
        self,
        stations: Sequence[MapStation],
        routes: Sequence[MapRoute] = (),
        bases: Sequence[MapBase] = (),
    ) -> None:
        scene = self.scene()
        scene.clear()
        self.markers = {}
        self._selected = None
        self.legend = [
            (route.label, route.colour, [scene_point(*p) for p in route.points]) for route in routes
        ]
        for route in routes:
            if len(route.points) < 2:
                continue
            path = QPainterPath(scene_point(*route.points[0]))
            for point in route.points[1:]:
                path.lineTo(scene_point(*point))
            pen = QPen(QColor(route.colour), 2.5)
            pen.setCosmetic(True)  # as wide at every zoom
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            item = scene.addPath(path, pen)
            item.setToolTip(route.label)
            item.setZValue(1)
        for station in stations:
            marker = QGraphicsEllipseItem(-MARKER / 2, -MARKER / 2, MARKER, MARKER)
            marker.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            marker.setPos(scene_point(station.latitude, station.longitude))
            marker.setBrush(QBrush(QColor(station.colour)))
            marker.setPen(QPen(QColor("white"), 1.2))
            marker.setToolTip(station.label)
            marker.setData(STATION_ROLE, station.id)
            marker.setZValue(3 if station.colour != UNPLANNED_COLOUR else 2)
            scene.addItem(marker)
            self.markers[station.id] = marker
        for base in bases:
            size = MARKER + 3
            shape = QPolygonF(
                [
                    QPointF(0, -size / 2 - 2),
                    QPointF(size / 2 + 1, size / 2),
                    QPointF(-size / 2 - 1, size / 2),
                ]
            )
            triangle = QGraphicsPolygonItem(shape)
            triangle.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            triangle.setPos(scene_point(base.latitude, base.longitude))
            triangle.setBrush(QBrush(QColor(base.colour)))
            triangle.setPen(QPen(QColor("black"), 1.2))
            triangle.setToolTip(base.label)
            triangle.setZValue(4)
            scene.addItem(triangle)
        points = [scene_point(s.latitude, s.longitude) for s in stations]
        points += [scene_point(b.latitude, b.longitude) for b in bases]
        points += [scene_point(*p) for route in routes for p in route.points]
        self._extent = QPolygonF(points).boundingRect() if points else QRectF()
        self.show_everything()

    def show_everything(self) -> None:
        """Zoom so every station, route and base is in view."""
        bounds = QRectF(self._extent)
        # At least a kilometre each way: one station alone is shown with its streets.
        bounds = bounds.united(
            QRectF(bounds.center() - QPointF(500, 500), bounds.center() + QPointF(500, 500))
        )
        margin = max(bounds.width(), bounds.height()) * 0.06 + 50
        area = bounds.adjusted(-margin, -margin, margin, margin)
        self.setSceneRect(
            area.adjusted(
                -area.width() * 4, -area.height() * 4, area.width() * 4, area.height() * 4
            )
        )
        self.fitInView(area, Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = True
        self.viewport().update()

    def select_station(self, station_id: int | None) -> None:
        """Ring the station's marker (and show it), un-ringing the one before."""
        if self._selected is not None and self._selected in self.markers:
            self.markers[self._selected].setPen(QPen(QColor("white"), 1.2))
        self._selected = station_id if station_id in self.markers else None
        if self._selected is not None:
            marker = self.markers[self._selected]
            marker.setPen(QPen(QColor("black"), 3))
            self.ensureVisible(marker, 40, 40)

    def set_tiles(self, path: Path | None) -> None:
        """Draw the map over raster tiles from an MBTiles file (None: no background)."""
        if self.tiles is not None:
            self.tiles.close()
        self.tiles = MapTiles(path) if path is not None else None
        self.viewport().update()

    # --- zoom, pan, clicks ------------------------------------------------------------------

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 1e-6 < scale < 50:  # from a continent to a street
            self.scale(factor, factor)
            self._fitted = False

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        step = max(20, self.viewport().width() // 8)
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.show_everything()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._fitted = False
            self._pan(key, step)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _pan(self, key: int, step: int) -> None:
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        if key == Qt.Key.Key_Left:
            horizontal.setValue(horizontal.value() - step)
        elif key == Qt.Key.Key_Right:
            horizontal.setValue(horizontal.value() + step)
        elif key == Qt.Key.Key_Up:
            vertical.setValue(vertical.value() - step)
        elif key == Qt.Key.Key_Down:
            vertical.setValue(vertical.value() + step)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._fitted:
            self.show_everything()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            for item in self.items(event.position().toPoint()):
                station_id = item.data(STATION_ROLE)
                if isinstance(station_id, int):
                    self.select_station(station_id)
                    self.station_clicked.emit(station_id)
                    event.accept()
                    return
            self._fitted = False  # a drag pans the map
        super().mousePressEvent(event)

    # --- background and overlay ------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        rect = QRectF(rect)
        painter.fillRect(rect, QColor("#F4F1EA"))
        if self.tiles is None:
            return
        pixels_per_metre = self.transform().m11()
        wanted = math.log2(max(WORLD * pixels_per_metre / TILE_PIXELS, 1e-9))
        zoom = max(self.tiles.min_zoom, min(self.tiles.max_zoom, round(wanted)))
        size = WORLD / (1 << zoom)
        half = WORLD / 2
        first_column = max(0, math.floor((rect.left() + half) / size))
        last_column = min((1 << zoom) - 1, math.floor((rect.right() + half) / size))
        first_row = max(0, math.floor((rect.top() + half) / size))
        last_row = min((1 << zoom) - 1, math.floor((rect.bottom() + half) / size))
        if (last_column - first_column + 1) * (last_row - first_row + 1) > 400:
            return  # zoomed out beyond the file's tiles: not worth drawing
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for column in range(first_column, last_column + 1):
            for row in range(first_row, last_row + 1):
                pixmap = self.tiles.tile(zoom, column, row)
                if pixmap is not None:
                    target = QRectF(column * size - half, row * size - half, size, size)
                    painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        painter.save()
        painter.resetTransform()  # from here on, in the viewport's pixels
        self._draw_scale_bar(painter)
        self._draw_legend(painter)
        painter.restore()

    def metres_per_pixel(self) -> float:
        """Metres on the ground per pixel at the middle of the view."""
        centre = self.mapToScene(self.viewport().rect().center())
        latitude, _ = inverse_mercator(centre.x(), -centre.y())
        return math.cos(math.radians(latitude)) / max(self.transform().m11(), 1e-12)

    def _draw_scale_bar(self, painter: QPainter) -> None:
        per_pixel = self.metres_per_pixel()
        length = nice_scale_length(per_pixel * 140)
        if length <= 0:
            return
        pixels = length / per_pixel
        x, y = 14.0, self.viewport().height() - 16.0
        painter.setPen(QPen(QColor("black"), 2))
        painter.fillRect(QRectF(x - 6, y - 22, pixels + 12, 30), QColor(255, 255, 255, 200))
        painter.drawLine(QPointF(x, y), QPointF(x + pixels, y))
        for end in (x, x + pixels):
            painter.drawLine(QPointF(end, y - 5), QPointF(end, y + 3))
        painter.drawText(QPointF(x, y - 8), scale_label(length))

    def _draw_legend(self, painter: QPainter) -> None:
        """The colours of the routes in view, top left; a long list is cut short so the map
        stays seen."""
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        in_view = [
            (label, colour)
            for label, colour, points in self.legend
            if any(seen.contains(point) for point in points)
        ]
        if not in_view:
            return
        metrics = painter.fontMetrics()
        line = metrics.height() + 2
        room = min(LEGEND_LINES, max(1, (self.viewport().height() // 3) // line))
        shown = in_view if len(in_view) <= room else in_view[: room - 1]
        texts = [label for label, _ in shown]
        more = len(in_view) - len(shown)
        if more:
            texts.append(f"… and {more} more (tooltips name them)")
        width = max(metrics.horizontalAdvance(text) for text in texts) + 34
        painter.fillRect(QRectF(8, 8, width, line * len(texts) + 8), QColor(255, 255, 255, 210))
        painter.setPen(QColor("black"))
        for number, text in enumerate(texts):
            y = 12 + number * line
            if number < len(shown):
                painter.fillRect(QRectF(14, y + line / 2 - 3, 14, 6), QColor(shown[number][1]))
            painter.drawText(QPointF(34, y + metrics.ascent()), text)
