"""A table model that reads its rows page by page from a service.

The vorta way (`archive_table_model.py`): columns are declared once, `SORT_ROLE` gives a
column's native value, `ID_ROLE` the row's record id, the model resets around reloads
and appends rows as the view scrolls (`canFetchMore`/`fetchMore`). Filtering and sorting
happen in SQL in the service, never in a proxy model over every row, so a list of
100,000 stations opens and filters at once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from coordinator.services.paging import Page, PageRequest

RowT = TypeVar("RowT")
AnyIndex = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE = 200
# A list whose last read took longer than this (200,000 visits searched through their
# stations) reads a new search once typing pauses for TYPING_PAUSE_MS, not at every key:
# each key would otherwise hold the window for the whole read.
SLOW_READ_MS = 60.0
TYPING_PAUSE_MS = 250


def display(value: object) -> str:
    """How a value reads in a table cell: dates as 17.11.2024, enums by label, bools as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label) if label is not None else str(value.value)
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return str(value)


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """A column of a list: its header, how to get its value, and how the service sorts it."""

    header: str
    value: Callable[[RowT], object]
    sort_key: str | None = None
    align_right: bool = False
    foreground: Callable[[RowT], QColor | None] | None = None
    tooltip: Callable[[RowT], str | None] | None = None
    width: int | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


class PagedTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows from `fetch(PageRequest) -> Page`, loaded a page at a time as the view scrolls."""

    # Emitted after each reload with the number of matching rows.
    counted = Signal(int)

    def __init__(
        self,
        columns: Sequence[Column[RowT]],
        fetch: Callable[[PageRequest], Page[RowT]],
        row_id: Callable[[RowT], int],
        parent: QObject | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch = fetch
        self._row_id = row_id
        self._page_size = page_size
        self._rows: list[RowT] = []
        self._exhausted = True
        self._total: int | None = None
        self._search = ""  # what the rows shown were searched for
        self._typed_search = ""  # what the search box says (read when typing pauses)
        self._last_read_ms = 0.0
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(TYPING_PAUSE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._filters: dict[str, object] = {}
        self._sort = ""
        self._descending = False
        # Nothing is read until the page first shows the list (pages load lazily).
        self._loaded = False

    # --- what to show ------------------------------------------------------------------

    def _request(self, offset: int, *, count: bool) -> PageRequest:
        return PageRequest(
            search=self._search,
            sort=self._sort,
            descending=self._descending,
            offset=offset,
            limit=self._page_size,
            filters=dict(self._filters),
            count_total=count,
        )

    def reload(self) -> None:
        """Read the first page again (after an edit, a new search or sort)."""
        self._loaded = True
        self._search_timer.stop()
        self._search = self._typed_search
        self.beginResetModel()
        started = time.perf_counter()
        page = self._fetch(self._request(0, count=True))
        self._last_read_ms = (time.perf_counter() - started) * 1000
        self._rows = list(page.rows)
        self._total = page.total
        self._exhausted = len(page.rows) < self._page_size
        self.endResetModel()
        self.counted.emit(self.total())

    def _reload_if_loaded(self) -> None:
        if self._loaded:
            self.reload()

    def set_search(self, text: str) -> None:
        """Search for `text`: now, or once typing pauses when the list reads slowly."""
        if text == self._typed_search:
            return
        self._typed_search = text
        if self._loaded and self._last_read_ms > SLOW_READ_MS:
            self._search_timer.start()  # again at each key: it fires once typing pauses
        else:
            self._apply_search()

    def _apply_search(self) -> None:
        if self._typed_search != self._search:
            self._search = self._typed_search
            self._reload_if_loaded()

    @property
    def search_pending(self) -> bool:
        """A search typed but not read yet (it waits for typing to pause)."""
        return self._search_timer.isActive()

    def set_filter(self, name: str, value: object) -> None:
        """Show only rows whose `name` is `value` (None removes the filter)."""
        if value is None:
            self._filters.pop(name, None)
        else:
            self._filters[name] = value
        self._reload_if_loaded()

    def total(self) -> int:
        return self._total if self._total is not None else len(self._rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._reload_if_loaded()

    # --- rows and ids ------------------------------------------------------------------

    def row(self, row_number: int) -> RowT:
        return self._rows[row_number]

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def id_at(self, row_number: int) -> int:
        return self._row_id(self._rows[row_number])

    def row_of_id(self, record_id: int, *, load_up_to: int = 20_000) -> int | None:
        """The row number showing `record_id`, loading further pages if needed."""
        while True:
            for number, row in enumerate(self._rows):
                if self._row_id(row) == record_id:
                    return number
            if self._exhausted or len(self._rows) >= load_up_to:
                return None
            self.fetchMore(QModelIndex())

    def refresh_row(self, record_id: int, fresh: RowT) -> None:
        """Replace one row after an edit, repainting only that row."""
        number = self.row_of_id(record_id, load_up_to=len(self._rows))
        if number is None:
            return
        self._rows[number] = fresh
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.columns) - 1))

    # --- Qt's model interface ----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch(self._request(len(self._rows), count=False))
        if not page.rows:
            self._exhausted = True
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self._exhausted = len(page.rows) < self._page_size
        self.endInsertRows()

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column.value(row))
        if role == SORT_ROLE:
            value = column.value(row)
            return value.value if isinstance(value, Enum) else value
        if role == ID_ROLE:
            return self._row_id(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        return None
