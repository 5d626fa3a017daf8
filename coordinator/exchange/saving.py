"""Saving an openpyxl workbook beside its target, and failing quietly when the disk refuses.

openpyxl writes each sheet through generators; when a write fails (a full disk) they are
left half run, and the garbage collector, closing them later, prints "Exception ignored
… Traceback" after the program's own message. They are collected here, at once, with
that noise sent to the log.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coordinator.atomic import replacing, why_not_written
from coordinator.errors import UserError

log = logging.getLogger(__name__)


def save_workbook(path: Path, build: Callable[[], Any]) -> None:
    """The workbook `build` makes, written to `path` whole; or a UserError, `path` as it was.

    `build` is called inside: a write-only workbook writes its rows to temporary files as
    they are added, and those writes fail on a full disk too.
    """
    failure: str | None = None
    previous = sys.unraisablehook
    try:
        try:
            book = build()
            with replacing(path, unnamed=True) as partial:
                book.save(partial)
        except OSError as error:
            # Before the except block ends: letting go of the failed save's frames closes
            # its ZipFile, whose close fails again on the full disk ("Exception ignored").
            sys.unraisablehook = _to_log
            failure = why_not_written(error)
        if failure is None:
            return
        # Out of the except block, so the failed save's frames (and generators) can go.
        # Only in the main thread: a worker collecting could meet the window's Qt objects
        # (ui.collector); there the window's own collector closes the file a moment later.
        book = None
        if threading.current_thread() is threading.main_thread():
            gc.collect()
    finally:
        sys.unraisablehook = previous
    raise UserError(f"Could not write {path}: {failure}.")


def _to_log(unraisable: Any) -> None:
    log.debug("after a failed save: %s", unraisable.exc_value)
