"""The program's look: Fusion with a calm style sheet that follows light and dark mode.

Colours come from the system palette (`palette(...)` in the style sheet), so a system
dark colour scheme gives a dark window; only the warning and status colours are chosen
here, a lighter shade of each on dark backgrounds. View > Appearance chooses light or
dark whatever the system says, or follows the system again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def status_colour(kind: str) -> QColor:
    """Colour for a state: "good", "warning", "bad" or "neutral", readable on the palette."""
    dark = is_dark()
    colours = {
        "good": ("#1b7a3a", "#81c995"),
        "warning": ("#9a5b00", "#f6c26b"),
        "bad": ("#b3261e", "#f2b8b5"),
        "neutral": ("#5f6368", "#bdc1c6"),
    }
    light_colour, dark_colour = colours.get(kind, colours["neutral"])
    return QColor(dark_colour if dark else light_colour)


def accent() -> str:
    """The colour of a choice made (a checklist's answer), plain on the palette."""
    return "#8ab4f8" if is_dark() else "#1a5fb4"


def _tick() -> str:
    """The tick drawn on a ticked box's accent colour, as a path a style sheet reads."""
    from coordinator.resources import MissingResourceError, resource_path

    try:
        return resource_path("icons", f"tick-{'dark' if is_dark() else 'light'}.svg").as_posix()
    except MissingResourceError:
        return ""  # a plain accent box, still plain to see


def style_sheet() -> str:
    bad = status_colour("bad").name()
    chosen = accent()
    tick = _tick()
    return f"""
    QListWidget#sidebar {{
        border: none;
        border-right: 1px solid palette(mid);
        background: palette(base);
        padding-top: 8px;
        font-size: 10.5pt;
        outline: 0;
    }}
    QListWidget#sidebar::item {{ padding: 7px 10px; border-radius: 4px; margin: 1px 6px; }}
    QListWidget#sidebar::item:selected {{
        background: palette(highlight);
        color: palette(highlighted-text);
    }}
    QLabel#pageTitle {{ font-size: 15pt; font-weight: 600; padding: 2px 0 6px 0; }}
    QLabel#welcomeTitle {{ font-size: 22pt; font-weight: 600; }}
    QLabel#sectionTitle {{ font-size: 11pt; font-weight: 600; padding-top: 6px; }}
    QLabel#fieldError, QLabel#formError {{ color: {bad}; }}
    QLabel#countLabel {{ color: palette(placeholder-text); padding: 0 6px; }}
    *[invalid="true"] {{ border: 1px solid {bad}; border-radius: 3px; }}
    QTableView {{ gridline-color: palette(midlight); }}
    QFrame#figure {{ background: palette(base); border: 1px solid palette(midlight);
                     border-radius: 6px; }}
    QLabel#figureNumber {{ font-size: 20pt; font-weight: 600; }}
    QLabel#figureDetail {{ color: palette(placeholder-text); }}
    QToolBar {{ border: none; spacing: 4px; }}
    /* A chosen answer is a filled dot in a ring of the accent colour, and its words take
       the colour too: Fusion's small grey dot was hard to see, in dark mode above all. */
    QRadioButton::indicator {{
        width: 12px; height: 12px; border-radius: 8px;
        border: 2px solid palette(placeholder-text); background: palette(base);
    }}
    QRadioButton::indicator:hover {{ border-color: {chosen}; }}
    QRadioButton::indicator:focus {{ border-color: {chosen}; }}
    QRadioButton::indicator:checked {{
        border: 2px solid {chosen};
        background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
            stop: 0 {chosen}, stop: 0.55 {chosen}, stop: 0.6 palette(base), stop: 1 palette(base));
    }}
    QRadioButton::indicator:disabled {{ border-color: palette(midlight); }}
    QRadioButton:checked {{ color: {chosen}; }}
    /* Ticked boxes (a flag in a list, a member in a team) likewise: Fusion draws a box's
       edge darker than the window, which a dark window swallows. */
    QCheckBox::indicator, QAbstractItemView::indicator {{
        width: 12px; height: 12px; border-radius: 3px;
        border: 1px solid palette(placeholder-text); background: palette(base);
    }}
    QCheckBox::indicator:hover, QCheckBox::indicator:focus {{ border-color: {chosen}; }}
    QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
        border-color: {chosen}; background: {chosen}; image: url("{tick}");
    }}
    QCheckBox::indicator:disabled {{ border-color: palette(midlight); }}
    """


def dark_palette() -> QPalette:
    """Fusion's colours for a dark desktop, for platforms whose theme gives none."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1f1f1f",
        QPalette.ColorRole.AlternateBase: "#292929",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#2f6fb3",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#4a4a4a",
        QPalette.ColorRole.Midlight: "#404040",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


# View > Appearance: what each choice is called in the menu.
APPEARANCES = {"system": "Follow the &System", "light": "&Light", "dark": "&Dark"}
_chosen = {"appearance": "system"}


def appearance() -> str:
    """The appearance chosen: "system", "light" or "dark"."""
    return _chosen["appearance"]


def follow_colour_scheme(app: QApplication) -> None:
    """Dark palette when dark is chosen, or the desktop asks for it and its theme did not
    give one; the light one when light is chosen or the desktop asks for light."""
    chosen = appearance()
    scheme = app.styleHints().colorScheme()
    dark_wanted = chosen == "dark" or (chosen == "system" and scheme == Qt.ColorScheme.Dark)
    light_wanted = chosen == "light" or (chosen == "system" and scheme == Qt.ColorScheme.Light)
    if dark_wanted and not is_dark():
        app.setPalette(dark_palette())
    elif light_wanted and is_dark():
        app.setPalette(app.style().standardPalette())
    # The style sheet's warning colours depend on the palette's lightness.
    app.setStyleSheet(style_sheet())


def set_appearance(app: QApplication, choice: str) -> None:
    """Light or dark whatever the desktop says, or ("system") as the desktop says."""
    _chosen["appearance"] = choice if choice in APPEARANCES else "system"
    if _chosen["appearance"] == "system":
        app.styleHints().unsetColorScheme()
        if app.styleHints().colorScheme() == Qt.ColorScheme.Unknown:
            app.setPalette(app.style().standardPalette())  # no word from the desktop: light
    follow_colour_scheme(app)


def apply(app: QApplication, choice: str = "system") -> None:
    app.setStyle("Fusion")
    set_appearance(app, choice)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: follow_colour_scheme(app))
