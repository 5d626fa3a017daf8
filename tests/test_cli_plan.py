"""`coordinator plan FILE --date D …`: a plan printed per team, written unless --dry-run.

Bad requests exit 1 with a message naming what is wrong, and change nothing.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.cli import main
from coordinator.db.enums import VisitStatus
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Visit
from tests.services.planning.test_mission_day import add_stations

CONSOLE_SCRIPT = Path(sys.executable).parent / "coordinator"


def _visits(path: Path) -> list[tuple[object, ...]]:
    with open_mission_file(path, to_read=True) as mission_file, mission_file.session() as session:
        select = sa.select(Visit.id, Visit.ref, Visit.status, Visit.planned_arrival)
        return [tuple(row) for row in session.execute(select.order_by(Visit.id))]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_demo_plans_in_a_dry_run_that_changes_nothing(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _visits(demo_path)
    code, out, err = _run(
        ["plan", str(demo_path), "--date", "2024-11-17", "--dry-run", "--time-limit", "1"], capsys
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "Plan for 17 November 2024 (opening 08:00, closing 20:00, voting visits of 30 min, "
        "40 km/h, road factor 1.3, leaving from 06:00):"
    )
    assert lines[1].startswith("Team T1 (from Hyatt Regency Bishkek, leaves 07:")
    assert "7 visits at 4 stations (0 new, 7 done and kept)" in lines[1]
    assert any(line.startswith("Team T4 (from Kant town hall") for line in lines)
    assert lines[-1] == "Dry run: nothing was written."
    assert _visits(demo_path) == before


def test_a_plan_is_written_and_replaces_the_days_planned_visits(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        add_stations(session)
    args = ["plan", str(demo_path), "--date", "2024-11-17", "--time-limit", "1"]
    code, out, err = _run([*args, "--visit-minutes", "45", "--speed", "30"], capsys)
    assert code == 0, err
    assert "voting visits of 45 min, 30 km/h" in out
    written = out.splitlines()[-1]
    assert written.startswith("Wrote ") and written.endswith(" to demo.eom.")
    count = int(written.split()[1])
    planned = [v for v in _visits(demo_path) if v[2] is VisitStatus.PLANNED]
    assert len(planned) == count > 0
    code, out, err = _run(args, capsys)
    assert code == 0, err
    assert f"It replaces the day's {count} planned visits; done and cancelled visits stay." in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--date", "2024-13-01"], "The date '2024-13-01' is not a date: write it YYYY-MM-DD"),
        (["--date", "2025-03-01"], "1 March 2025 is outside the mission (14 November 2024 to"),
        (
            ["--date", "2024-11-17", "--opening", "25:00"],
            "The opening time '25:00' is not a time of day: write it HH:MM",
        ),
        (["--date", "2024-11-17", "--speed", "0"], "The speed must be more than 0 km/h"),
        (["--date", "2024-11-17", "--speed", "fast"], "argument --speed: 'fast' is not a number"),
        (
            ["--date", "2024-11-17", "--visit-minutes", "2.5"],
            "'2.5' is not a whole number",
        ),
        (["--date", "2024-11-17", "--road-factor", "0.5"], "The road factor must be 1 or more"),
    ],
)
def test_bad_requests_exit_1_with_what_is_wrong(
    demo_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    before = _visits(demo_path)
    code, out, err = _run(["plan", str(demo_path), *extra, "--time-limit", "1"], capsys)
    assert code == 1
    assert message in err
    assert "Traceback" not in err + out
    assert _visits(demo_path) == before


def test_help_says_the_defaults() -> None:
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "plan", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    for default in (
        "when the polls open (08:00)",
        "when the polls close (20:00)",
        "minutes of a voting visit (30)",
        "km/h (40)",
        "(1.3)",
        "when teams may leave their base (06:00)",
        "seconds the solver may search (30)",
        "--dry-run",
    ):
        assert default in text, default


def test_ctrl_c_stops_the_search_and_keeps_the_best_plan_found(demo_path: Path) -> None:
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        add_stations(session)
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "plan", str(demo_path), "--date", "2024-11-17", "--time-limit", "90"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    # The first progress line says the search is under way.
    started = time.monotonic()
    line = process.stderr.readline()
    assert "searching:" in line, line
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert time.monotonic() - started < 30
    assert "stopping the search: the best plan found so far is kept" in err
    assert "The search was stopped early: this is the best plan found until then." in out
    assert out.splitlines()[-1].startswith("Wrote ")
