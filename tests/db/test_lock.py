"""The lock beside a mission file: one running copy writes it; a dead copy's lock is taken over."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.db.lock import FileInUseError, MissionLock, os_lock
from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.db.models import Locality

# Another copy of the program: opens the file, saves a locality, then waits for a line.
ANOTHER_COPY = """
import sys
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Locality
with open_mission_file(sys.argv[1]) as mission_file, mission_file.session() as session:
    with session.begin():
        session.add(Locality(name="Кант"))
    print("open", flush=True)
    sys.stdin.readline()
"""


@contextmanager
def open_in_another_copy(path: Path) -> Iterator[subprocess.Popen[str]]:
    """A separate running process holding `path` open until it reads a line or is killed."""
    with subprocess.Popen(
        [sys.executable, "-c", ANOTHER_COPY, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline() == "open\n"
            yield process
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


def _lock_path(mission_path: Path) -> Path:
    return mission_path.with_name(mission_path.name + ".lock")


def _localities(mission_path: Path) -> list[str]:
    with open_mission_file(mission_path) as mission_file, mission_file.session() as session:
        return list(session.scalars(sa.select(Locality.name)))


@pytest.fixture
def closed_mission(mission_path: Path) -> Path:
    create_mission_file(mission_path).close()
    return mission_path


def test_a_file_open_in_another_copy_is_refused_naming_the_process(closed_mission: Path) -> None:
    with open_in_another_copy(closed_mission) as other:
        with pytest.raises(FileInUseError) as raised:
            open_mission_file(closed_mission)
        assert str(raised.value) == (
            f"mission.eom is already open in another copy of Mission Coordinator (process "
            f"{other.pid} on {socket.gethostname()}). Close it there first, or open a copy of "
            "the file."
        )
        # Refusing took nothing from the other copy: its lock is still its own.
        assert json.loads(_lock_path(closed_mission).read_text())["pid"] == other.pid


def test_the_lock_of_a_killed_copy_is_taken_over(closed_mission: Path) -> None:
    with open_in_another_copy(closed_mission) as other:
        other.kill()  # SIGKILL: no chance to release the lock or close the database
        other.wait(timeout=30)
        lock = MissionLock(closed_mission)
        owner = lock.owner()
        assert owner is not None
        assert owner.pid == other.pid
    with open_mission_file(closed_mission) as mission_file:
        assert mission_file.lock is not None
        owner = mission_file.lock.owner()
        assert owner is not None
        assert owner.pid == os.getpid()
        # What the killed copy had saved is there.
        with mission_file.session() as session:
            assert list(session.scalars(sa.select(Locality.name))) == ["Кант"]
    assert not _lock_path(closed_mission).exists()


def test_a_copy_that_closes_releases_its_lock(closed_mission: Path) -> None:
    with open_in_another_copy(closed_mission) as other:
        assert other.stdin is not None
        other.stdin.write("close\n")
        other.stdin.flush()
        assert other.wait(timeout=30) == 0
        assert not _lock_path(closed_mission).exists()
    assert _localities(closed_mission) == ["Кант"]


def test_the_lock_is_released_on_close(closed_mission: Path) -> None:
    mission_file = open_mission_file(closed_mission)
    assert _lock_path(closed_mission).exists()
    assert mission_file.lock is not None
    assert mission_file.lock.held
    mission_file.close()
    assert not mission_file.lock.held
    assert not _lock_path(closed_mission).exists()
    with open_mission_file(closed_mission):
        assert _lock_path(closed_mission).exists()
    assert not _lock_path(closed_mission).exists()


def test_the_same_file_is_not_opened_twice_in_one_copy(closed_mission: Path) -> None:
    with open_mission_file(closed_mission):
        in_this_window = r"^mission\.eom is already open in this window\.$"
        with pytest.raises(FileInUseError, match=in_this_window):
            open_mission_file(closed_mission)
        # The refused second open did not take the first one's lock away.
        assert _lock_path(closed_mission).exists()
    assert not _lock_path(closed_mission).exists()


def _write_lock(mission_path: Path, pid: int, host: str) -> None:
    lock = {"pid": pid, "host": host, "since": time.time()}
    _lock_path(mission_path).write_text(json.dumps(lock), encoding="utf-8")


def test_a_lock_from_another_computer_is_believed(closed_mission: Path) -> None:
    # On a shared folder we cannot see the other computer's processes.
    _write_lock(closed_mission, 1, "laptop-of-aida")
    with pytest.raises(FileInUseError, match=r"\(process 1 on laptop-of-aida\)"):
        open_mission_file(closed_mission)
    assert _lock_path(closed_mission).exists()


def test_a_lock_of_a_process_that_no_longer_runs_is_taken_over(closed_mission: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", "pass"]) as dead:
        dead.wait(timeout=30)
    _write_lock(closed_mission, dead.pid, socket.gethostname())
    with open_mission_file(closed_mission):
        assert json.loads(_lock_path(closed_mission).read_text())["pid"] == os.getpid()


def test_a_lock_held_before_its_details_are_written_is_refused(closed_mission: Path) -> None:
    lock_path = _lock_path(closed_mission)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT)
    try:
        assert os_lock(fd)  # its owner has it, and is still writing who it is
        with pytest.raises(FileInUseError, match="another process"):
            open_mission_file(closed_mission)
    finally:
        os.close(fd)
    with open_mission_file(closed_mission):  # closing the file let the lock go
        assert json.loads(lock_path.read_text())["pid"] == os.getpid()
    assert not lock_path.exists()


def test_an_unreadable_lock_nobody_holds_is_taken_over(closed_mission: Path) -> None:
    _lock_path(closed_mission).write_text("{", encoding="utf-8")
    with open_mission_file(closed_mission):
        assert json.loads(_lock_path(closed_mission).read_text())["pid"] == os.getpid()


def test_a_lock_naming_a_live_process_that_does_not_hold_it_is_taken_over(
    closed_mission: Path,
) -> None:
    # After a power cut and a restart, the dead copy's process id may belong to another
    # program: the lock nobody holds is taken all the same.
    with subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE) as living:
        try:
            _write_lock(closed_mission, living.pid, socket.gethostname())
            with open_mission_file(closed_mission):
                assert json.loads(_lock_path(closed_mission).read_text())["pid"] == os.getpid()
        finally:
            living.kill()
            living.wait(timeout=30)


def test_a_lock_from_another_computer_says_what_to_do_if_it_is_left_over(
    closed_mission: Path,
) -> None:
    _write_lock(closed_mission, 1, "laptop-of-aida")
    with pytest.raises(FileInUseError) as raised:
        open_mission_file(closed_mission)
    assert str(raised.value).endswith(
        "If the program no longer runs on laptop-of-aida, delete mission.eom.lock beside the "
        "mission file and open it again."
    )


def test_releasing_a_lock_not_held_leaves_the_owners_file(closed_mission: Path) -> None:
    _write_lock(closed_mission, 1, "laptop-of-aida")
    MissionLock(closed_mission).release()
    assert _lock_path(closed_mission).exists()
