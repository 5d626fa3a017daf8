"""Dark mode: a checklist's chosen answer is plain to see, and View > Appearance chooses
light or dark whatever the system says, or follows it again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
)
from pytestqt.qtbot import QtBot

from coordinator.ui import style
from coordinator.ui.main_window import MainWindow
from coordinator.ui.pages.checklist_form import RadioAnswer
from tests.ui.conftest import Answers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    yield qapp
    style.set_appearance(qapp, "system")
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def indicator_pixels(image: QImage, button: QRadioButton) -> list[QColor]:
    option = QStyleOptionButton()
    option.initFrom(button)
    box = button.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option, button)
    box.translate(button.mapTo(button.window(), box.topLeft()) - box.topLeft())
    ratio = image.devicePixelRatio()
    return [
        image.pixelColor(int(x * ratio), int(y * ratio))
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
    ]


@pytest.mark.parametrize("appearance", ["dark", "light"])
def test_the_chosen_answer_is_plain_to_see(
    qtbot: QtBot, app: QApplication, appearance: str
) -> None:
    style.set_appearance(app, appearance)
    assert style.is_dark() == (appearance == "dark")
    answer = RadioAnswer((("Yes", "yes"), ("No", "no")))
    qtbot.addWidget(answer)
    with qtbot.waitExposed(answer):
        answer.show()
    no = answer.buttons["no"]
    qtbot.mouseClick(no, Qt.MouseButton.LeftButton, pos=no.rect().center())
    # The pointer rests on what was clicked (a shown window starts with it at its corner,
    # over "Yes", whose ring then takes the hover colour).
    for nudge in (QPoint(1, 0), QPoint(0, 0)):  # a move, even if it is already there
        QTest.mouseMove(answer.windowHandle(), no.mapTo(answer, no.rect().center() + nudge))
    qtbot.waitUntil(lambda: not answer.buttons["yes"].underMouse())
    assert answer.value() == "no"

    image = answer.grab().toImage()
    accent = QColor(style.accent())
    background = app.palette().color(answer.backgroundRole())
    assert contrast(accent, background) >= 4.5  # readable: WCAG's mark for text

    def near_accent(colour: QColor) -> bool:
        return all(
            abs(a - b) < 40 for a, b in zip(colour.getRgb()[:3], accent.getRgb()[:3], strict=True)
        )

    chosen = indicator_pixels(image, no)
    other = indicator_pixels(image, answer.buttons["yes"])
    assert sum(map(near_accent, chosen)) > len(chosen) // 4  # a dot and ring, not a speck
    assert not any(map(near_accent, other))
    # The chosen answer's words take the colour too; the others' do not.
    words = no.grab().toImage()
    ratio = words.devicePixelRatio()
    start = int(no.width() // 2 * ratio)  # right of the dot: the word
    coloured = [
        near_accent(words.pixelColor(x, y))
        for x in range(start, words.width())
        for y in range(words.height())
    ]
    assert any(coloured)


def test_view_appearance_chooses_dark_and_light_and_is_kept(
    qtbot: QtBot, app: QApplication, settings: QSettings, demo_path: Path, answers: Answers
) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    actions = window.appearance_actions
    assert [a.text() for a in actions.values()] == ["Follow the &System", "&Light", "&Dark"]
    actions["dark"].trigger()
    assert style.is_dark()
    assert actions["dark"].isChecked() and not actions["light"].isChecked()
    assert settings.value("appearance") == "dark"
    assert style.accent() in app.styleSheet()
    actions["light"].trigger()
    assert not style.is_dark()
    assert settings.value("appearance") == "light"
    actions["system"].trigger()
    assert settings.value("appearance") == "system"
    assert actions["system"].isChecked()


@pytest.mark.parametrize("appearance", ["dark", "light"])
def test_a_box_ticked_or_not_is_plain_to_see(
    qtbot: QtBot, app: QApplication, appearance: str
) -> None:
    style.set_appearance(app, appearance)
    box = QCheckBox("For the statement")
    qtbot.addWidget(box)
    with qtbot.waitExposed(box):
        box.show()
    background = app.palette().color(box.backgroundRole())

    def indicator() -> list[QColor]:
        option = QStyleOptionButton()
        option.initFrom(box)
        area = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        image = box.grab().toImage()
        ratio = image.devicePixelRatio()
        return [
            image.pixelColor(int(x * ratio), int(y * ratio))
            for x in range(area.left(), area.right() + 1)
            for y in range(area.top(), area.bottom() + 1)
        ]

    # Not ticked: its edge stands out from the window (Fusion's was darker than a dark one).
    assert max(contrast(colour, background) for colour in indicator()) >= 3
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert box.isChecked()
    accent = QColor(style.accent())
    assert sum(colour == accent for colour in indicator()) > 20  # filled with the accent
