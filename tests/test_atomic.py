"""The one way files are written: beside the target, then renamed over it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coordinator.atomic import replacing


def test_the_new_file_replaces_the_old_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with replacing(target) as partial:
        assert partial.parent == tmp_path
        partial.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failure_leaves_the_old_file_and_no_partial(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as partial:
        partial.write_text("half")
        raise RuntimeError("stopped")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "private.xlsx"
    target.write_text("old")
    target.chmod(0o600)
    with replacing(target) as partial:
        partial.write_text("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_partial_whose_writer_is_gone_is_swept_by_the_next_write(tmp_path: Path) -> None:
    import os
    import sys

    from coordinator.atomic import partial_path

    target = tmp_path / "mission.eom"
    target.write_text("old")
    stale = partial_path(target)
    stale.write_text("half, from a killed writer")
    stale.with_name(stale.name + "-wal").write_text("its journal")
    live = partial_path(target)
    live.write_text("being written")
    if sys.platform != "win32":
        import fcntl

        fd = os.open(live, os.O_RDONLY)  # a writer still at work holds its partial's lock
        fcntl.flock(fd, fcntl.LOCK_EX)
    with replacing(target) as partial:
        partial.write_text("new")
    names = sorted(p.name for p in tmp_path.iterdir())
    if sys.platform != "win32":
        assert names == sorted(["mission.eom", live.name])
        os.close(fd)
    assert target.read_text() == "new"


def test_an_unnamed_file_leaves_nothing_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError), replacing(target, unnamed=True) as partial:
        partial.write_bytes(b"half")
        assert list(tmp_path.iterdir()) == []  # nothing named while it is written (Linux)
        raise RuntimeError("stopped")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_swapped_whole_keeping_the_users_other_files(tmp_path: Path) -> None:
    from coordinator.atomic import replacing_folder

    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "Visits.csv").write_text("old")
    (folder / "notes.txt").write_text("the user's")
    folder.chmod(0o700)
    with replacing_folder(folder) as partial:
        (partial / "Visits.csv").write_text("new")
        (partial / "Teams.csv").write_text("new")
        assert (folder / "Visits.csv").read_text() == "old"
    assert sorted(p.name for p in folder.iterdir()) == ["Teams.csv", "Visits.csv", "notes.txt"]
    assert (folder / "Visits.csv").read_text() == "new"
    assert (folder / "notes.txt").read_text() == "the user's"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in tmp_path.iterdir()] == ["sheets"]
    with pytest.raises(RuntimeError), replacing_folder(folder) as partial:
        (partial / "Visits.csv").write_text("half")
        raise RuntimeError("stopped")
    assert (folder / "Visits.csv").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["sheets"]
