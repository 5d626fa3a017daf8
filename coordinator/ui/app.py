"""Starting the window: the Qt application, the log file, and the safety net for bugs.

An unexpected error never ends the program: it is written with its traceback to the log
file (in the user's log folder) and a short dialog says so and where the log is.
"""

from __future__ import annotations

import ctypes.util
import gc
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import platformdirs

from coordinator import __version__
from coordinator.errors import UserError

if TYPE_CHECKING:
    from coordinator.ui.collector import MainThreadCollector
    from coordinator.ui.main_window import MainWindow

APP_NAME = "Mission Coordinator"
ORGANISATION = "Mission Coordinator"
log = logging.getLogger("coordinator")

# Libraries Qt's xcb platform plugin loads that a bare Debian/Ubuntu machine lacks,
# with the package that brings each.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def log_file() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "coordinator.log"


def setup_logging() -> Path:
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    log.info("Mission Coordinator %s starting", __version__)
    return path


def missing_system_libraries() -> list[str]:
    """Debian packages to install before Qt can open a window on X11 (empty if none)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return []
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return []
    return sorted(
        package
        for library, package in XCB_LIBRARIES.items()
        if not ctypes.util.find_library(library)
    )


def cannot_show_window() -> str | None:
    """Why a window cannot open on this machine, in words that say what to do; or None."""
    on_screen = os.environ.get("QT_QPA_PLATFORM", "") in ("", "xcb", "wayland")
    no_screen = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if on_screen and no_screen and sys.platform.startswith("linux"):
        return (
            "There is no screen to open the window on (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set). Run it from a desktop session."
        )
    missing = missing_system_libraries() if sys.platform.startswith("linux") else []
    if missing:
        return (
            "Qt needs system libraries that are not installed. Install them with:\n"
            f"  sudo apt install {' '.join(missing)}"
        )
    return None


def pause_collection() -> None:
    """Pause Python's cyclic garbage collector while the program starts.

    Starting creates a few hundred thousand objects that live as long as the program
    (modules, classes, mapped models, Qt wrappers). The collector would walk all of them
    several times over while the window is being built: about 50 ms of a start of 0.6 s.
    """
    gc.disable()


def resume_collection() -> MainThreadCollector:
    """Collect again, once the window shows its first page, in the window's thread only.

    What start-up made is moved out of the collector's way for good (`gc.freeze`), so
    later collections only walk what was made since. The collector then runs on a timer
    of the window's thread (`ui.collector`): a worker thread collecting the window's Qt
    objects would crash the program.
    """
    from PySide6.QtCore import QCoreApplication

    from coordinator.ui.collector import MainThreadCollector

    gc.freeze()
    collector = MainThreadCollector(QCoreApplication.instance())
    collector.start()
    return collector


# The damage messages already shown in a box (each names its file and what is damaged).
_damage_told: set[str] = set()


def _mission_window() -> MainWindow | None:
    """The main window showing a mission, if one is open: the mission whose damage a page met."""
    from PySide6.QtWidgets import QApplication

    from coordinator.ui.main_window import MainWindow

    shown = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w.isVisible() and w.context is not None
    ]
    active = QApplication.activeWindow()
    return active if active in shown else next(iter(shown), None)


def _report_bug(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    if isinstance(error, UserError):
        from coordinator.ui.messages import show_error

        show_error(None, APP_NAME, str(error))
        return
    from coordinator.db.errors import damage_error
    from coordinator.ui.messages import show_error

    window = _mission_window()
    context = window.context if window is not None else None
    path = context.path if context is not None and context.mission_file.address is None else None
    if (damage := damage_error(error, path)) is not None:
        log.warning("damaged mission file", exc_info=(kind, error, trace))
        if window is not None and damage in _damage_told:
            # Said once in a box already; each page meeting the same damage again only
            # reminds in the status bar rather than stacking the same box up page by page.
            window.statusBar().showMessage(damage, 15_000)
            return
        _damage_told.add(damage)
        show_error(None, APP_NAME, damage)
        return
    log.error("unexpected error", exc_info=(kind, error, trace))

    show_error(
        None,
        APP_NAME,
        "Something went wrong inside Mission Coordinator. Your mission file is safe: "
        "every edit made before this was kept. You can go on working.\n\n"
        f"The details are in the log file:\n{log_file()}",
        detail="".join(traceback.format_exception(kind, error, trace)),
    )


def run_window(path: Path | str | None = None) -> int:
    """Open the main window on `path` (or the last mission) and run until it closes."""
    reason = cannot_show_window()
    if reason:
        raise UserError(reason)
    setup_logging()
    pause_collection()
    try:
        return _run_window(path)
    finally:
        gc.enable()  # also when the window could not start


def _run_window(path: Path | str | None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from coordinator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    from PySide6.QtCore import QSettings

    from coordinator.ui import style

    style.apply(app, str(QSettings().value("appearance", "system")))
    sys.excepthook = _report_bug
    window = MainWindow()
    window.show()
    if path is not None:
        window.open_mission(path)
    else:
        window.open_last_mission()
    QTimer.singleShot(0, resume_collection)
    return app.exec()
