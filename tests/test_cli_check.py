"""`coordinator check FILE`: a report on stdout; exit 0 when clean, 1 with problems or a bad file.

Each case runs through `main()` and through the installed console script in its own
process, as a user or a script would run it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.cli import main
from coordinator.db import migrate
from coordinator.db.enums import VisitStatus
from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.db.models import Member, Visit
from tests.db.test_lock import open_in_another_copy
from tests.db.test_migrations import fill_with_rows
from tests.db.test_missionfile import BAD_FILES, folder_state
from tests.services.test_check import overwrite_page, root_page, write_clean_mission

CONSOLE_SCRIPT = Path(sys.executable).parent / "coordinator"


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *args], capture_output=True, text=True, timeout=120, check=False
    )


def _in_process(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clean_mission(mission_path: Path) -> Path:
    with create_mission_file(mission_path) as mission_file, mission_file.session() as session:
        write_clean_mission(session)
    return mission_path


def test_a_clean_mission_passes(clean_mission: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = "Check of mission.eom\nNo problems found.\n"
    assert _in_process(["check", str(clean_mission)], capsys) == (0, report, "")
    run = _console("check", str(clean_mission))
    assert (run.returncode, run.stdout, run.stderr) == (0, report, "")


def test_each_problem_is_listed_and_the_check_fails(
    clean_mission: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (
        open_mission_file(clean_mission) as mission_file,
        mission_file.session() as session,
        session.begin(),
    ):
        session.execute(
            sa.update(Visit).where(Visit.ref == "V-003").values(status=VisitStatus.DONE)
        )
        session.execute(sa.update(Member).values(departure=dt.date(2024, 11, 1)))
    expected = (
        "Check of mission.eom\n"
        "  Visit V-003 (team T1, station 1001): marked done on 17 November 2024 but has no "
        "checklist answers.\n"
        "  Member Bakyt Asanov: departs on 1 November 2024, before arriving on 14 November 2024.\n"
        "2 problems found.\n"
    )
    assert _in_process(["check", str(clean_mission)], capsys) == (1, expected, "")
    run = _console("check", str(clean_mission))
    assert (run.returncode, run.stdout, run.stderr) == (1, expected, "")


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_wrong_file_fails_with_its_message_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    make, _error, message = BAD_FILES[kind]
    path = tmp_path / "Mission 2024.eom"
    make(path)
    before = folder_state(tmp_path)
    expected_err = f"coordinator: {message.format(name=path.name)}\n"
    assert _in_process(["check", str(path)], capsys) == (1, "", expected_err)
    run = _console("check", str(path))
    assert (run.returncode, run.stdout, run.stderr) == (1, "", expected_err)
    assert folder_state(tmp_path) == before


def test_a_missing_file_fails_plainly(tmp_path: Path) -> None:
    run = _console("check", str(tmp_path / "nowhere.eom"))
    assert run.returncode == 1
    assert (
        run.stderr
        == f"coordinator: {tmp_path / 'nowhere.eom'} does not exist. Check the name and folder.\n"
    )


def test_a_file_open_in_the_window_is_checked_and_printed_meanwhile(
    clean_mission: Path, tmp_path: Path
) -> None:
    # Commands that only read open the file without its lock: the window keeps working.
    with open_in_another_copy(clean_mission) as other:
        run = _console("check", str(clean_mission))
        printed = _console("statement", str(clean_mission), "-o", str(tmp_path / "s.pdf"))
        lock = clean_mission.with_name("mission.eom.lock").read_text(encoding="utf-8")
    assert (run.returncode, run.stderr) == (0, "")
    assert "No problems found." in run.stdout
    assert (printed.returncode, printed.stderr) == (0, "")
    assert (tmp_path / "s.pdf").stat().st_size > 0
    assert f'"pid": {other.pid}' in lock  # still the other copy's


def test_a_read_only_file_is_checked_and_left_alone(clean_mission: Path) -> None:
    clean_mission.chmod(0o444)
    before = clean_mission.read_bytes(), clean_mission.stat().st_mtime_ns
    run = _console("check", str(clean_mission))
    assert (run.returncode, run.stdout, run.stderr) == (
        0,
        "Check of mission.eom\nNo problems found.\n",
        "",
    )
    assert (clean_mission.read_bytes(), clean_mission.stat().st_mtime_ns) == before


def test_damage_found_by_the_check_is_reported_not_raised(clean_mission: Path) -> None:
    overwrite_page(clean_mission, root_page(clean_mission, "ix_answer_question_value"), b"\xa5")
    run = _console("check", str(clean_mission))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[0] == "Check of mission.eom"
    assert lines[1].startswith("  The file is damaged: ")
    assert lines[-1].endswith("problems found.")
    assert run.stderr == ""


def test_an_older_file_is_upgraded_with_a_backup_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "mission.eom"
    migrate.upgrade(path, "0001")
    fill_with_rows(path)
    run = _console("check", str(path))
    assert (run.returncode, run.stdout) == (0, "Check of mission.eom\nNo problems found.\n")
    backups = [p.name for p in tmp_path.iterdir() if p.name != path.name]
    assert len(backups) == 1
    assert backups[0].startswith("mission.backup-format1-")
    assert run.stderr == (
        "coordinator: mission.eom was upgraded from file format 1; the file as it was is kept "
        f"as {tmp_path / backups[0]}.\n"
    )
