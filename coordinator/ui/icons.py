"""The program's icons: line drawings in resources/icons, coloured for light or dark mode.

Each icon is an SVG drawn with `currentColor`; it is painted in the palette's text colour
so it stays readable when the system switches to a dark colour scheme.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from coordinator.resources import MissingResourceError, resource_path

SIZES = (16, 20, 24, 32, 48)


def _colour() -> str:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().windowText().color().name()
    return "#303030"


@cache
def _icon(name: str, colour: str) -> QIcon:
    try:
        path = resource_path("icons", f"{name}.svg")
    except MissingResourceError:
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for size in SIZES:
        for scale in (1, 2):
            pixmap = QPixmap(QSize(size * scale, size * scale))
            pixmap.setDevicePixelRatio(scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
            icon.addPixmap(pixmap)
    return icon


def icon(name: str) -> QIcon:
    """The icon called `name` (a file resources/icons/NAME.svg), or an empty icon."""
    return _icon(name, _colour())
