"""Writing when the disk refuses more bytes (stood in for by a file size limit, which
fails a write the way a full disk does): a clear message, and no empty or half file."""

from __future__ import annotations

import contextlib
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")


def _limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def _coordinator(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coordinator", *map(str, args)],
        preexec_fn=_limited,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_template_that_cannot_be_written_leaves_no_file(tmp_path: Path) -> None:
    done = _coordinator("template", tmp_path / "out.xlsx")
    assert done.returncode == 1
    assert "Could not write" in done.stderr and "out.xlsx" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert list(tmp_path.iterdir()) == []


def test_export_over_a_workbook_that_cannot_be_written_keeps_the_old_one(
    demo_path: Path, tmp_path: Path
) -> None:
    # A rollback-journal file is read without SQLite writing anything beside it.
    with contextlib.closing(sqlite3.connect(demo_path)) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"the workbook as it was")
    done = _coordinator("export", demo_path, out)
    assert done.returncode == 1
    assert "Could not write" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert out.read_bytes() == b"the workbook as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.eom", "out.xlsx"]
