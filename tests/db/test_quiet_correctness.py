"""Quiet correctness of the files the program writes: permissions kept, a failed import
leaves a file byte for byte, and a backup only when a migration really runs."""

from __future__ import annotations

import contextlib
import sqlite3
import stat
from pathlib import Path

import pytest

from coordinator.cli import main
from coordinator.db import migrate
from coordinator.db.missionfile import open_mission_file
from coordinator.exchange.importer import WorkbookImportError, import_workbook
from coordinator.services.files import save_copy
from tests.exchange.workbooks import basic_sheets, write_xlsx


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_backup_of_a_private_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "old.eom"
    migrate.upgrade(path, "0003")
    path.chmod(0o600)
    with open_mission_file(path) as mission_file:
        assert mission_file.backup is not None
        assert _mode(mission_file.backup) == 0o600
        copy = save_copy(mission_file, tmp_path / "copy.eom")
    assert _mode(copy) == 0o600
    assert _mode(path) == 0o600


def test_re_exporting_over_a_private_workbook_keeps_it_private(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.xlsx"
    assert main(["export", str(demo_path), str(out)]) == 0
    out.chmod(0o600)
    assert main(["export", str(demo_path), str(out)]) == 0
    assert _mode(out) == 0o600
    folder = tmp_path / "sheets"
    assert main(["export", str(demo_path), str(folder)]) == 0
    folder.chmod(0o700)
    assert main(["export", str(demo_path), str(folder)]) == 0
    assert _mode(folder) == 0o700
    capsys.readouterr()


def test_a_failed_import_leaves_a_rollback_journal_file_byte_for_byte(
    demo_path: Path, tmp_path: Path
) -> None:
    with contextlib.closing(sqlite3.connect(demo_path)) as connection:
        assert connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    before = demo_path.read_bytes()
    assert before[18:20] == b"\x01\x01"  # the header says: rollback journal
    sheets = basic_sheets()
    sheets["Visits"][1][4] = "lunch"  # no such phase: the import fails
    with pytest.raises(WorkbookImportError):
        import_workbook(demo_path, write_xlsx(tmp_path / "bad.xlsx", sheets))
    assert demo_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "demo.eom"]


def test_a_file_stamped_current_is_not_backed_up_on_every_open(
    demo_path: Path, tmp_path: Path
) -> None:
    with contextlib.closing(sqlite3.connect(demo_path)) as connection:
        connection.execute("PRAGMA user_version = 3")  # behind the Alembic stamp
    for _ in range(2):
        with open_mission_file(demo_path) as mission_file:
            assert mission_file.backup is None
            assert mission_file.upgraded_from is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.eom"]
    with contextlib.closing(sqlite3.connect(demo_path)) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    assert version == migrate.SCHEMA_VERSION


def test_a_file_marked_by_an_unknown_program_is_refused_untouched(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with contextlib.closing(sqlite3.connect(demo_path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dcafe'")
        connection.execute("PRAGMA user_version = 3")
        connection.commit()
    before = demo_path.read_bytes()
    assert main(["check", str(demo_path)]) == 1
    error = capsys.readouterr().err
    assert "does not know" in error and "f00dcafe" in error
    assert "(a bug)" not in error and "Traceback" not in error
    assert demo_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.eom"]  # no backup made
