"""How fast the window opens on a big mission, and how fast the stations filter answers.

On a generated mission of 100,000 stations and 200,000 visits it prints:

1. start: the time from process start to the Stations page showing its first rows,
   against a bare process that imports PySide6 and SQLAlchemy, opens the same file and
   shows its first 100 stations in a QTableView: the floor for this stack. Target: at
   most 1.3 times the bare process. Each is the median of several runs. For reference it
   also times the bare process reading its stations through the ORM and the program's
   mapped models instead (what any start of this program must pay before its first row),
   and the program against that. The package's bytecode is compiled first, as an
   installed program's is.
2. filter: the median time from a keystroke in the stations search box to the updated
   table (model reset and repaint done). Target: at most 50 ms.
3. visits search: the median time the Visits list takes to read a search of its 200,000
   visits (count and first page). A list that reads slower than the table model's
   SLOW_READ_MS reads a search once typing pauses; no target, printed to watch.
4. with --postgresql: the same mission published into a PostgreSQL server started for the
   run (as the tests start theirs, tests/postgres_server.py), and the program's start
   and the stations filter timed on it as in 1 and 2, against the same on the file.
   Target: at most 1.5x the file, each.

Run: `.venv/bin/python bench/bench_ui.py [--file big.eom] [--runs 5] [--postgresql]`
(offscreen).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The program's own start, as `run_window` makes it: the real window, opened on the
# file, Stations page shown.
PROGRAM = """
import sys, time
start = float(sys.argv[2])
from coordinator.ui.app import pause_collection, resume_collection
pause_collection()
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QSettings
from coordinator.ui import style
from coordinator.ui.main_window import MainWindow
app = QApplication([])
style.apply(app)
window = MainWindow(QSettings(sys.argv[3], QSettings.Format.IniFormat))
window.resize(1280, 800)
window.show()
window.open_mission(sys.argv[1])
window.navigate("Stations", 0)
page = window.page("Stations")
table = page.findChild(__import__("PySide6.QtWidgets", fromlist=["QTableView"]).QTableView)
while table.model().rowCount() == 0:
    app.processEvents()
app.processEvents()
table.viewport().repaint()
print(time.time() - start, table.model().rowCount(), flush=True)
resume_collection()
window.close_mission()
"""

# The floor: PySide6 and SQLAlchemy, the same file, its first 100 stations in a table.
BARE = """
import sys, time
start = float(sys.argv[2])
from PySide6.QtWidgets import QApplication, QTableView
from PySide6.QtGui import QStandardItemModel, QStandardItem
import sqlalchemy as sa
app = QApplication([])
engine = sa.create_engine(f"sqlite:///{sys.argv[1]}")
with engine.connect() as connection:
    rows = connection.execute(sa.text(
        "SELECT code, name, address, registered_voters FROM polling_station "
        "ORDER BY code LIMIT 100")).all()
model = QStandardItemModel(0, 4)
for row in rows:
    model.appendRow([QStandardItem(str(value)) for value in row])
