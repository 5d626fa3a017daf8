"""Python's cyclic garbage collector, run only in the window's thread.

The automatic collector runs in whichever thread happens to allocate when a threshold is
passed. When that is a worker thread (an import's preview, a background read) and the
garbage it finds holds a Qt object made in the window's thread, Qt destroys the object from
the wrong thread and the program crashes: the suite met it as a segmentation fault inside
an import's preview. So while the window runs, the automatic collector is off and a timer
in the window's thread collects instead, generation by generation, when the automatic one
would have (its thresholds, read from `gc.get_count()`).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

# How often the window's thread looks whether a collection is due: often enough that
# garbage made by a long import is collected as it goes, rarely enough to cost nothing.
CHECK_MS = 250


class MainThreadCollector(QObject):
    """Collects cyclic garbage in the thread it is made in (the window's), never in a worker."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """Back to the automatic collector (the window is closing, or a test is done)."""
        self.timer.stop()
        gc.enable()

    def check(self) -> int:
        """Collect the generations that are due, as the automatic collector would; the
        number of unreachable objects found (0 when nothing was due)."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return 0
        generation = 0
        if counts[1] > self.thresholds[1]:
            generation = 1
            if counts[2] > self.thresholds[2]:
                generation = 2
        return gc.collect(generation)
