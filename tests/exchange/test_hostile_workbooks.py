"""Hostile workbooks, built here on the fly, are refused in seconds and a little memory.

Each is imported by the real `coordinator` command in a subprocess whose own resident
peak (from wait4's rusage) and time are measured and printed; the mission is unchanged.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from coordinator.exchange.reader import MAX_COLUMNS, MAX_ROWS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="wait4 is POSIX")

MAX_SECONDS = 20.0  # generous on a busy 2-core machine; the refusals take about 1-2 s
MAX_RESIDENT_MB = 300


@dataclass(frozen=True)
class Run:
    code: int
    said: str
    seconds: float
    resident_mb: float


def _high_water_mb(pid: int) -> float:
    """The process's own resident peak (VmHWM), 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((row for row in status.splitlines() if row.startswith("VmHWM:")), "")
    return int(line.split()[1]) / 1024 if line else 0.0  # kB


def run_import(mission: Path, workbook: Path) -> Run:
    """`coordinator import`, with the time and resident peak of that process alone.

    The peak is the process's VmHWM, read until it ends: wait4's ru_maxrss would count the
    test process's own size, which a child forked from it inherits up to its exec.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "coordinator", "import", str(mission), str(workbook)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    said_parts: list[bytes] = []
    reader = threading.Thread(target=lambda: said_parts.append(process.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    resident_mb = 0.0
    while True:
        resident_mb = max(resident_mb, _high_water_mb(process.pid))
        finished, status = os.waitpid(process.pid, os.WNOHANG)
        if finished:
            break
        time.sleep(0.005)
    reader.join()
    process.stdout.close()
    said = b"".join(said_parts).decode()
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    print(f"\n{workbook.name}: exit {process.returncode}, {seconds:.1f} s, {resident_mb:.0f} MB")
    return Run(process.returncode, said, seconds, resident_mb)


def assert_refused_cheaply(run: Run, mission: Path, before: bytes) -> None:
    assert run.code == 1, run.said
    assert "Traceback" not in run.said and "(a bug)" not in run.said
    assert run.seconds < MAX_SECONDS
    assert run.resident_mb < MAX_RESIDENT_MB
    assert mission.read_bytes() == before


@pytest.fixture
def mission(demo_path: Path) -> tuple[Path, bytes]:
    return demo_path, demo_path.read_bytes()


def test_a_value_at_the_far_corner_is_refused_naming_its_cell(
    mission: tuple[Path, bytes], tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Stations"
    sheet.append(["code", "name", "locality"])
    sheet.append(["9001", "School 1", "Bishkek"])
    sheet["XFD1048576"] = "far"
    workbook = tmp_path / "far.xlsx"
    book.save(workbook)
    assert workbook.stat().st_size < 10_000  # a few KB that asked for 11.6 GB before
    run = run_import(mission[0], workbook)
    assert_refused_cheaply(run, *mission)
    assert (
        "far.xlsx, sheet Stations, cell XFD1048576: a value in column XFD, past the 1,024 "
        "columns a sheet of this workbook may have." in run.said
    )


def test_values_past_the_last_column_or_row_are_refused(tmp_path: Path) -> None:
    from coordinator.exchange.reader import WorkbookTooBigError, read_workbook

    def workbook(name: str, row: int, column: int) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Stations"
        sheet.append(["code", "name"])
        sheet.cell(row=row, column=column, value="x")
        book.save(tmp_path / name)
        return tmp_path / name

    wide = workbook("wide.xlsx", 3, MAX_COLUMNS + 1)
    with pytest.raises(WorkbookTooBigError, match=r"sheet Stations, cell AMK3: a value in col"):
        read_workbook(wide)
    tall = workbook("tall.xlsx", MAX_ROWS + 2, 2)
    with pytest.raises(WorkbookTooBigError, match=r"cell B500002: a value in row 500,002"):
        read_workbook(tall)


# --- a zip bomb ----------------------------------------------------------------------------

_ROWS = b'<row><c t="inlineStr"><is><t>9001</t></is></c></row>' * 20_000  # about 1 MB


def _local_header(name: bytes, crc: int, packed: int, size: int) -> bytes:
    extra = struct.pack("<HHQQ", 1, 16, size, packed)  # ZIP64: the real sizes
    return (
        struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            45,
            0,
            8,
            0,
            0x21,
            crc,
            0xFFFFFFFF,
            0xFFFFFFFF,
            len(name),
            len(extra),
        )
        + name
        + extra
    )


def _central_header(name: bytes, crc: int, packed: int, size: int, offset: int) -> bytes:
    extra = struct.pack("<HHQQ", 1, 16, size, packed)
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            45,
            45,
            0,
            8,
            0,
            0x21,
            crc,
            0xFFFFFFFF,
            0xFFFFFFFF,
            len(name),
            len(extra),
            0,
            0,
            0,
            0,
            offset,
        )
        + name
        + extra
    )


def write_bomb(path: Path, parts: dict[str, bytes], sheet: str, gigabytes: float) -> int:
    """An .xlsx whose `sheet` inflates to `gigabytes` GB, made in seconds.

    The sheet's rows are deflated once, as a block that a full flush makes independent of
    what came before; that block repeated is a valid deflate stream of the rows repeated.
    Returns the sheet's unpacked size.
    """
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    head += b'spreadsheetml/2006/main"><sheetData>'
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(_ROWS) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(b"</sheetData></worksheet>") + compressor.flush()
    repeats = int(gigabytes * (1 << 30) / len(_ROWS))
    size = len(head) + repeats * len(_ROWS) + len(b"</sheetData></worksheet>")
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(_ROWS, crc)
    crc = zlib.crc32(b"</sheetData></worksheet>", crc)
    packed = len(start) + repeats * len(block) + len(end)
    central = b""
    with path.open("wb") as out:
        for name, data in parts.items():
            if name == sheet:
                continue
            raw = zlib.compressobj(6, zlib.DEFLATED, -15)
            deflated = raw.compress(data) + raw.flush()
            offset = out.tell()
            crc_part = zlib.crc32(data)
            out.write(_local_header(name.encode(), crc_part, len(deflated), len(data)))
            out.write(deflated)
            central += _central_header(name.encode(), crc_part, len(deflated), len(data), offset)
        offset = out.tell()
        out.write(_local_header(sheet.encode(), crc, packed, size))
        out.write(start)
        for _ in range(repeats):
            out.write(block)
        out.write(end)
        central += _central_header(sheet.encode(), crc, packed, size, offset)
        where = out.tell()
        out.write(central)
        count = len(parts)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), where, 0))
    return size


def _parts_of_a_workbook(tmp_path: Path) -> tuple[dict[str, bytes], str]:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Stations"
    sheet.append(["code"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    with zipfile.ZipFile(plain) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return parts, "xl/worksheets/sheet1.xml"


@pytest.mark.slow
def test_a_zip_bomb_of_several_gigabytes_is_refused_in_seconds(
    mission: tuple[Path, bytes], tmp_path: Path
) -> None:
    parts, sheet = _parts_of_a_workbook(tmp_path)
    bomb = tmp_path / "bomb.xlsx"
    size = write_bomb(bomb, parts, sheet, gigabytes=4)
    print(f"\nbomb.xlsx: {bomb.stat().st_size / 1e6:.1f} MB unpacking to {size / 1e9:.1f} GB")
    with zipfile.ZipFile(bomb) as archive:  # a well-formed zip: its sheet is what it says
        assert archive.getinfo(sheet).file_size == size
    run = run_import(mission[0], bomb)
    assert_refused_cheaply(run, *mission)
    assert "bomb.xlsx is refused: its part xl/worksheets/sheet1.xml would unpack to 4.0 GB" in (
        run.said
    )


def test_a_bomb_under_the_size_limit_is_refused_by_its_ratio(
    mission: tuple[Path, bytes], tmp_path: Path
) -> None:
    parts, sheet = _parts_of_a_workbook(tmp_path)
    bomb = tmp_path / "small-bomb.xlsx"
    write_bomb(bomb, parts, sheet, gigabytes=0.2)
    run = run_import(mission[0], bomb)
    assert_refused_cheaply(run, *mission)
    assert "this looks like a zip bomb, not a spreadsheet" in run.said
