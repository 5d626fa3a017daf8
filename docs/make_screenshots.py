"""Screenshots of every page and editor of the window, on the demo mission, for the guide.

Run from the checkout: `QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py`.
It writes docs/screenshots/NN-page.png for each page and NN-page-editor-K.png for each
editor the page opens, at 1366x768 (the commonest laptop screen), 07-visits-findings-
checklist.png for a visit's checklist, and 10-NAME.png for the welcome page and the
questions and dialogs the window asks (delete, closing with unsaved typing, an import's
preview, an error, the keyboard shortcuts), in the light appearance; with `--dark`, the
same in the dark appearance into docs/screenshots/dark/.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox

from coordinator.exchange.exporter import export_mission
from coordinator.services.demo import write_demo_file
from coordinator.services.files import new_mission
from coordinator.ui import style
from coordinator.ui.exchange_dialogs import import_workbook
from coordinator.ui.main_window import MainWindow
from coordinator.ui.pages import PAGES
from coordinator.ui.record_list import RecordList

DARK = "--dark" in sys.argv
OUT = Path(__file__).resolve().parent / "screenshots" / ("dark" if DARK else "")


def settle(app: QApplication, seconds: float) -> None:
    """Let the window and its worker threads run (sleeping lets the workers have Python)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def slug(title: str) -> str:
    return re.sub(r"[^a-z]+", "-", title.lower()).strip("-")


def main() -> None:
    app = QApplication([])
    style.apply(app, "dark" if DARK else "light")
    OUT.mkdir(parents=True, exist_ok=True)
    shots: list[str] = []
    current: dict[str, str] = {"name": ""}

    def grab_instead_of_exec(dialog: QDialog) -> int:
        dialog.show()
        app.processEvents()
        if current["name"].startswith("10-"):
            name = current["name"]  # one named dialog
        else:
            editors = [shot for shot in shots if shot.startswith(f"{current['name']}-editor")]
            name = f"{current['name']}-editor-{len(editors) + 1}"
        dialog.grab().save(str(OUT / f"{name}.png"))
        shots.append(name)
        dialog.reject()
        return 0

    QDialog.exec = grab_instead_of_exec  # type: ignore[method-assign,assignment]
    QDialog.open = grab_instead_of_exec  # type: ignore[method-assign,assignment]
    QMessageBox.exec = grab_instead_of_exec  # type: ignore[method-assign,assignment]
    with tempfile.TemporaryDirectory() as scratch:
        demo = Path(scratch) / "demo.eom"
        write_demo_file(demo)
        window = MainWindow(QSettings(str(Path(scratch) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1366, 768)
        window.show()
        window.open_last_mission()  # none yet: the welcome page
        app.processEvents()
        window.grab().save(str(OUT / "10-welcome.png"))
        shots.append("10-welcome")
        window.open_mission(demo)
        for number, spec in enumerate(PAGES, start=1):
            current["name"] = f"{number:02d}-{slug(spec.title)}"
            window.navigate(spec.title)
            settle(app, 0.5)  # the Overview's attention list arrives from a worker thread
            page = window.page(spec.title)
            if spec.title == "Statement":
                page.draft()  # type: ignore[attr-defined]
                settle(app, 6.0)  # the preview is written by a worker thread
            lists = page.findChildren(RecordList)
            for record_list in lists:
                if record_list.model.rowCount():
                    record_list.table.selectRow(0)
            app.processEvents()
            window.grab().save(str(OUT / f"{current['name']}.png"))
            shots.append(current["name"])
            if spec.title == "Visits & Findings":
                panel = page.panel  # type: ignore[attr-defined]
                page.list.table.selectRow(1)  # type: ignore[attr-defined]  # a voting visit
                panel.tabs.setCurrentIndex(1)
                settle(app, 0.3)
                window.grab().save(str(OUT / f"{current['name']}-checklist.png"))
                shots.append(f"{current['name']}-checklist")
                panel.tabs.setCurrentIndex(0)
            for record_list in lists:
                if record_list.model.rowCount() and record_list.edit_action.isVisible():
                    record_list.edit_action.trigger()
                    app.processEvents()
        dialogs(app, window, Path(scratch), current)
    print("\n".join(f"docs/screenshots/{name}.png" for name in shots))


def dialogs(app: QApplication, window: MainWindow, scratch: Path, current: dict[str, str]) -> None:
    """The questions and dialogs of the window, each grabbed as it opens (see main)."""
    current["name"] = "10-delete-team"
    window.navigate("Teams & Schedule")
    teams = window.page("Teams & Schedule").teams  # type: ignore[attr-defined]
    assert isinstance(teams, RecordList)
    teams.table.selectRow(0)
    teams.delete_action.trigger()

    current["name"] = "10-import-preview"
    assert window.context is not None
    with window.context.mission_file.session() as session:
        export_mission(session, scratch / "demo.xlsx")
    import_workbook(window, window.context, scratch / "demo.xlsx")
    settle(app, 1.0)

    current["name"] = "10-keyboard-shortcuts"
    window.keys_action.trigger()

    current["name"] = "10-error"
    (scratch / "letter.eom").write_text("Dear colleagues,", encoding="utf-8")
    window.open_mission(scratch / "letter.eom")

    current["name"] = "10-close-not-saved"
    fresh = scratch / "new.eom"
    new_mission(fresh).close()
    window.open_mission(fresh)
    window.navigate("Mission")
    name = window.page("Mission").editors["name"]  # type: ignore[attr-defined]
    assert isinstance(name, QLineEdit)
    name.setText("EOM Kyrgyzstan")
    window.navigate("Overview")
    window.close()  # asks; the grab answers Cancel, so the window stays
    from coordinator.ui import messages

    messages.confirm = lambda *args, **kwargs: True  # type: ignore[assignment]
    window.close_mission()


if __name__ == "__main__":
    main()
