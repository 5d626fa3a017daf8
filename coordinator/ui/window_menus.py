"""The window's menus for the keyboard and the look: records, pages, appearance, keys.

New, Edit, Duplicate, Delete and Find belong to the window's Edit menu, so that they
work as soon as a page is shown (the lists' own keys worked only once the list had the
focus). They act on the list that has the focus, else on the page's own list. The View
menu goes to a page by its number (Ctrl+1 … Ctrl+9) or to the next and previous page
(Ctrl+PgDown, Ctrl+PgUp), and chooses the appearance (the system's, light or dark).
Help > Keyboard Shortcuts lists every key, read from the menus themselves so that the
list cannot drift from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from coordinator.ui import icons, style
from coordinator.ui.help_dialogs import TableDialog
from coordinator.ui.pages import PAGES

if TYPE_CHECKING:
    from coordinator.ui.main_window import MainWindow

# (command, menu text, key, icon)
RECORD_COMMANDS: list[tuple[str, str, str, str]] = [
    ("new", "&New", "Ctrl+N", "add"),
    ("edit", "&Edit…", "F2", "edit"),
    ("duplicate", "D&uplicate", "Ctrl+D", "duplicate"),
    ("delete", "&Delete…", "Del", "delete"),
    ("find", "&Find", "Ctrl+F", "search"),
]

NOTHING_TO_DO = {
    "new": "This page has no list to add to.",
    "edit": "Choose a record in the list first.",
    "duplicate": "Choose a record in the list first.",
    "delete": "Choose a record in the list first.",
    "find": "This page has no list to search.",
}

# Keys that belong to a field or a page rather than to a menu.
OTHER_KEYS: list[tuple[str, str]] = [
    ("Tab, Shift+Tab", "Next and previous field; Tab also leaves a text of several lines"),
    ("Enter (in a list)", "Edit the chosen record"),
    ("Delete (in a list)", "Delete the chosen record (asks first)"),
    ("Ctrl+S", "Save the visit shown (Visits & Findings) or the mission (Mission)"),
    ("Ctrl+]", "Save the visit, then show the team's next visit that day"),
    ("Arrows (in a checklist's answers)", "Choose the answer; Tab goes on to its comment"),
    ("F4, Alt+Down (in a date)", "Open the calendar; the arrows choose a day, Enter takes it"),
    ("Up, Down (in a date)", "The next or previous day, month or year"),
    ("24.02.2025 (in a date)", "A date is typed as written: also 24/02/2025 or 2025-02-24"),
    ("Enter (in a dialog)", "OK; Escape is Cancel"),
    ("Alt+F, Alt+E, Alt+V, Alt+H", "Open the File, Edit, View or Help menu"),
]


def record_actions(window: MainWindow, menu: QMenu) -> dict[str, QAction]:
    """Edit > New, Edit, Duplicate, Delete, Find, each with its key on the whole window."""
    actions: dict[str, QAction] = {}
    for command, text, keys, icon_name in RECORD_COMMANDS:
        action = QAction(icons.icon(icon_name), text, window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False, c=command: window.on_record(c))
        menu.addAction(action)
        actions[command] = action
    return actions


def appearance_actions(window: MainWindow, menu: QMenu) -> dict[str, QAction]:
    """View > Appearance: follow the system, light, or dark (one of them ticked)."""
    submenu = menu.addMenu("&Appearance")
    group = QActionGroup(window)
    actions: dict[str, QAction] = {}
    for key, text in style.APPEARANCES.items():
        action = submenu.addAction(text)
        action.setCheckable(True)
        action.setChecked(key == style.appearance())
        action.triggered.connect(lambda _checked=False, k=key: window.set_appearance(k))
        group.addAction(action)
        actions[key] = action
    return actions


def go_actions(window: MainWindow, menu: QMenu) -> list[QAction]:
    """View > the pages by number, and the next and previous page."""
    actions: list[QAction] = []
    for row, spec in enumerate(PAGES):
        action = QAction(f"&{row + 1} {spec.title}", window)
        if row < 9:
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
        action.triggered.connect(lambda _checked=False, r=row: window.go_to_page(r))
        menu.addAction(action)
        actions.append(action)
    menu.addSeparator()
    for text, keys, step in (
        ("&Previous Page", "Ctrl+PgUp", -1),
        ("Ne&xt Page", "Ctrl+PgDown", 1),
    ):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False, s=step: window.go_to_page(None, step=s))
        menu.addAction(action)
        actions.append(action)
    return actions


def focus_into(page: QWidget) -> None:
    """Put the focus in the page shown from the keyboard: its list, else its first field."""
    from coordinator.ui.pages.base import Page

    if isinstance(page, Page) and (first := page.first_field()) is not None:
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page and page.isAncestorOf(widget):
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = widget.nextInFocusChain()


def menu_keys(window: MainWindow) -> list[tuple[str, str]]:
    """Each menu command that has a key: (keys, "Menu > Command"), in the menus' order."""
    rows: list[tuple[str, str]] = []

    def visit(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                visit(submenu, f"{path} > {_plain(action.text())}")
            elif action.shortcuts():
                # The keys a keyboard has (Ctrl+Z), not the platform's extra names (Undo).
                named = [
                    key.toString(QKeySequence.SequenceFormat.NativeText)
                    for key in action.shortcuts()
                ]
                keys = ", ".join(k for k in named if "+" in k or k[:1] == "F" or k == "Del")
                name = _plain(action.text())
                for verb in ("Undo", "Redo"):  # "Undo Draft the statement": the verb only
                    if name.startswith(f"{verb} "):
                        name = verb
                rows.append((keys or named[0], f"{path} > {name}"))

    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            visit(menu, _plain(action.text()))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix("…")


def keys_dialog(window: MainWindow) -> TableDialog:
    """Help > Keyboard Shortcuts: every key of the window, in a table."""
    return TableDialog(
        "Keyboard Shortcuts", ("Keys", "What they do"), menu_keys(window) + OTHER_KEYS, "", window
    )
