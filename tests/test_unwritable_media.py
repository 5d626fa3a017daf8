"""Media that cannot be written, for real: a folder an ordinary user may not write, and a
small file system that is full.

Tests run as root, and root writes anywhere, so the read-only cases run the real command
(and the real window) as an unprivileged user (`nobody`, as tests/postgres_server.py runs
the database server) on a mission in a folder owned by root. The full disk is a real
one: a tmpfs of 2 MB mounted for the test, filled up; where the machine does not allow
mounting, test_full_disk.py's file-size limit stands in (and these are skipped, saying why).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.exchange.workbooks import basic_sheets, write_xlsx

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux users and mounts")

RUNNER = (
    "import site, sys; site.addsitedir({packages!r}); "
    "from coordinator.cli import main; sys.exit(main(sys.argv[1:]))"
)
# The window on the file, its messages printed instead of shown.
WINDOW = """
import site, sys
site.addsitedir({packages!r})
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from coordinator.ui import messages
from coordinator.ui.main_window import MainWindow
messages.show_info = lambda _p, title, text: print("INFO", title, "|", text)
messages.show_error = lambda _p, title, text, detail="": print("ERROR", title, "|", text)
window = MainWindow(QSettings({settings!r}, QSettings.Format.IniFormat))
print("OPENED", window.open_mission(sys.argv[1]), window.context.read_only)
window.navigate("Stations")
app.processEvents()
window.close_mission()
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _said(done: subprocess.CompletedProcess[str]) -> str:
    said = done.stdout + done.stderr
    assert "Traceback" not in said and "Exception ignored" not in said, said
    assert "(a bug)" not in said, said
    return said


# --- a folder an ordinary user cannot write ----------------------------------------------


