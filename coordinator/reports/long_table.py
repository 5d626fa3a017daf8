"""A table of any length laid out a page at a time, in time and memory that grow linearly.

ReportLab splits a long table page by page, and each split makes a new table of every
row that is left and measures them all again: 100,000 rows took hours and gigabytes.
`streamed_table` holds the rows as plain text and makes table cells (Paragraphs) only for
the next couple of pages: each page measures about AHEAD rows, and the cells of the rows
already printed are let go.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

# Rows made into cells ahead of the page being laid out: about two pages of short rows.
AHEAD = 60

Row = Sequence[Any]


def streamed_table(
    header: Row,
    rows: Sequence[Row],
    make_row: Callable[[Row], list[Any]],
    widths: Sequence[float],
    style: Sequence[Any],
) -> Any:
    """A table flowable with a header repeated on every page, its rows made as needed.

    `rows` are plain values; `make_row` turns one into the row's cells.
    """
    return _table_class()(header, rows, make_row, widths, style)


@functools.cache
def _table_class() -> type:
    # ReportLab is imported when a table is made, not when the window starts.
    from reportlab.platypus import Flowable, FrameBreak, LongTable

    class StreamedTable(Flowable):  # type: ignore[misc]
        """A table with a header repeated on every page, its rows made as they are needed.

        `rows` are plain values; `make_row` turns one into the row's cells. `ready` holds
        rows already made (what a page left over), `start` the first row not made yet.
        """

        def __init__(
            self,
            header: Row,
            rows: Sequence[Row],
            make_row: Callable[[Row], list[Any]],
            widths: Sequence[float],
            style: Sequence[Any],
            *,
            ready: Sequence[Sequence[Any]] = (),
            start: int = 0,
        ) -> None:
            super().__init__()
            self._header = header
            self._rows = rows
            self._make_row = make_row
            self._widths = list(widths)
            self._style = list(style)
            self._ready = list(ready)
            self._next = start
            self._ahead = AHEAD
            self._table: Any = None

        def _more(self) -> bool:
            return self._next < len(self._rows)

        def _built(self) -> Any:
            if self._table is None:
                while len(self._ready) < self._ahead and self._more():
                    self._ready.append(self._make_row(self._rows[self._next]))
                    self._next += 1
                data = [list(self._header), *map(list, self._ready)]
                # splitInRow: a cell longer than a page (a very long name) flows on.
                self._table = LongTable(data, colWidths=self._widths, repeatRows=1, splitInRow=1)
                self._table.setStyle(self._style)
            return self._table

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
            if self._more():
                # Rows follow: it never fits whole, and the split measures what does
                # (measuring here too would lay out every page twice).
                self.width, self.height = sum(self._widths), availHeight + 1
            else:
                self.width, self.height = self._built().wrap(availWidth, availHeight)
            return self.width, self.height

        def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
            parts = self._built().split(availWidth, availHeight)
            while len(parts) == 1 and self._more():
                # Every row made so far fits here (short rows): make more, so that the
                # page is filled by this table and no second header starts on it.
                self._ahead *= 2
                self._table = None
                parts = self._built().split(availWidth, availHeight)
            if not self._more() or len(parts) < 2:
                return list(parts)
            # The rest of the table (after its repeated header): whole rows still to print,
            # and the end of a row split across the page. It starts on the next page, under
            # its header, as a long table's rest does.
            rest = [list(row) for row in parts[1]._cellvalues[1:]]
            follow = type(self)(
                self._header,
                self._rows,
                self._make_row,
                self._widths,
                self._style,
                ready=rest,
                start=self._next,
            )
            return [parts[0], FrameBreak(), follow]

        def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
            self._built().drawOn(canvas, x, y, _sW)

    return StreamedTable
