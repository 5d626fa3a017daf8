"""The look follows dark mode: dark palette, and warning colours readable on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from coordinator.ui import style


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    yield qapp
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def test_status_colours_are_lighter_on_a_dark_palette(app: QApplication) -> None:
    app.setPalette(app.style().standardPalette())
    light = {kind: style.status_colour(kind).lightness() for kind in ("good", "warning", "bad")}
    app.setPalette(style.dark_palette())
    assert style.is_dark()
    dark = {kind: style.status_colour(kind).lightness() for kind in light}
    window = app.palette().color(QPalette.ColorRole.Window).lightness()
    for kind, lightness in light.items():
        assert dark[kind] > lightness
        assert dark[kind] - window > 80, f"{kind} is hard to read on the dark window"


def test_the_style_sheet_uses_the_dark_shade_in_dark_mode(app: QApplication) -> None:
    app.setPalette(style.dark_palette())
    assert style.status_colour("bad").name() in style.style_sheet()
