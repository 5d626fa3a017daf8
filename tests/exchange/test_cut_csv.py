"""A folder of CSV files cut by an interrupted copy is refused, naming the file and row."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from coordinator.exchange.exporter import export_mission


@pytest.fixture
def folder(demo_path: Path, tmp_path: Path) -> Path:
    with open_mission_file(demo_path, to_read=True) as mission, mission.session() as session:
        return export_mission(session, tmp_path / "sheets")


def _import(capsys: pytest.CaptureFixture[str], mission: Path, folder: Path) -> tuple[int, str]:
    code = main(["import", str(mission), str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _cut(path: Path, keep: int) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:keep])


def test_a_file_cut_in_the_middle_of_a_row_is_refused(
    folder: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stations = folder / "Stations.csv"
    lines = stations.read_bytes().split(b"\r\n")
    # The copy stopped part way through the fourth station's row (its fifth line).
    keep = sum(len(line) + 2 for line in lines[:4]) + len(lines[4]) // 3
    _cut(stations, keep)
    before = demo_path.read_bytes()
    code, said = _import(capsys, demo_path, folder)
    assert code == 1
    assert "Stations.csv, row 5: " in said
    assert "the row is cut short (perhaps the file was not copied whole)" in said
    assert "Traceback" not in said
    assert demo_path.read_bytes() == before


def test_a_file_ending_inside_a_quoted_cell_is_refused(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meetings = folder / "Meetings.csv"
    text = meetings.read_text(encoding="utf-8-sig")
    # Key points are one per line inside a quoted cell: cut inside the first such cell.
    inside = text.index('"', text.index("\n")) + 5
    meetings.write_text(text[:inside], encoding="utf-8-sig")
    target = tmp_path / "new.eom"
    code, said = _import(capsys, target, folder)
    assert code == 1
    assert "Meetings.csv, row 2: a quoted cell is never closed: the file ends inside it" in said
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.eom", "sheets"]


def test_a_row_with_fewer_cells_than_its_header_is_refused(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    teams = folder / "Teams.csv"
    columns = teams.read_text(encoding="utf-8-sig").split("\n", 1)[0].count(",") + 1
    with teams.open("a", encoding="utf-8", newline="") as stream:
        stream.write("T99,Solo\r\n")
    code, said = _import(capsys, tmp_path / "new.eom", folder)
    assert code == 1
    # The demo's four teams list their members on several lines: the row's line is said too.
    cut = f"Teams.csv, row 6 (line 10): 2 cells where the header has {columns}: the row is cut"
    assert cut in said
