"""The real `coordinator` command, killed with SIGKILL at many moments of its run.

Each command is first run to its end to measure how long it takes and what it writes;
then it is run again from the same starting point and killed at moments spread over that
duration (from Python's start-up to the last rename). After each kill the target holds
the old content or the whole new one, never a mix or an empty mission; `check` finds no
problem in a mission; and nothing else is left beside it once the program next opens the
mission (which removes what a killed build left) or, for a workbook, at once.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.exchange.exporter import export_mission
from coordinator.services.check import ProblemKind, check_mission

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and O_TMPFILE are POSIX/Linux"),
]

# Moments per command, spread evenly over its measured duration (at 10%, 30%, … 90%):
# one in each fifth of the run, from Python's start-up to the last rename. Eight per
# command cost the suite most of a minute more on a two-core machine.
KILLS = 5
BENCH = Path(__file__).parents[2] / "bench"


def _generate() -> object:
    """bench/generate.py, the synthetic missions the benchmarks use."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Sources:
    """Missions and their exports, made once: a small one (the old) and a bigger one."""

    folder: Path
    small: Path
    big: Path
    big_xlsx: Path
    big_csv: Path
    small_xlsx: Path
    small_csv: Path


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    folder = tmp_path_factory.mktemp("sources")
    generate: Any = _generate()
    small, big = folder / "small.eom", folder / "big.eom"
    # 400 stations, 800 visits, 8,000 answers: a few seconds for each command.
    generate.write_mission(small, generate.at_scale(0.001, seed=1))
    generate.write_mission(big, generate.at_scale(0.004))
    made = {}
    for path, name in ((small, "small"), (big, "big")):
        with open_mission_file(path, to_read=True) as mission, mission.session() as session:
            for ending in (".xlsx", "-csv"):
                made[name + ending] = export_mission(session, folder / f"{name}{ending}")
    return Sources(
        folder,
        small,
        big,
        made["big.xlsx"],
        made["big-csv"],
        made["small.xlsx"],
        made["small-csv"],
    )


def _command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "coordinator", *map(str, args)]


def _run(argv: list[str], cwd: Path) -> float:
    """Run to the end; how long it took."""
    start = time.perf_counter()
    done = subprocess.run(argv, check=False, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - start


def _moments(duration: float) -> Iterator[float]:
    return (duration * (i + 0.5) / KILLS for i in range(KILLS))


def _killed_after(argv: list[str], cwd: Path, delay: float) -> bool:
    """Start the command and SIGKILL it after `delay` s; False if it ended before."""
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.kill()  # SIGKILL: no handler, no clean-up, as a crash or a power cut
        process.wait()
        return True
    return False


# --- what a mission holds ----------------------------------------------------------------

Fingerprint = tuple[object, ...]
_COUNTED = ("polling_station", "visit", "answer", "checklist_question", "mission", "meeting")


def mission_fingerprint(path: Path) -> Fingerprint:
    """Rows of the main tables (read through SQLite, with any journal a kill left) and
    what `check` says of the file: no damage, and only what it says of a whole mission."""
    with open_mission_file(path, to_read=True) as mission:
        report = check_mission(mission)
    kinds = {problem.kind for problem in report.problems}
    assert not kinds & {ProblemKind.INTEGRITY, ProblemKind.UNREADABLE}, report.lines()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        counts = tuple(
            connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] if t in tables else -1
            for t in _COUNTED
        )
    return (*counts, *report.lines()[1:])


def assert_mission_whole(path: Path, allowed: set[Fingerprint]) -> None:
    """The mission is undamaged and holds one of the `allowed` contents, whole."""
    assert mission_fingerprint(path) in allowed