class Nobody:
    """Runs Python code as an unprivileged user, with this environment's packages."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.user = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
        self.python = self._interpreter()

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
        }
        return subprocess.run(
            argv,
            user=self.user.pw_uid if self.user else None,
            group=self.user.pw_gid if self.user else None,
            extra_groups=[] if self.user else None,
            env=environment,
            cwd=self.home,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    def _interpreter(self) -> str:
        """This Python, or the system's of the same version where root's is out of reach."""
        if self.user is None:
            return sys.executable
        wanted = f"{sys.version_info[0]}.{sys.version_info[1]}"
        candidates = (os.path.realpath(sys.executable), f"/usr/bin/python{wanted}")
        for candidate in candidates:
            with contextlib.suppress(OSError):
                done = self._run([candidate, "-S", "-c", "import sys; print(sys.version[:4])"])
                if done.returncode == 0 and done.stdout.strip().startswith(wanted):
                    return candidate
        pytest.skip(f"no Python {wanted} that the user 'nobody' may run")

    def python_code(self, code: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
        packages = sysconfig.get_paths()["purelib"]
        return self._run(
            [
                self.python,
                "-S",
                "-c",
                code.format(packages=packages, settings=str(self.home / "settings.ini")),
                *map(str, args),
            ]
        )

    def coordinator(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return self.python_code(RUNNER, *args)


@pytest.fixture
def locked_folder(demo_original: Path) -> Iterator[Path]:
    """A mission in a folder the unprivileged user may read but not write (root's, 0755)."""
    folder = Path(tempfile.mkdtemp(prefix="coordinator-ro-"))
    try:
        folder.chmod(0o755)
        shutil.copy(demo_original, folder / "mission.eom")
        (folder / "mission.eom").chmod(0o644)
        if os.geteuid() != 0:  # an ordinary user: their own folder, made unwritable
            folder.chmod(0o555)
            (folder / "mission.eom").chmod(0o444)
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.fixture
def nobody() -> Iterator[Nobody]:
    """The unprivileged user, with a home of their own (settings, logs, outputs)."""
    home = Path(tempfile.mkdtemp(prefix="coordinator-home-"))
    try:
        user = Nobody(home)
        if user.user is not None:
            os.chown(home, user.user.pw_uid, user.user.pw_gid)
        yield user
    finally:
        shutil.rmtree(home)


def test_commands_read_a_mission_they_cannot_write_and_refuse_to_change_it(
    locked_folder: Path, nobody: Nobody
) -> None:
    mission = locked_folder / "mission.eom"
    before = _digest(mission)
    workbook = write_xlsx(nobody.home / "new.xlsx", basic_sheets())
    if nobody.user is not None:
        os.chown(workbook, nobody.user.pw_uid, nobody.user.pw_gid)

    done = nobody.coordinator("statement", mission, "-o", nobody.home / "statement.pdf")
    _said(done)
    assert done.returncode == 0 and (nobody.home / "statement.pdf").stat().st_size > 0
    done = nobody.coordinator("check", mission)
    assert done.returncode == 0 and "No problems found." in _said(done)

    done = nobody.coordinator("import", mission, workbook)
    assert done.returncode == 1
    assert "The mission file is read-only, so nothing was saved." in _said(done)
    done = nobody.coordinator("demo", mission, "--replace")
    assert done.returncode == 1
    assert f"Could not write {mission}: the folder cannot be written to." in _said(done)

    assert _digest(mission) == before
    assert sorted(p.name for p in locked_folder.iterdir()) == ["mission.eom"]


def test_the_window_opens_it_read_only_and_says_so(locked_folder: Path, nobody: Nobody) -> None:
    mission = locked_folder / "mission.eom"
    before = _digest(mission)
    nobody.home.joinpath("settings.ini").touch()
    if nobody.user is not None:
        os.chown(nobody.home / "settings.ini", nobody.user.pw_uid, nobody.user.pw_gid)
    done = nobody.python_code(WINDOW, mission)
    said = _said(done)
    assert done.returncode == 0, said
    assert "OPENED True True" in said
    assert (
        "INFO Opened read-only | mission.eom is read-only: you can read it, but changes "
        "cannot be saved." in said
    )
    assert "ERROR" not in said
    assert _digest(mission) == before
    assert sorted(p.name for p in locked_folder.iterdir()) == ["mission.eom"]


# --- a full disk -------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 2 MB, mounted for the test (tmpfs)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path, leave: int = 0) -> None:
    """Fill the disk up, leaving about `leave` bytes free."""
    free = shutil.disk_usage(disk).free - leave
    with (disk / "filler").open("ab") as filler, contextlib.suppress(OSError):
        while free > 0:
            filler.write(b"\0" * min(free, 65536))
            filler.flush()
            free -= 65536


def _coordinator(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coordinator", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_template_on_a_full_disk_says_so_and_leaves_no_file(small_disk: Path) -> None:
    _fill(small_disk)
    done = _coordinator("template", small_disk / "template.xlsx")
    assert done.returncode == 1
    assert f"Could not write {small_disk / 'template.xlsx'}: the disk is full" in _said(done)
    assert [p.name for p in small_disk.iterdir()] == ["filler"]


def test_a_mission_on_a_full_disk_is_read_kept_and_never_called_damaged(
    small_disk: Path, demo_original: Path, tmp_path: Path
) -> None:
    mission = small_disk / "mission.eom"
    shutil.copy(demo_original, mission)
    before = _digest(mission)
    workbook = write_xlsx(tmp_path / "new.xlsx", basic_sheets())
    _fill(small_disk)

    for output in ("out.xlsx", "out-folder", "statement.pdf"):
        command = "statement" if output.endswith(".pdf") else "export"
        args = ("-o", small_disk / output) if command == "statement" else (small_disk / output,)
        done = _coordinator(command, mission, *args)
        assert done.returncode == 1
        said = _said(done)
        assert "the disk is full" in said, said
        assert "damaged" not in said and "could not be reached" not in said, said
    # Reading needs no room: to another disk, it works.
    done = _coordinator("export", mission, tmp_path / "elsewhere.xlsx")
    assert done.returncode == 0, _said(done)
    done = _coordinator("import", mission, workbook)
    assert done.returncode == 1
    assert "the disk is full" in _said(done) and "The mission file is as it was." in done.stderr

    assert _digest(mission) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "mission.eom"]
    done = _coordinator("check", mission)
    assert done.returncode == 0 and "No problems found." in _said(done)


def test_an_import_that_fills_the_disk_part_way_changes_nothing(
    small_disk: Path, demo_original: Path, tmp_path: Path
) -> None:
    mission = small_disk / "mission.eom"
    shutil.copy(demo_original, mission)
    before = _digest(mission)
    sheets = basic_sheets()
    header = sheets["Stations"][0]
    template = sheets["Stations"][1]
    for number in range(4000):
        row = list(template)
        row[header.index("code")] = f"X{number:05d}"
        row[header.index("name")] = f"School number {number} with a long name to fill pages"
        sheets["Stations"].append(row)
    workbook = write_xlsx(tmp_path / "big.xlsx", sheets)
    _fill(small_disk, leave=400 * 1024)  # room to open and lock it, not for the import

    done = _coordinator("import", mission, workbook)
    assert done.returncode == 1
    said = _said(done)
    assert "The disk is full, so nothing was saved." in said, said

    (small_disk / "filler").unlink()
    done = _coordinator("check", mission)
    assert done.returncode == 0 and "No problems found." in _said(done)
    assert _digest(mission) == before
