"""A mission on media that cannot be written (a CD, a locked stick) opens to read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.cli import main
from coordinator.db.missionfile import MissionFileError, open_mission_file
from coordinator.db.models import PollingStation


@pytest.fixture
def on_a_cd(demo_path: Path) -> Path:
    """The demo where SQLite cannot make its shared-memory file (stood in for by a folder
    of that name: the tests run as root, whom a read-only folder does not stop)."""
    demo_path.chmod(0o444)
    demo_path.with_name(demo_path.name + "-shm").mkdir()
    return demo_path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_mission_on_read_only_media_opens_read_only(
    on_a_cd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = on_a_cd.read_bytes()
    with open_mission_file(on_a_cd) as mission_file, mission_file.session() as session:
        assert mission_file.read_only
        assert session.scalar(sa.select(sa.func.count()).select_from(PollingStation)) == 16
    assert main(["check", str(on_a_cd)]) == 0
    assert "No problems found." in capsys.readouterr().out
    assert on_a_cd.read_bytes() == before
    assert sorted(p.name for p in on_a_cd.parent.iterdir()) == ["demo.eom", "demo.eom-shm"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_changes_left_in_a_journal_there_are_said(on_a_cd: Path) -> None:
    on_a_cd.with_name(on_a_cd.name + "-wal").write_bytes(b"\0" * 4096)
    with pytest.raises(MissionFileError, match=r"its last changes are still in demo\.eom-wal"):
        open_mission_file(on_a_cd)