view = QTableView()
view.setModel(model)
view.resize(1280, 800)
view.show()
app.processEvents()
view.viewport().repaint()
print(time.time() - start, model.rowCount(), flush=True)
"""

# The same floor with the ORM: the mapped models imported and configured, rows read
# through a Session. The program cannot start below this without leaving the ORM.
BARE_ORM = BARE.replace(
    "import sqlalchemy as sa\n",
    "import sqlalchemy as sa\nfrom sqlalchemy.orm import Session\n"
    "from coordinator.db.models import PollingStation as S\n",
).replace(
    """with engine.connect() as connection:
    rows = connection.execute(sa.text(
        "SELECT code, name, address, registered_voters FROM polling_station "
        "ORDER BY code LIMIT 100")).all()""",
    """with Session(engine) as session:
    rows = session.execute(sa.select(S.code, S.name, S.address, S.registered_voters)
        .order_by(S.code).limit(100)).all()""",
)


def timed_start(script: str, mission: Path | str, settings: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, str(mission), repr(start), str(settings)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return float(done.stdout.split()[0])


def filter_latencies(mission: Path | str, settings: Path, texts: list[str]) -> list[float]:
    """Milliseconds from each keystroke in the stations search box to the repainted table."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

    from coordinator.ui import style
    from coordinator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    style.apply(app)
    window = MainWindow(QSettings(str(settings), QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    window.open_mission(mission)
    window.navigate("Stations", 0)
    page = window.page("Stations")
    search = page.findChild(QLineEdit, "searchBox")
    table = page.findChild(QTableView)
    assert search is not None and table is not None
    timings = []
    for text in texts:
        search.clear()
        app.processEvents()
        for character in text:
            began = time.perf_counter()
            QTest.keyClick(search, character)
            app.processEvents()
            table.viewport().repaint()
            timings.append((time.perf_counter() - began) * 1000)
        QTest.keyClick(search, Qt.Key.Key_Escape)
    window.close_mission()
    return timings


def visit_search_reads(mission: Path, texts: list[str]) -> list[float]:
    """Milliseconds the Visits list takes to read each prefix of each text, sorted by date."""
    from coordinator.services.files import open_mission
    from coordinator.services.paging import PageRequest
    from coordinator.services.visit_lists import list_visits

    timings = []
    with open_mission(mission) as mission_file, mission_file.session() as session:
        for text in texts:
            for end in range(1, len(text) + 1):
                began = time.perf_counter()
                list_visits(session, PageRequest(search=text[:end], sort="date", limit=200))
                timings.append((time.perf_counter() - began) * 1000)
    return timings


def make_mission(folder: Path) -> Path:
    sys.path.insert(0, str(HERE))
    from generate import synthetic_mission, write_mission

    path = folder / "big.eom"
    print("Writing a mission of 100,000 stations and 200,000 visits…", flush=True)
    write_mission(path, synthetic_mission(answers_per_visit=0))
    return path


SHARED_TARGET = 1.5


def on_postgresql(mission: Path, settings: Path, runs: int, texts: list[str]) -> None:
    """The start and the filter on the mission published into PostgreSQL, against the file."""
    sys.path.insert(0, str(HERE.parent))
    from coordinator.services.sharing import publish
    from tests.postgres_server import running_server

    with running_server() as server:
        server.execute("CREATE DATABASE big")
        address = server.url("big")
        publish(mission, address)
        starts: dict[str, list[float]] = {"file": [], "postgresql": []}
        for _ in range(runs):  # interleaved, so that a busy moment hits both
            starts["file"].append(timed_start(PROGRAM, mission, settings))
            starts["postgresql"].append(timed_start(PROGRAM, address, settings))
        on_file, shared = (statistics.median(t) for t in starts.values())
        ratio = shared / on_file
        print(
            f"start on PostgreSQL: {shared * 1000:.0f} ms, on the file {on_file * 1000:.0f} ms, "
            f"ratio {ratio:.2f} (target <= {SHARED_TARGET})"
        )
        file_filter = statistics.median(filter_latencies(mission, settings, texts))
        shared_filter = statistics.median(filter_latencies(address, settings, texts))
        print(
            f"filter on PostgreSQL: median {shared_filter:.1f} ms, on the file "
            f"{file_filter:.1f} ms, ratio {shared_filter / file_filter:.2f} "
            f"(target <= {SHARED_TARGET})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="an existing big mission to use")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgresql", action="store_true", help="also on PostgreSQL (4.)")
    parser.add_argument("--only-postgresql", action="store_true", help="4. alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        mission = args.file or make_mission(folder)
        settings = folder / "settings.ini"
        compileall.compile_dir(HERE.parent / "coordinator", quiet=1)
        texts = ["1045", "school", "Бишкек", "zzz", "12", "кант"]
        if args.only_postgresql:
            on_postgresql(mission, settings, args.runs, texts)
            return
        assert BARE_ORM != BARE
        timings: dict[str, list[float]] = {"program": [], "bare": [], "bare ORM": []}
        for _ in range(args.runs):  # interleaved, so that a busy moment hits all three
            timings["program"].append(timed_start(PROGRAM, mission, settings))
            timings["bare"].append(timed_start(BARE, mission, settings))
            timings["bare ORM"].append(timed_start(BARE_ORM, mission, settings))
        program, bare, orm = (statistics.median(t) for t in timings.values())
        print(
            f"start: program {program * 1000:.0f} ms, bare PySide6+SQLAlchemy "
            f"{bare * 1000:.0f} ms, ratio {program / bare:.2f} (target <= 1.3)"
        )
        print(
            f"  for reference: the bare process reading through the ORM and the mapped "
            f"models {orm * 1000:.0f} ms ({orm / bare:.2f} x the bare process); the program "
            f"is {program / orm:.2f} x that"
        )
        latencies = filter_latencies(mission, settings, texts)
        print(
            f"filter: median {statistics.median(latencies):.1f} ms over {len(latencies)} "
            f"keystrokes, worst {max(latencies):.1f} ms (target median <= 50 ms)"
        )
        from coordinator.ui.table_model import SLOW_READ_MS

        reads = visit_search_reads(mission, texts)
        print(
            f"visits search: median read {statistics.median(reads):.0f} ms over {len(reads)} "
            f"searches, worst {max(reads):.0f} ms (slower than {SLOW_READ_MS:.0f} ms: read "
            "once typing pauses)"
        )
        if args.postgresql:
            on_postgresql(mission, settings, args.runs, texts)


if __name__ == "__main__":
    main()
