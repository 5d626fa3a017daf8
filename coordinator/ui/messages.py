"""Message boxes in one place, as small functions the tests can replace.

Widgets never build a QMessageBox inline: they call these, so a test can swap
`confirm` for a function that answers and records the question.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


@contextmanager
def wait_cursor() -> Iterator[None]:
    """The busy cursor while a short piece of work (under a second or two) runs."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def confirm(parent: QWidget | None, title: str, text: str, *, action: str = "Delete") -> bool:
    """Ask before something that cannot be taken back lightly; True if the user agreed."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    accept = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept


def show_error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    """Tell the user what went wrong and what to do; `detail` goes under "Show Details"."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setDetailedText(detail)
    box.exec()


def ask_reload(parent: QWidget | None, title: str, text: str) -> bool:
    """Someone else changed what the user was saving: Reload (True) or Cancel."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    box.setObjectName("staleRecord")
    reload = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(reload)
    box.exec()
    return box.clickedButton() is reload


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_text(
    parent: QWidget | None, title: str, label: str, *, secret: bool = False, text: str = ""
) -> str | None:
    """A line the user types (a shared mission's address; a password, hidden); None if not."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    echo = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
    answer, accepted = QInputDialog.getText(parent, title, label, echo, text)
    return answer if accepted and answer.strip() else None
