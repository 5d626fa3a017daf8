"""The command line never loses a mission: outputs that would replace one, a file another
copy has open, a journal left by a killed copy, links, and the files it writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from tests.db.test_lock import open_in_another_copy


@pytest.fixture
def mission(demo_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "mission.eom"
    copy.write_bytes(demo_path.read_bytes())
    return copy


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("command", ["statement", "schedule"])
def test_a_pdf_is_never_written_over_a_mission(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    other = tmp_path / "other.eom"
    other.write_bytes(mission.read_bytes())
    before = mission.read_bytes(), other.read_bytes()
    for target in (mission, other, tmp_path / "renamed.pdf"):
        if target.suffix == ".pdf":
            target.write_bytes(mission.read_bytes())  # a mission under another name
        code, err = _run(capsys, command, str(mission), "-o", str(target))
        assert code == 1
        assert f"{target.name} is a mission file: writing the PDF there would replace" in err
    assert (mission.read_bytes(), other.read_bytes()) == before
    code, err = _run(capsys, command, str(mission), "-o", str(tmp_path))
    assert code == 1 and "is a folder: give a file name for the PDF" in err


def test_a_pdf_gets_the_usual_permissions(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o022)
    try:
        assert main(["statement", str(mission), "-o", str(tmp_path / "s.pdf")]) == 0
    finally:
        os.umask(old)
    assert (tmp_path / "s.pdf").stat().st_mode & 0o777 == 0o644
    assert not list(tmp_path.glob(".*partial"))


def test_replacing_a_mission_another_copy_has_open_is_refused(
    mission: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_in_another_copy(mission):
        before = mission.read_bytes()
        code, err = _run(capsys, "demo", str(mission), "--no-gui", "--replace")
        assert code == 1
        assert "is already open in another copy of Mission Coordinator" in err
        assert mission.read_bytes() == before


def test_replacing_a_mission_left_by_a_killed_copy_ignores_its_journal(
    mission: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A copy killed after writing leaves its write-ahead journal beside the file.
    script = (
        "import os, sys\n"
        "from coordinator.db.missionfile import open_mission_file\n"
        "from coordinator.services.stations import LocalityFields, create_locality\n"
        "mission_file = open_mission_file(sys.argv[1])\n"
        "with mission_file.session() as session:\n"
        "    create_locality(session, LocalityFields('Ош'))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(mission)], check=True, timeout=120)
    assert mission.with_name("mission.eom-wal").stat().st_size > 0
    assert main(["demo", str(mission), "--no-gui", "--replace"]) == 0
    assert main(["check", str(mission)]) == 0
    assert "No problems found" in capsys.readouterr().out


def test_a_link_to_an_open_mission_finds_its_lock(mission: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.eom"
    link.symlink_to(mission)
    with open_mission_file(mission), pytest.raises(Exception, match="already open"):
        open_mission_file(link)


def test_a_mission_cannot_be_made_where_a_folder_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "missions.eom"
    folder.mkdir()
    code, err = _run(capsys, "demo", str(folder), "--no-gui")
    assert code == 1 and "is a folder: give a file name for the mission" in err
    assert list(folder.iterdir()) == []


def test_a_wrong_command_line_exits_1_saying_what_is_wrong(
    mission: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(capsys, "statement", str(mission))
    assert code == 1 and "the following arguments are required: -o/--output" in err
    code, err = _run(capsys, "statment", str(mission), "-o", "x.pdf")
    assert code == 1 and "'statment' is not a command: did you mean `coordinator statement`?" in err
    code, err = _run(capsys, "nowhere.eom")
    assert code == 1 and "There is no mission file nowhere.eom." in err


def test_an_unexpected_error_is_logged_and_said_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    from coordinator.exchange import template
    from coordinator.ui import app

    def broken(_path: Path) -> Path:
        raise RuntimeError("a bug in the template")

    log = tmp_path / "logs" / "coordinator.log"
    monkeypatch.setattr(app, "log_file", lambda: log)
    monkeypatch.setattr(template, "write_template", broken)
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        code, err = _run(capsys, "template", str(tmp_path / "t.xlsx"))
    finally:
        for handler in root.handlers[len(handlers) :]:
            handler.close()
            root.removeHandler(handler)
    assert code == 1
    assert err == (
        "coordinator: something went wrong inside Mission Coordinator (a bug); nothing more "
        f"was written. The details are in the log file: {log}\n"
    )
    assert "RuntimeError: a bug in the template" in log.read_text(encoding="utf-8")


def test_reading_commands_leave_no_journal_beside_a_closed_mission(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["check", str(mission)]) == 0
    assert main(["statement", str(mission), "-o", str(tmp_path / "s.pdf")]) == 0
    after = sorted(p.name for p in tmp_path.iterdir())
    assert after == sorted([*before, "s.pdf"])


def test_a_failed_creation_lets_go_of_its_lock_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.db import migrate
    from coordinator.db.missionfile import create_mission_file

    def broken(_path: Path, *_args: object) -> None:
        raise RuntimeError("the schema could not be built")

    path = tmp_path / "new.eom"
    with monkeypatch.context() as patch:
        patch.setattr(migrate, "upgrade", broken)
        with pytest.raises(RuntimeError):
            create_mission_file(path)
    assert list(tmp_path.iterdir()) == []
    with create_mission_file(path) as created:  # not refused by a lock left behind
        assert created.lock is not None and created.lock.held


def test_a_lock_whose_details_cannot_be_written_is_a_message_and_let_go(
    mission: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from coordinator.db.lock import MissionLock
    from coordinator.errors import UserError

    def disk_full(_self: MissionLock, _fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(MissionLock, "_write_details", disk_full)
        with pytest.raises(UserError, match=r"could not be written \(the disk is full"):
            open_mission_file(mission)
    assert not mission.with_name(mission.name + ".lock").exists()  # no empty lock left
    with open_mission_file(mission) as opened:
        assert opened.lock is not None and opened.lock.held


def test_replacing_a_mission_through_a_link_replaces_the_file_it_names(
    mission: Path, tmp_path: Path
) -> None:
    from coordinator.db.missionfile import create_mission_file

    link = tmp_path / "link.eom"
    link.symlink_to(mission)
    with create_mission_file(link, replace=True) as created:
        assert created.path == mission.resolve()
        assert link.is_symlink()
        with pytest.raises(Exception, match="already open"):
            open_mission_file(link)
