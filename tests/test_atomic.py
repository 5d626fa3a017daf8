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