def assert_only(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def after_next_open(path: Path) -> None:
    """What the program does next with the mission (open it, under its lock)."""
    open_mission_file(path).close()


# --- the kills -------------------------------------------------------------------------------


def _kill_over(
    argv: list[str],
    work: Path,
    reset: Callable[[], None],
    verify: Callable[[], None],
) -> int:
    """Measure the command, then kill it at KILLS moments; how many kills landed."""
    reset()
    duration = _run(argv, work)
    verify()
    landed = 0
    for delay in _moments(duration):
        reset()
        landed += _killed_after(argv, work, delay)
        verify()
    print(f"{argv[-3:]}: {duration:.2f} s, {landed} of {KILLS} kills landed")
    # At least the kills before the end landed (the last moments may miss a fast run).
    assert landed >= KILLS // 2
    return landed


@dataclass(frozen=True)
class MissionCommand:
    """A command that writes a mission, and the mission it starts from."""

    name: str
    argv: Callable[[Sources, Path], list[str]]  # (sources, the target) -> the command
    start: Callable[[Sources], Path] | None  # what the target holds first; None: no file


MISSION_COMMANDS = [
    MissionCommand(
        "demo --replace",
        lambda _sources, target: _command("demo", target, "--replace", "--no-gui"),
        lambda sources: sources.small,
    ),
    # File > New Mission over an existing file calls services.files.new_mission(replace=True).
    MissionCommand(
        "new mission over a file",
        lambda _sources, target: [
            sys.executable,
            "-c",
            "import sys; from coordinator.services.files import new_mission; "
            "new_mission(sys.argv[1], replace=True).close()",
            str(target),
        ],
        lambda sources: sources.small,
    ),
    MissionCommand(
        "import into a new file",
        lambda sources, target: _command("import", target, sources.big_xlsx),
        None,
    ),
    MissionCommand(
        "import into an existing file",
        lambda sources, target: _command("import", target, sources.big_csv),
        lambda sources: sources.small,
    ),
]


@pytest.mark.parametrize("command", MISSION_COMMANDS, ids=lambda command: command.name)
def test_a_mission_command_killed_leaves_the_old_mission_or_the_whole_new_one(
    sources: Sources, tmp_path: Path, command: MissionCommand
) -> None:
    """After each kill the mission is the one it started from (or, for a new file, none,
    not even an empty one) or the whole one a run to the end writes; `check` finds no
    damage; and the next open leaves nothing else beside it."""
    target = tmp_path / "mission.eom"
    argv = command.argv(sources, target)
    start = command.start(sources) if command.start is not None else None
    old = {mission_fingerprint(start)} if start is not None else set()

    def reset() -> None:
        for leftover in tmp_path.iterdir():
            leftover.unlink()
        if start is not None:
            shutil.copy(start, target)

    reset()
    _run(argv, tmp_path)
    new = mission_fingerprint(target)
    if start is not None:
        assert {new} != old  # the command changes the mission, or a kill could not show

    def verify() -> None:
        if target.exists():
            assert_mission_whole(target, {*old, new})
            after_next_open(target)
            assert_only(tmp_path, target.name)
        else:
            assert start is None, "the mission it started from is gone"
            # The next creation of it sweeps what the killed one left (a partial and a
            # lock file nobody holds).
            create_mission_file(target).close()
            assert_only(tmp_path, target.name)

    _kill_over(argv, tmp_path, reset, verify)


# --- exports ---------------------------------------------------------------------------------


def xlsx_fingerprint(path: Path) -> Fingerprint:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return tuple(sum(1 for _ in sheet.iter_rows()) for sheet in book.worksheets)
    finally:
        book.close()


def folder_fingerprint(path: Path) -> dict[str, int]:
    counts = {}
    for file in sorted(path.iterdir()):
        with file.open(encoding="utf-8-sig", newline="") as stream:
            counts[file.name] = sum(1 for _ in csv.reader(stream))
    return counts


def test_export_to_xlsx_killed_leaves_the_old_or_the_whole_new_workbook(
    sources: Sources, tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    allowed = {xlsx_fingerprint(sources.small_xlsx), xlsx_fingerprint(sources.big_xlsx)}

    def reset() -> None:
        shutil.copy(sources.small_xlsx, target)

    def verify() -> None:
        assert xlsx_fingerprint(target) in allowed
        assert_only(tmp_path, target.name)  # the unnamed file went with the process

    _kill_over(_command("export", sources.big, target), tmp_path, reset, verify)


def test_export_to_a_folder_killed_leaves_the_old_or_the_whole_new_folder(
    sources: Sources, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    old, new = folder_fingerprint(sources.small_csv), folder_fingerprint(sources.big_csv)
    argv = _command("export", sources.big, target)

    def reset() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(sources.small_csv, target)

    def verify() -> None:
        assert folder_fingerprint(target) in (old, new)

    _kill_over(argv, tmp_path, reset, verify)
    # A folder being built is named; the next export removes what a killed one left.
    _run(argv, tmp_path)
    assert folder_fingerprint(target) == new
    assert_only(tmp_path, target.name)
