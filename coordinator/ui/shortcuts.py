"""Ctrl+Z in a text field that has nothing of its own to undo undoes the last saved edit.

A text field takes the undo and redo keys for its own typing, even when it has none
(a form just reloaded). Then the keys would do nothing at all; this filter hands them
to the window's Edit > Undo and Edit > Redo instead. With typing of its own, the field
keeps them, as everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit


def _field_can(widget: QObject, redo: bool) -> bool:
    """Whether `widget` has typing of its own to undo (or redo); True for other widgets."""
    if isinstance(widget, QLineEdit):
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return True


class UndoFallsThrough(QObject):
    """An application event filter: see the module's docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        # Filtered (True), the field never sees the override, which stays unaccepted:
        # Qt then runs the window's shortcut for the key.
        if event.matches(QKeySequence.StandardKey.Undo):
            return not _field_can(watched, redo=False)
        if event.matches(QKeySequence.StandardKey.Redo):
            return not _field_can(watched, redo=True)
        return False


def let_undo_fall_through(application: QCoreApplication) -> None:
    """Install the filter on the application, once, for as long as the application lives
    (not tied to a window that may be destroyed while events still pass the filter)."""
    if application.findChild(UndoFallsThrough) is None:
        application.installEventFilter(UndoFallsThrough(application))
