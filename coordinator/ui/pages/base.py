"""What every page of the window is: a titled widget that shows one part of the mission.

The main window builds each page with the mission's context, calls `activate` when the
page comes into view (pages load lazily), forwards `on_changed` after every write, and
`select_record` when another page links to one of this page's records.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QApplication, QWidget

from coordinator.ui.context import MissionContext
from coordinator.ui.record_list import RecordList


class Page(QWidget):
    """A page of the main window. Subclasses set `title` and `icon_name`."""

    title: ClassVar[str] = ""
    icon_name: ClassVar[str] = ""

    # Ask the window to show another page's record: (page title, record id).
    navigate = Signal(str, int)

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._stale = True

    def activate(self) -> None:
        """The page came into view: reload it if something changed since it was shown."""
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        """Read what the page shows from the services again."""

    def on_changed(self, what: str) -> None:
        """Records of kind `what` changed; reload now if visible, else when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def record_list(self) -> RecordList | None:
        """The list New, Edit, Duplicate, Delete and Find act on when the focus is in none
        of the page's lists (just after the page was chosen): the page's first list, as
        read from its top left."""
        shown = [records for records in self.findChildren(RecordList) if records.isVisible()]
        place = {id(r): r.mapTo(self, QPoint(0, 0)) for r in shown}
        shown.sort(key=lambda r: (place[id(r)].x(), place[id(r)].y()))
        return shown[0] if shown else None

    def first_field(self) -> QWidget | None:
        """Where the focus goes when the page is chosen from the keyboard (Ctrl+1 …):
        its list, else its first field."""
        records = self.record_list()
        return records.table if records is not None else None

    def record_command(self, command: str) -> bool:
        """Edit > New, Edit, Duplicate, Delete or Find, on the list that has the focus,
        else on the page's own list; False when there is nothing to do it on."""
        focus = QApplication.focusWidget()
        lists = [records for records in self.findChildren(RecordList) if records.isVisible()]
        focused = next((r for r in lists if focus is not None and r.isAncestorOf(focus)), None)
        records = focused or self.record_list()
        return records is not None and records.run(command)

    def select_record(self, record_id: int) -> None:
        """Show and select the record with this id (a link from another page)."""

    def commit_pending(self) -> None:
        """Save an edit in progress (another page is chosen)."""

    def save_pending(self) -> str | None:
        """Save an edit in progress before the mission closes; what could not be saved.

        None when the file holds everything typed on the page; otherwise why the rest
        could not be saved, in words, so the window can ask before it is lost.
        """
        self.commit_pending()
        return None
